import { Button } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useQueueSession } from '../../queries/queue-session';

const SignedInMenu = lazy(() =>
  import('./SignedInMenu').then((m) => ({ default: m.SignedInMenu })),
);
const SignInModal = lazy(() => import('./SignInModal').then((m) => ({ default: m.SignInModal })));

/** The header's sign-in button, or the signed-in clientId with a sign-out. */
export function SignInControl() {
  const session = useQueueSession();
  const [opened, setOpened] = useState(!!session.expiredClientId);
  // Mounted from the first opening on, so the dialog can animate closed.
  const [mounted, setMounted] = useState(opened);
  if (session.clientId) {
    return (
      <Suspense fallback={<Button variant="default" size="sm" loading aria-label="Signed in" />}>
        <SignedInMenu />
      </Suspense>
    );
  }
  return (
    <>
      <Button
        size="sm"
        onClick={() => {
          setMounted(true);
          setOpened(true);
        }}
      >
        Sign in
      </Button>
      {mounted && (
        <Suspense fallback={null}>
          <SignInModal opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  );
}
