/**
 * A log opened before its view: the route loader (src/app/router.tsx) starts the worker and
 * asks where the log is stored while the view's code is still on its way, so its first chunk is
 * often in before the view first renders. The view takes the session over (`takeLog`), or
 * opens its own when the prefetch was for another log or another identity.
 */
import type { ArtifactContent, QueueClient } from '../../api';
import { LogSession } from './log-session';

export interface OpenedLog {
  session: LogSession;
  /** Where the log is stored; the session is already reading it when this is an URL. */
  location: Promise<ArtifactContent>;
  /** `location` once it has resolved: a view that starts after it renders the log at once. */
  located?: ArtifactContent;
}

export interface LogRef {
  taskId: string;
  runId: number;
  name: string;
  live: boolean;
}

/** A prefetch nobody took (the route changed before its view rendered) ends after this. */
const UNTAKEN_MS = 10_000;

let prefetched: { key: string; log: OpenedLog; timer: ReturnType<typeof setTimeout> } | undefined;

const keyOf = (queue: QueueClient, log: LogRef) =>
  JSON.stringify([
    queue.rootUrl,
    queue.credentials?.clientId ?? '',
    log.taskId,
    log.runId,
    log.name,
    log.live,
  ]);

/**
 * Starts a log's worker and looks up its storage; once located, the worker starts reading it.
 * `signal` aborts the lookup (the session is the caller's to close).
 */
export function openLog(queue: QueueClient, log: LogRef, signal?: AbortSignal): OpenedLog {
  const session = new LogSession();
  const opened: OpenedLog = {
    session,
    location: queue.artifact(log.taskId, log.runId, log.name, { signal }).then((loc) => {
      if (loc.storageType !== 'error' && loc.storageType !== 'object')
        session.open(loc.url, log.live);
      opened.located = loc;
      return loc;
    }),
  };
  // The view reports a failed lookup; a prefetch nobody takes must not warn of it.
  opened.location.catch(() => {});
  return opened;
}

/** Opens `log` for the view about to render; a previous prefetch nobody took is closed. */
export function prefetchLog(queue: QueueClient, log: LogRef): void {
  const key = keyOf(queue, log);
  if (prefetched?.key === key) {
    // Asked again (the page's start, then the route's loader): the view is still on its way.
    clearTimeout(prefetched.timer);
    prefetched.timer = setTimeout(dropPrefetched, UNTAKEN_MS);
    return;
  }
  dropPrefetched();
  const opened = openLog(queue, log);
  prefetched = { key, log: opened, timer: setTimeout(dropPrefetched, UNTAKEN_MS) };
}

function dropPrefetched() {
  if (!prefetched) return;
  clearTimeout(prefetched.timer);
  prefetched.log.session.close();
  prefetched = undefined;
}

/** The prefetched session of exactly this log and identity, left in place (see `takeLog`). */
export function peekLog(queue: QueueClient, log: LogRef): OpenedLog | undefined {
  return prefetched?.key === keyOf(queue, log) ? prefetched.log : undefined;
}

/** The prefetched session of exactly this log and identity, handed over once. */
export function takeLog(queue: QueueClient, log: LogRef): OpenedLog | undefined {
  if (prefetched?.key !== keyOf(queue, log)) return undefined;
  const { log: opened, timer } = prefetched;
  clearTimeout(timer);
  prefetched = undefined;
  return opened;
}
