import { Alert, Button, Group, Text } from '@mantine/core';
import { requestSignIn } from '../components/sign-in-request';
import { useQueueSession } from '../queries/queue-session';
import { usePrivateDeployment } from '../queries/use-access';

/** On every view of a private deployment, while signed out: why nothing shows, and the way in. */
export function PrivateDeploymentNotice() {
  const { rootUrl, clientId } = useQueueSession();
  const isPrivate = usePrivateDeployment();
  if (!isPrivate || clientId) return null;
  return (
    <Alert
      color="blue"
      mb="md"
      title="This deployment requires sign-in"
      role="status"
      data-testid="private-deployment"
    >
      <Group justify="space-between" align="flex-end" gap="sm">
        <Text size="sm" maw={720}>
          {new URL(rootUrl).host} shows nothing to visitors who are not signed in: its anonymous
          role grants no scopes. Tasks, task groups, artifacts and worker types appear once you sign
          in.
        </Text>
        <Button size="sm" onClick={requestSignIn}>
          Sign in
        </Button>
      </Group>
    </Alert>
  );
}
