import { Button, Text } from '@mantine/core';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { intentLoader, useIntent } from '../../components/intent-loader';
import { onSignInRequest } from '../../components/sign-in-request';
import { useQueueSession } from '../../queries/queue-session';

// The menu (and its positioning code) loads when the user reaches for the button.
const menuCode = intentLoader(() => import('./SignedInMenu').then((m) => m.SignedInMenu));
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
  const { Loaded: SignedInMenu, pressed, focused, standIn } = useIntent(menuCode);
  return (
    <>
      {session.clientId ? (
        SignedInMenu ? (
          <SignedInMenu onSignInAgain={open} defaultOpened={pressed} autoFocus={focused} />
        ) : (
          <Button
            variant="default"
            size="sm"
            aria-label={`Signed in as ${session.clientId}`}
            aria-haspopup="menu"
            aria-expanded={false}
            maw={260}
            {...standIn}
          >
            <Text size="sm" truncate="end">
              {session.clientId}
            </Text>
          </Button>
        )
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
