import { Button, Divider, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { notify } from '../../components/notify';
import { useQueueSession } from '../../queries/queue-session';
import { signInByRedirect } from './oauth-popup';
import { SignInForm } from './SignInForm';

/** The sign-in dialog; loaded only when someone opens it. */
export function SignInModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const session = useQueueSession();
  const [remember, setRemember] = useState(session.remember);
  const oauth = session.oauthClient;
  const host = new URL(session.rootUrl).host;
  return (
    <Modal opened={opened} onClose={onClose} title="Sign in to Taskcluster" centered>
      <Stack>
        {oauth && (
          <>
            <Button
              size="md"
              onClick={() => signInByRedirect(session.rootUrl, oauth, remember)}
              data-autofocus
            >
              Sign in with {host}
            </Button>
            <Text size="xs" c="dimmed">
              {host} signs you in and gives this dashboard credentials with your scopes (limited to{' '}
              {oauth.scope.join(', ')}).
            </Text>
            <Divider label="or with a client ID and access token" labelPosition="center" />
          </>
        )}
        <SignInForm
          rootUrl={session.rootUrl}
          expiredClientId={session.expiredClientId}
          remember={remember}
          onRememberChange={setRemember}
          onSubmit={(input) => {
            session.signIn(input);
            onClose();
            notify({
              color: 'green',
              title: 'Signed in',
              message: `Requests are now signed as ${input.clientId}.`,
            });
          }}
        />
      </Stack>
    </Modal>
  );
}
