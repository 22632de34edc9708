import { Button, Menu, Modal, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueueSession } from '../../queries/queue-session';
import { formatRelative } from '../../components/format';
import { SignInForm } from './SignInForm';

/** The header's sign-in button, or the signed-in clientId with a sign-out. */
export function SignInControl() {
  const session = useQueueSession();
  const [opened, { open, close }] = useDisclosure(!!session.expiredClientId);
  if (session.clientId) {
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
  return (
    <>
      <Button size="sm" onClick={open}>
        Sign in
      </Button>
      <Modal opened={opened} onClose={close} title="Sign in to Taskcluster" centered>
        <SignInForm
          rootUrl={session.rootUrl}
          expiredClientId={session.expiredClientId}
          onSubmit={(input) => {
            session.signIn(input);
            close();
            notifications.show({
              color: 'green',
              title: 'Signed in',
              message: `Requests are now signed as ${input.clientId}.`,
            });
          }}
        />
      </Modal>
    </>
  );
}
