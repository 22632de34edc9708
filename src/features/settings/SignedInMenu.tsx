import { Button, Menu, Text } from '@mantine/core';
import { formatRelative, formatTime } from '../../components/format';
import { notify } from '../../components/notify';
import { useQueueSession } from '../../queries/queue-session';

/** What signing out does, said before and after: a third-party login's client outlives it. */
export function signOutNote(
  clientId: string,
  expires: number | undefined,
  viaLogin: boolean,
): string {
  if (!viaLogin) return 'Signing out forgets the credentials in this browser.';
  return `Signing out forgets the credentials in this browser. The deployment's client ${clientId} stays valid until it expires${expires ? ` (${formatTime(expires)})` : ''}: a third party such as this dashboard cannot revoke it.`;
}

/**
 * The signed-in clientId with a sign-out; loaded when a signed-in user reaches for the button.
 * `defaultOpened`: the stand-in was pressed before this code arrived; `autoFocus`: it had the
 * keyboard focus.
 */
export function SignedInMenu({
  onSignInAgain,
  defaultOpened = false,
  autoFocus = false,
}: {
  onSignInAgain: () => void;
  defaultOpened?: boolean;
  autoFocus?: boolean;
}) {
  const session = useQueueSession();
  const clientId = session.clientId ?? '';
  const note = signOutNote(clientId, session.expires, !!session.oauth);
  return (
    <Menu position="bottom-end" withArrow width={320} defaultOpened={defaultOpened}>
      <Menu.Target>
        <Button
          variant="default"
          size="sm"
          aria-label={`Signed in as ${clientId}`}
          maw={260}
          autoFocus={autoFocus}
        >
          <Text size="sm" truncate="end">
            {clientId}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in to {session.rootUrl}
          {session.oauth ? ` through ${new URL(session.rootUrl).host}` : ''}
        </Menu.Label>
        {session.expires && (
          <Menu.Label>Credentials expire {formatRelative(session.expires)}</Menu.Label>
        )}
        <Menu.Item onClick={onSignInAgain}>Sign in as another client</Menu.Item>
        <Menu.Item
          onClick={() => {
            session.signOut();
            notify({ title: 'Signed out', message: note });
          }}
        >
          Sign out
        </Menu.Item>
        <Text size="xs" c="dimmed" px="sm" pb="xs" data-testid="sign-out-note">
          {note}
        </Text>
      </Menu.Dropdown>
    </Menu>
  );
}
