/// <reference lib="webworker" />
/**
 * Loads a task group off the main thread: fetches every page (parsing megabytes of JSON here,
 * not in the UI thread), reduces each task to a compact row, and keeps unresolved rows fresh
 * with batch `statuses` calls. New tasks are picked up by a background re-walk whose pace
 * follows the group's size.
 */
import {
  createQueueClient,
  isQueueError,
  paginate,
  type ListTaskGroupResponse,
  type QueueClient,
  type TaskStatus,
} from '../../api';
import { encodeRows } from '../cache/row-codec';
import { InsightForward } from '../insight/insight-forward';
import type { FromLoader, ToLoader } from './group-protocol';
import { isUnresolved, sameRow, toRow, withStatus, type GroupRow } from './group-rows';
import { isOffsetToken, offsetToken, tokenAtEnd } from './page-token';

const FIRST_PAGE = 200;
/** Pages in flight at once when the deployment pages by offset. */
const PARALLEL = 6;

declare const self: DedicatedWorkerGlobalScope;

let controller: AbortController | undefined;
let hidden = false;
/** Applies statuses answered by actions to the current load's rows (set while a load runs). */
let applyStatuses: ((statuses: TaskStatus[]) => void) | undefined;
/** The current load's rows, as the revisit cache stores them (see `store`). */
let currentRows: Map<string, GroupRow> | undefined;

const post = (message: FromLoader) =>
  self.postMessage(message, 'rows' in message ? [message.rows] : []);

function toError(err: unknown) {
  if (isQueueError(err)) return { status: err.status, code: err.code, message: err.message };
  return {
    status: 0,
    code: 'UnknownError',
    message: err instanceof Error ? err.message : String(err),
  };
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

async function run(
  queue: QueueClient,
  taskGroupId: string,
  pageSize: number,
  liveMs: number,
  signal: AbortSignal,
  insight: InsightForward,
) {
  const rows = new Map<string, GroupRow>();
  currentRows = rows;
  const started = performance.now();
  applyStatuses = (statuses) => {
    const changed: GroupRow[] = [];
    const changedStatuses: TaskStatus[] = [];
    for (const status of statuses) {
      const prev = rows.get(status.taskId);
      if (!prev) continue;
      const next = withStatus(prev, status);
      if (sameRow(prev, next)) continue;
      rows.set(status.taskId, next);
      changed.push(next);
      changedStatuses.push(status);
    }
    if (changed.length) post({ type: 'update', rows: encodeRows(changed) });
    insight.statuses(changedStatuses);
  };
  try {
    const fetchPage = (continuationToken: string | undefined, limit: number) =>
      queue.requestText('listTaskGroup', taskGroupId, { limit, continuationToken, signal });
    const accept = (page: ListTaskGroupResponse) => {
      const fresh = page.tasks.map(toRow);
      for (const r of fresh) rows.set(r.taskId, r);
      post({ type: 'page', rows: encodeRows(fresh), done: !page.continuationToken });
      insight.tasks(page.tasks);
    };
    // A small first page puts rows on screen sooner.
    const first = Math.min(FIRST_PAGE, pageSize);
    const firstPage = JSON.parse(await fetchPage(undefined, first)) as ListTaskGroupResponse;
    accept(firstPage);
    if (firstPage.continuationToken && isOffsetToken(firstPage.continuationToken, first)) {
      await loadParallel(first);
    } else if (firstPage.continuationToken) {
      await loadPipelined(firstPage.continuationToken);
    }

    /**
     * This deployment pages by offset (the Queue's Hashids tokens): keep several pages in flight
     * and hand them on in order. Any surprise falls back to following tokens one by one.
     */
    async function loadParallel(start: number) {
      const inFlight = new Map<number, Promise<string>>();
      let nextOffset = start;
      const launch = () => {
        while (inFlight.size < PARALLEL) {
          inFlight.set(nextOffset, fetchPage(offsetToken(nextOffset), pageSize));
          nextOffset += pageSize;
        }
      };
      launch();
      for (let offset = start; ; offset += pageSize) {
        const text = await inFlight.get(offset)!;
        inFlight.delete(offset);
        const page = JSON.parse(text) as ListTaskGroupResponse;
        const expected =
          page.continuationToken === undefined ||
          isOffsetToken(page.continuationToken, offset + pageSize);
        if (!expected) {
          for (const p of inFlight.values()) p.catch(() => undefined);
          accept(page);
          return loadPipelined(page.continuationToken!);
        }
        accept(page);
        if (!page.continuationToken) {
          for (const p of inFlight.values()) p.catch(() => undefined);
          return;
        }
        launch();
      }
    }

    /** Follows tokens; the next request leaves as soon as this page's token is read from its text. */
    async function loadPipelined(token: string) {
      let next: Promise<string> | undefined = fetchPage(token, pageSize);
      while (next) {
        const text: string = await next;
        const guess = tokenAtEnd(text);
        next = guess ? fetchPage(guess, pageSize) : undefined;
        const page = JSON.parse(text) as ListTaskGroupResponse;
        if (page.continuationToken !== guess) {
          // The guess was wrong (another server's key order): follow the real token instead.
          next?.catch(() => undefined);
          next = page.continuationToken ? fetchPage(page.continuationToken, pageSize) : undefined;
        }
        accept(page);
      }
    }
  } catch (err) {
    if (signal.aborted) return;
    post({ type: 'error', error: toError(err), fatal: true });
    return;
  }
  insight.done();
  const loadMs = performance.now() - started;
  // Re-walking a 50,000-task group moves ~200 MB: pace it by how long the first walk took.
  const rewalkEvery = Math.min(300_000, Math.max(30_000, loadMs * 20));
  let lastWalk = performance.now();
  let statusesMissing = false;

  while (!signal.aborted) {
    await sleep(liveMs, signal);
    if (signal.aborted) return;
    if (hidden) continue;
    const open = [...rows.values()].filter((r) => isUnresolved(r.state)).map((r) => r.taskId);
    const rewalk =
      performance.now() - lastWalk > rewalkEvery || (statusesMissing && open.length > 0);
    if (!open.length && !rewalk) continue;
    post({ type: 'live', refreshing: true });
    try {
      const changed: GroupRow[] = [];
      const changedTasks: ListTaskGroupResponse['tasks'] = [];
      const changedStatuses: ListTaskGroupResponse['tasks'][number]['status'][] = [];
      if (rewalk) {
        lastWalk = performance.now();
        for await (const page of paginate(queue.listTaskGroup, [taskGroupId], {
          limit: pageSize,
          signal,
        })) {
          for (const t of page.tasks) {
            const next = toRow(t);
            const prev = rows.get(next.taskId);
            if (!prev || !sameRow(prev, next)) {
              rows.set(next.taskId, next);
              changed.push(next);
              changedTasks.push(t);
            }
          }
        }
      } else if (!statusesMissing) {
        for (let i = 0; i < open.length; i += 1000) {
          try {
            for await (const page of paginate(
              queue.statuses,
              [{ taskIds: open.slice(i, i + 1000) }],
              { signal, limit: 1000 },
            )) {
              for (const { taskId, status } of page.statuses) {
                const prev = rows.get(taskId);
                if (!prev) continue;
                const next = withStatus(prev, status);
                if (!sameRow(prev, next)) {
                  rows.set(taskId, next);
                  changed.push(next);
                  changedStatuses.push(status);
                }
              }
            }
          } catch (err) {
            // Deployments without the batch endpoint: fall back to re-walking the group.
            if (isQueueError(err) && err.status === 404) {
              statusesMissing = true;
              break;
            }
            throw err;
          }
        }
      }
      if (changed.length) post({ type: 'update', rows: encodeRows(changed) });
      insight.tasks(changedTasks);
      insight.statuses(changedStatuses);
    } catch (err) {
      if (signal.aborted) return;
      post({ type: 'error', error: toError(err), fatal: false });
    } finally {
      post({ type: 'live', refreshing: false });
    }
  }
}

/** What `restart` walks again: the last `start`'s client and group. */
let current:
  { queue: QueueClient; start: ToLoader & { type: 'start' }; insight: InsightForward } | undefined;

function walk() {
  if (!current) return;
  controller?.abort();
  controller = new AbortController();
  const { queue, start, insight } = current;
  void run(
    queue,
    start.taskGroupId,
    start.pageSize,
    start.liveIntervalMs,
    controller.signal,
    insight,
  );
}

self.onmessage = (event: MessageEvent<ToLoader>) => {
  const msg = event.data;
  if (msg.type === 'start') {
    let failing = false;
    const queue = createQueueClient({
      rootUrl: msg.rootUrl,
      credentials: msg.credentials,
      // A flaky network must not end the walk: backoff doubles, so 8 retries span ~50 s.
      retries: 8,
      // Failures (and the answer that ends them) feed the page's connectivity notice.
      onAttempt: ({ status, answered }) => {
        if (answered && !failing) return;
        failing = !answered;
        post({ type: 'attempt', status, answered });
      },
    });
    current = { queue, start: msg, insight: new InsightForward(msg.insight) };
    walk();
  } else if (msg.type === 'restart') {
    walk();
  } else if (msg.type === 'visibility') {
    hidden = msg.hidden;
  } else if (msg.type === 'statuses') {
    applyStatuses?.(msg.statuses);
  } else if (msg.type === 'store') {
    // The page writes the buffer: this worker then does not carry the storage code.
    post({ type: 'encoded', rows: encodeRows(currentRows ? [...currentRows.values()] : []) });
  } else {
    controller?.abort();
  }
};
