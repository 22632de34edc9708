import { Modal } from '@mantine/core';
import { notify } from '../../components/notify';
import { useQueueSession } from '../../queries/queue-session';
import { SignInForm } from './SignInForm';

/** The sign-in dialog; loaded only when someone opens it. */
export function SignInModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const session = useQueueSession();
  return (
    <Modal opened={opened} onClose={onClose} title="Sign in to Taskcluster" centered>
      <SignInForm
        rootUrl={session.rootUrl}
        expiredClientId={session.expiredClientId}
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
    </Modal>
  );
}
