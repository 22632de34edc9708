import { createContext, useContext, useEffect, useSyncExternalStore } from 'react';
import { isQueueError } from '../api';
import type { Connectivity, ConnectivityTracker } from './connectivity';

/** The session's connectivity tracker (provided by `QueueSessionProvider`). */
export const ConnectivityContext = createContext<ConnectivityTracker | undefined>(undefined);

const ONLINE: Connectivity = { kind: 'online' };
const nothing = () => () => undefined;

/** Whether the Queue is reachable, and a way to hide the recovery notice. */
export function useConnectivity(): { state: Connectivity; dismiss: () => void } {
  const tracker = useContext(ConnectivityContext);
  const state = useSyncExternalStore(
    tracker?.subscribe ?? nothing,
    tracker?.getSnapshot ?? (() => ONLINE),
  );
  return { state, dismiss: tracker?.dismiss ?? (() => undefined) };
}

/**
 * Reports a failure seen outside the session's client (the task-group loader runs its own client
 * in a worker), so that an outage noticed there shows and is probed for too.
 */
export function useReportFailure(error: unknown) {
  const tracker = useContext(ConnectivityContext);
  useEffect(() => {
    if (!tracker || !error) return;
    const status = isQueueError(error)
      ? error.status
      : typeof (error as { status?: unknown }).status === 'number'
        ? (error as { status: number }).status
        : -1;
    if (status === 0 || status >= 500) tracker.report({ status, answered: false });
  }, [tracker, error]);
}
