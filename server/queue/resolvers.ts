/**
 * The Queue's background resolvers: lapsed claims become `claim-expired` (with a retry while
 * retries remain) and tasks past their deadline `deadline-exceeded`; and its expiry sweep.
 */
import { expireTasks, type ExpiryCounts } from './store/expiry';
import type { QueueStore } from './store/queue-store';

export interface Resolvers {
  /** Runs both resolvers once (tests drive time this way). */
  resolveOnce(): void;
  stop(): void;
}

/** Runs the resolvers every `intervalMs` (1 s by default; 0: never, only `resolveOnce`). */
export function startResolvers(store: QueueStore, intervalMs = 1000): Resolvers {
  const resolveOnce = () => {
    store.claims.expireClaims();
    store.tasks.expireDeadlines();
  };
  let timer: NodeJS.Timeout | undefined;
  if (intervalMs !== 0) {
    timer = setInterval(resolveOnce, intervalMs);
    timer.unref();
  }
  return {
    resolveOnce,
    stop: () => {
      if (timer) clearInterval(timer);
    },
  };
}

/** Sweeps expired tasks and groups every `intervalMs` (hourly by default; 0: only `sweepOnce`). */
export function startExpirySweep(
  store: QueueStore,
  intervalMs = 3600_000,
): { sweepOnce(): ExpiryCounts; stop(): void } {
  const sweepOnce = () => expireTasks(store);
  const timer = intervalMs > 0 ? setInterval(sweepOnce, intervalMs) : undefined;
  timer?.unref();
  return { sweepOnce, stop: () => clearInterval(timer) };
}
