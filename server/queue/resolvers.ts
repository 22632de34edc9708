/**
 * The Queue's background resolvers: lapsed claims become `claim-expired` (with a retry while
 * retries remain) and tasks past their deadline `deadline-exceeded`.
 */
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
