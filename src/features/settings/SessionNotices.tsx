import { Affix, Button, Group, Notification, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatRelative } from '../../components/format';
import { notify } from '../../components/notify';
import { useOAuthPopupResults } from '../../queries/use-oauth-popup';
import { requestSignIn } from '../../components/sign-in-request';
import { renewalTime } from '../../queries/oauth-session';
import { useQueueSession } from '../../queries/queue-session';
import { signInInPopup } from './oauth-popup';

/** Re-renders at `at` (ms), once. */
function useReached(at: number | undefined): boolean {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined || at <= now) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(at - now, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [at, now]);
  return at !== undefined && now >= at;
}

/**
 * Before a third-party login's credentials expire: an offer to sign in again, in a popup, so
 * that this page and whatever is typed in it stay. After expiry (any credentials): why actions
 * are disabled, and the way back. Mounted (lazily) while signed in through the deployment or
 * after an expiry.
 */
export function SessionNotices() {
  const session = useQueueSession();
  // The renewal popup reports over the BroadcastChannel; this notice opened it, so it listens.
  useOAuthPopupResults((outcome) =>
    notify(
      outcome.ok
        ? {
            color: 'green',
            title: 'Signed in again',
            message: `Requests are now signed as ${outcome.clientId}.`,
          }
        : { color: 'red', title: 'Sign-in failed', message: outcome.message },
    ),
  );
  const { oauth, expires, oauthClient, expiredClientId } = session;
  const renewAt = oauth && expires ? renewalTime(oauth.obtained, expires) : undefined;
  const due = useReached(renewAt);
  const [dismissed, setDismissed] = useState<number>();
  const [blocked, setBlocked] = useState(false);

  const again = () => {
    if (!oauthClient) return requestSignIn();
    setBlocked(!signInInPopup(session.rootUrl, oauthClient, session.remember));
  };

  let body: { title: string; text: string } | undefined;
  if (oauth && expires && due && dismissed !== renewAt)
    body = {
      title: 'Your sign-in ends soon',
      text: `The credentials of ${session.clientId} expire ${formatRelative(expires)}. Sign in again to keep acting on tasks; this page stays as it is.`,
    };
  else if (!session.clientId && expiredClientId && dismissed !== -1)
    body = {
      title: 'Your sign-in expired',
      text: `The credentials of ${expiredClientId} expired. Cancel, rerun and schedule are disabled until you sign in again.`,
    };
  if (!body) return null;
  return (
    <Affix position={{ bottom: 20, right: 20 }} zIndex={300}>
      <Notification
        title={body.title}
        color="yellow"
        withCloseButton
        closeButtonProps={{ 'aria-label': 'Dismiss' }}
        onClose={() => setDismissed(renewAt !== undefined && session.clientId ? renewAt : -1)}
        maw={380}
        role="alert"
        data-testid="session-notice"
      >
        <Text size="sm">{body.text}</Text>
        {blocked && (
          <Text size="sm" c="red" mt={4}>
            The browser blocked the sign-in window: allow pop-ups for this site and try again.
          </Text>
        )}
        <Group mt="xs">
          <Button size="xs" onClick={again}>
            Sign in again
          </Button>
        </Group>
      </Notification>
    </Affix>
  );
}
