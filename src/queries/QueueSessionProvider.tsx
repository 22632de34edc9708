import { useQueryClient } from '@tanstack/react-query';
import {
  useCallback,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import { createQueueClient } from '../api';
import { groupCache } from './cache/group-cache';
import { getDashboardConfig, subscribeDashboardConfig } from '../config/dashboard-config';
import { ConnectivityTracker } from './connectivity';
import { ConnectivityContext } from './use-connectivity';
import {
  QueueSessionContext,
  type QueueSession,
  type SignInInput,
  type SignInOptions,
} from './queue-session';
import {
  consumeRootUrlParam,
  credentialsExpiry,
  defaultRootUrl,
  loadCredentials,
  loadRootUrl,
  saveCredentials,
  saveRootUrl,
  type StoredCredentials,
} from './session-storage';

function initialState() {
  consumeRootUrlParam();
  const rootUrl = loadRootUrl();
  return { rootUrl, credentials: loadCredentials(rootUrl) };
}

export function QueueSessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // A configuration file that arrives after the first screen may add this deployment's login.
  const config = useSyncExternalStore(subscribeDashboardConfig, getDashboardConfig);
  const [state, setState] = useState<{
    rootUrl: string;
    credentials?: StoredCredentials;
    expiredClientId?: string;
  }>(initialState);
  const { rootUrl, credentials } = state;
  const expires = credentialsExpiry(credentials);

  const reset = useCallback(() => {
    // Nothing cached under one identity or deployment may show under another.
    void queryClient.cancelQueries();
    queryClient.removeQueries();
  }, [queryClient]);

  // Temporary credentials and third-party logins end on their own: drop them at expiry and ask
  // to sign in again. What is on the page stays; actions say why they are disabled.
  useEffect(() => {
    if (expires === undefined || !credentials) return;
    const expire = () => {
      saveCredentials(undefined);
      setState((s) => ({ rootUrl: s.rootUrl, expiredClientId: credentials.clientId }));
      reset();
    };
    const left = expires - Date.now();
    if (left <= 0) {
      expire();
      return;
    }
    const timer = setTimeout(expire, Math.min(left, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [expires, credentials, reset]);

  const signIn = useCallback(
    (input: SignInInput, options: SignInOptions = {}) => {
      const stored: StoredCredentials = { ...input, rootUrl };
      saveCredentials(stored);
      setState({ rootUrl, credentials: stored });
      if (!options.renewal) reset();
    },
    [rootUrl, reset],
  );

  const signOut = useCallback(() => {
    saveCredentials(undefined);
    // The groups kept for revisits may include private ones: they leave with the credentials.
    void groupCache.clearDeployment(rootUrl);
    setState({ rootUrl });
    reset();
  }, [rootUrl, reset]);

  const setRootUrl = useCallback(
    (next: string | undefined) => {
      saveRootUrl(next);
      const resolved = loadRootUrl();
      setState({ rootUrl: resolved, credentials: loadCredentials(resolved) });
      reset();
    },
    [reset],
  );

  // One tracker for the session's lifetime; it probes whatever root URL is current.
  const [connectivity] = useState(
    () =>
      new ConnectivityTracker({
        // Refetch what the views show, failed queries included: they recover without a reload.
        onRecovered: () => void queryClient.invalidateQueries(),
      }),
  );
  useEffect(() => {
    const probeClient = createQueueClient({ rootUrl, retries: 0, timeoutMs: 5_000 });
    connectivity.setProbe(() => probeClient.ping().then(() => true));
  }, [connectivity, rootUrl]);

  const session = useMemo<QueueSession>(() => {
    // Expired credentials are dropped by the effect above, at their expiry.
    const live = credentials;
    return {
      rootUrl,
      customRootUrl: rootUrl !== defaultRootUrl(),
      client: createQueueClient({
        rootUrl,
        credentials: live
          ? {
              clientId: live.clientId,
              accessToken: live.accessToken,
              certificate: live.certificate,
            }
          : undefined,
        retries: 2,
        onAttempt: connectivity.report,
      }),
      clientId: live?.clientId,
      expires: live ? expires : undefined,
      expiredClientId: state.expiredClientId,
      oauth: live?.oauth,
      oauthClient: config.oauth[rootUrl],
      remember: live?.remember ?? false,
      signIn,
      signOut,
      setRootUrl,
    };
  }, [
    rootUrl,
    credentials,
    expires,
    state.expiredClientId,
    signIn,
    signOut,
    setRootUrl,
    config,
    connectivity,
  ]);

  return (
    <ConnectivityContext.Provider value={connectivity}>
      <QueueSessionContext.Provider value={session}>{children}</QueueSessionContext.Provider>
    </ConnectivityContext.Provider>
  );
}
