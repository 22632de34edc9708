import { Alert, Button, Stack, Text } from '@mantine/core';
import { useRouteError } from 'react-router';

/** Last line of defence: a view crashed. The shell stays; nothing is lost by reloading. */
export function RouteError() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  const chunk = /dynamically imported module|Loading chunk/i.test(message);
  return (
    <Stack p="md" maw={720}>
      <Alert
        color="red"
        title={chunk ? 'A new version of the dashboard is available' : 'This view failed'}
        role="alert"
      >
        <Text size="sm">{chunk ? 'Reload to get it.' : message}</Text>
      </Alert>
      <Button onClick={() => window.location.reload()} w="fit-content">
        Reload
      </Button>
    </Stack>
  );
}
