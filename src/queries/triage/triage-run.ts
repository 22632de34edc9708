/**
 * One failure triage: for each failed task, its main log's tail (6 fetches in flight), the first
 * error line, its signature; the clusters; then, one per cluster, the example's absolute line
 * number. Results per run are cached for the life of the worker: a resolved run's log never
 * changes. Runs in the triage worker, off the main thread.
 */
import { isQueueError, type QueueClient } from '../../api';
import { clusterFailures, type FailureEntry } from './clusters';
import { firstErrorLine } from './error-rules';
import type { TriageTask } from './failure-summary';
import { countLinesBefore, fetchTail, type Fetch } from './log-tail';
import { chooseMainLog, LIVE_BACKING_LOG } from './main-log';
import { signatureOf } from './signature';
import type { ClusterView, TriageProgress } from './triage-protocol';

export type TaskResult =
  | {
      kind: 'error-line';
      log: string;
      line: string;
      rule: string;
      signature: string;
      /** The line's index in the tail, the tail's offset, and the lines before it when known. */
      index: number;
      startByte: number;
      linesBefore?: number;
    }
  | { kind: 'no-error-line'; log: string }
  | { kind: 'no-log'; why: string }
  | { kind: 'forbidden' }
  | { kind: 'error'; message: string };

export const TRIAGE_CONCURRENCY = 6;
const CACHE_LIMIT = 50_000;

/** Per worker: resolved runs' results by deployment, identity, task and run. */
const cache = new Map<string, TaskResult>();

function remember(key: string, result: TaskResult) {
  if (result.kind === 'error') return; // transient: try again next time
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, result);
}

async function locate(queue: QueueClient, t: TriageTask, name: string, signal: AbortSignal) {
  const loc = await queue.artifact(t.taskId, t.runId, name, { signal });
  if (loc.storageType === 's3' || loc.storageType === 'reference') return { url: loc.url };
  if (loc.storageType === 'error') return { why: `${name}: ${loc.message || loc.reason}` };
  return { why: `${name} is an object artifact, which cannot be read here yet` };
}

/** The main log's location: live_backing.log directly (one call), else by the run's listing. */
async function mainLog(
  queue: QueueClient,
  t: TriageTask,
  signal: AbortSignal,
): Promise<{ log: string; url?: string; why?: string }> {
  try {
    return { log: LIVE_BACKING_LOG, ...(await locate(queue, t, LIVE_BACKING_LOG, signal)) };
  } catch (err) {
    if (!(isQueueError(err) && err.status === 404)) throw err;
  }
  const { artifacts } = await queue.listArtifacts(t.taskId, t.runId, { signal, limit: 1000 });
  const log = chooseMainLog(artifacts);
  if (!log) return { log: '', why: 'no log under public/logs/' };
  return { log, ...(await locate(queue, t, log, signal)) };
}

async function triageOne(
  queue: QueueClient,
  t: TriageTask,
  signal: AbortSignal,
  fetchFn: Fetch,
): Promise<TaskResult> {
  try {
    const { log, url, why } = await mainLog(queue, t, signal);
    if (!url) return { kind: 'no-log', why: why ?? 'no log' };
    const tail = await fetchTail(url, { signal }, fetchFn);
    const found = firstErrorLine(tail.text);
    if (!found) return { kind: 'no-error-line', log };
    return {
      kind: 'error-line',
      log,
      line: found.line,
      rule: found.rule,
      signature: signatureOf(found.line),
      index: found.index,
      startByte: tail.startByte,
      linesBefore: tail.linesBefore,
    };
  } catch (err) {
    if (signal.aborted) throw err;
    if (isQueueError(err) && err.status === 403) return { kind: 'forbidden' };
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}

/** Runs `work` over `items`, `limit` at a time, in order of items. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export interface TriageOptions {
  queue: QueueClient;
  /** Cache key prefix: the deployment and identity. */
  identity: string;
  tasks: readonly TriageTask[];
  signal: AbortSignal;
  onProgress: (p: TriageProgress) => void;
  fetchFn?: Fetch;
  concurrency?: number;
  /** How many clusters get their example's line number (one streamed log each). */
  locateClusters?: number;
  progressEveryMs?: number;
}

export async function runTriage(o: TriageOptions): Promise<TriageProgress> {
  const fetchFn = o.fetchFn ?? ((url, init) => fetch(url, init));
  const started = performance.now();
  const results = new Array<TaskResult | undefined>(o.tasks.length);
  const keyOf = (t: TriageTask) => `${o.identity}|${t.taskId}|${t.runId}`;
  let done = 0;
  let locating = false;
  let lastPost = 0;

  const snapshot = (finished: boolean): TriageProgress => {
    const entries: FailureEntry[] = [];
    const entryResult = new Map<FailureEntry, Extract<TaskResult, { kind: 'error-line' }>>();
    const unclassified: TriageTask[] = [];
    let forbidden = 0;
    const errors: string[] = [];
    o.tasks.forEach((t, i) => {
      const r = results[i];
      if (!r) return;
      if (r.kind === 'error-line') {
        const e: FailureEntry = { ...t, line: r.line, signature: r.signature, rule: r.rule };
        entries.push(e);
        entryResult.set(e, r);
      } else if (r.kind === 'forbidden') forbidden++;
      else {
        unclassified.push(t);
        if (r.kind === 'error' && errors.length < 3) errors.push(r.message);
      }
    });
    const clusters: ClusterView[] = clusterFailures(entries).map((c) => {
      const r = entryResult.get(c.example)!;
      return {
        signature: c.signature,
        rule: c.rule,
        example: {
          taskId: c.example.taskId,
          runId: c.example.runId,
          name: c.example.name,
          line: c.example.line,
          log: r.log,
          lineNumber: r.linesBefore === undefined ? undefined : r.linesBefore + r.index + 1,
        },
        members: c.members.map(({ taskId, runId, name }) => ({ taskId, runId, name })),
      };
    });
    return {
      done,
      total: o.tasks.length,
      clusters,
      unclassified,
      forbidden,
      errors,
      locating,
      finished,
      elapsedMs: performance.now() - started,
    };
  };

  const post = (force = false) => {
    const now = performance.now();
    if (!force && now - lastPost < (o.progressEveryMs ?? 250)) return;
    lastPost = now;
    o.onProgress(snapshot(false));
  };

  const order = o.tasks.map((t, i) => ({ t, i }));
  // Cached results first: they show at once.
  for (const { t, i } of order) {
    const hit = cache.get(keyOf(t));
    if (hit) {
      results[i] = hit;
      done++;
    }
  }
  post(true);
  await pool(
    order.filter(({ i }) => !results[i]),
    o.concurrency ?? TRIAGE_CONCURRENCY,
    async ({ t, i }) => {
      if (o.signal.aborted) return;
      const r = await triageOne(o.queue, t, o.signal, fetchFn);
      remember(keyOf(t), r);
      results[i] = r;
      done++;
      post();
    },
  );
  if (o.signal.aborted) throw o.signal.reason ?? new Error('canceled');

  // The examples' line numbers: a tail cannot tell them, so stream each example's log once.
  locating = true;
  const first = snapshot(false);
  const need = first.clusters
    .slice(0, o.locateClusters ?? 50)
    .filter((c) => c.example.lineNumber === undefined);
  if (need.length) post(true);
  await pool(need, o.concurrency ?? TRIAGE_CONCURRENCY, async (c) => {
    const i = o.tasks.findIndex(
      (t) => t.taskId === c.example.taskId && t.runId === c.example.runId,
    );
    const r = results[i];
    if (!r || r.kind !== 'error-line' || o.signal.aborted) return;
    try {
      const loc = await locate(o.queue, o.tasks[i]!, r.log, o.signal);
      if (!loc.url) return;
      r.linesBefore = await countLinesBefore(loc.url, r.startByte, { signal: o.signal }, fetchFn);
    } catch {
      // The link then opens the log without a line.
    }
    post();
  });
  if (o.signal.aborted) throw o.signal.reason ?? new Error('canceled');
  locating = false;
  const final = snapshot(true);
  o.onProgress(final);
  return final;
}

/** Forgets every cached result (tests). */
export function clearTriageCache() {
  cache.clear();
}
