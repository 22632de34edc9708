import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Link, useLocation } from 'react-router';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        Page not found
      </Title>
      <Text>
        Nothing lives at <code>{pathname}</code>.{' '}
        <Anchor component={Link} to="/">
          Go home
        </Anchor>{' '}
        and paste a task ID, a task group ID or a Taskcluster URL.
      </Text>
    </Stack>
  );
}
