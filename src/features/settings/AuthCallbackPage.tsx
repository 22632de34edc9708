import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { notify } from '../../components/notify';
import { capturedCallback } from '../../queries/oauth-callback';
import {
  completeSignIn,
  openChannel,
  SignInFailure,
  type OAuthMessage,
} from '../../queries/oauth-session';
import { useQueueSession } from '../../queries/queue-session';

type View =
  | { status: 'working' }
  | { status: 'failed'; message: string }
  | { status: 'popup-done'; ok: boolean };

function post(message: OAuthMessage) {
  const channel = openChannel();
  channel?.postMessage(message);
  channel?.close();
}

/**
 * `/auth/callback`: where the deployment's login sends the browser back. The code or token was
 * already taken off the URL (oauth-callback.ts); this finishes the sign-in, then returns to the
 * page the sign-in started from, or, in a renewal popup, hands the result to the opener and
 * closes.
 */
export function AuthCallbackPage() {
  const session = useQueueSession();
  const navigate = useNavigate();
  const [view, setView] = useState<View>({ status: 'working' });

  useEffect(() => {
    let live = true;
    completeSignIn(capturedCallback()).then(
      ({ attempt, credentials, obtained }) => {
        if (!live) return;
        if (attempt.mode === 'popup') {
          post({
            type: 'signed-in',
            state: attempt.state,
            rootUrl: attempt.rootUrl,
            credentials,
            oauthClientId: attempt.client.clientId,
            obtained,
          });
          setView({ status: 'popup-done', ok: true });
          window.close();
          return;
        }
        if (attempt.rootUrl !== session.rootUrl) {
          setView({
            status: 'failed',
            message: `This sign-in was started for ${attempt.rootUrl}, but this tab now browses ${session.rootUrl}. Nothing was signed in.`,
          });
          return;
        }
        session.signIn({
          clientId: credentials.clientId,
          accessToken: credentials.accessToken,
          expires: credentials.expires,
          remember: attempt.remember,
          oauth: { clientId: attempt.client.clientId, obtained },
        });
        notify({
          color: 'green',
          title: 'Signed in',
          message: `Requests are now signed as ${credentials.clientId}.`,
        });
        void navigate(attempt.returnTo.startsWith('/') ? attempt.returnTo : '/', { replace: true });
      },
      (err: unknown) => {
        if (!live) return;
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof SignInFailure && err.attempt?.mode === 'popup') {
          post({ type: 'failed', state: err.attempt.state, code: err.code, message });
          setView({ status: 'failed', message });
          return;
        }
        setView({ status: 'failed', message });
      },
    );
    return () => {
      live = false;
    };
    // Runs once per page load: the redirect is consumed exactly once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Stack maw={640} gap="md">
      <Title order={1} size="h3">
        Signing in
      </Title>
      {view.status === 'working' && (
        <Group gap="sm">
          <Loader size="sm" />
          <Text size="sm">Getting your credentials from {new URL(session.rootUrl).host}…</Text>
        </Group>
      )}
      {view.status === 'popup-done' && (
        <Text size="sm">Signed in. You can close this window and return to the dashboard.</Text>
      )}
      {view.status === 'failed' && (
        <Alert color="red" title="Sign-in failed" role="alert">
          <Text size="sm">{view.message}</Text>
          <Group mt="sm">
            <Button component={Link} to="/" size="xs" variant="light" color="red">
              Back to the dashboard
            </Button>
          </Group>
        </Alert>
      )}
    </Stack>
  );
}
