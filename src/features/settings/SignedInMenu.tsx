import { Button, Menu, Text } from '@mantine/core';
import { formatRelative } from '../../components/format';
import { useQueueSession } from '../../queries/queue-session';

/** The signed-in clientId with a sign-out (loaded only for signed-in users). */
export function SignedInMenu() {
  const session = useQueueSession();
  return (
    <Menu position="bottom-end" withArrow>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          aria-label={`Signed in as ${session.clientId}`}
          maw={260}
        >
          <Text size="sm" truncate="end">
            {session.clientId}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Signed in to {session.rootUrl}</Menu.Label>
        {session.expires && (
          <Menu.Label>Temporary credentials expire {formatRelative(session.expires)}</Menu.Label>
        )}
        <Menu.Item onClick={() => session.signOut()}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
