import { Button } from '@mantine/core';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { onSignInRequest } from '../../components/sign-in-request';
import { useQueueSession } from '../../queries/queue-session';

const SignedInMenu = lazy(() =>
  import('./SignedInMenu').then((m) => ({ default: m.SignedInMenu })),
);
const SignInModal = lazy(() => import('./SignInModal').then((m) => ({ default: m.SignInModal })));
const SessionNotices = lazy(() =>
  import('./SessionNotices').then((m) => ({ default: m.SessionNotices })),
);

/**
 * The header's sign-in button, or the signed-in clientId with a sign-out. With `hostsRequests`
 * (the header's one), it also opens the dialog when a view asks for it ("Sign in to view") and
 * shows the expiry notices (which take the renewal popup's result).
 */
export function SignInControl({ hostsRequests = false }: { hostsRequests?: boolean }) {
  const session = useQueueSession();
  const [opened, setOpened] = useState(hostsRequests && !!session.expiredClientId);
  // Mounted from the first opening on, so the dialog can animate closed.
  const [mounted, setMounted] = useState(opened);
  const open = useCallback(() => {
    setMounted(true);
    setOpened(true);
  }, []);
  useEffect(() => (hostsRequests ? onSignInRequest(open) : undefined), [hostsRequests, open]);
  const notices = hostsRequests && (!!session.oauth || !!session.expiredClientId);
  return (
    <>
      {session.clientId ? (
        <Suspense fallback={<Button variant="default" size="sm" loading aria-label="Signed in" />}>
          <SignedInMenu onSignInAgain={open} />
        </Suspense>
      ) : (
        <Button size="sm" onClick={open}>
          Sign in
        </Button>
      )}
      {mounted && (
        <Suspense fallback={null}>
          <SignInModal opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
      {notices && (
        <Suspense fallback={null}>
          <SessionNotices />
        </Suspense>
      )}
    </>
  );
}
