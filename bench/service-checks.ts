/**
 * Load and durability checks of the local Queue service, shared by `npm run bench:service` (full
 * size, figures printed) and the CI tests (short, no timing asserts). Every check talks HTTP to a
 * service in its own process and reports what it saw; callers decide what is a failure.
 */
import { setMaxListeners } from 'node:events';
import slugid from 'slugid';
import { createQueueClient, type QueueClient, type TaskDefinitionRequest } from '../src/api';
import type { Credentials } from '../src/api/hawk';

export type { Credentials };

/** A small valid task on `taskQueueId`. */
export function benchTask(taskQueueId: string, name: string): TaskDefinitionRequest {
  const now = Date.now();
  return {
    taskQueueId,
    schedulerId: 'bench',
    projectId: 'bench',
    created: new Date(now).toJSON(),
    deadline: new Date(now + 3 * 3600_000).toJSON(),
    expires: new Date(now + 2 * 86400_000).toJSON(),
    payload: { command: ['true'] },
    metadata: {
      name,
      description: 'service bench task',
      owner: 'bench@example.com',
      source: 'https://example.com/bench',
    },
  };
}

/** Runs `fn` over `items`, at most `concurrency` at a time. */
export async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/** Creates `count` tasks on `taskQueueId`; answers their ids in creation order. */
export async function createTasks(
  queue: QueueClient,
  taskQueueId: string,
  count: number,
  concurrency = 10,
): Promise<string[]> {
  const ids = Array.from({ length: count }, () => slugid.nice());
  await inParallel(ids, concurrency, async (id, i) => {
    await queue.createTask(id, benchTask(taskQueueId, `bench ${i}`));
  });
  return ids;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}

export interface ClaimStorm {
  pollers: number;
  tasks: number;
  answered: number;
  failures: string[];
  /** Slowest answer, from the poll's start. */
  maxAnswerMs: number;
  /** Tasks claimed more than once, and tasks no poller got. */
  duplicates: string[];
  unclaimed: string[];
}

/**
 * `pollers` concurrent claimWork long-polls (one task each) on a fresh queue; `tasks` tasks are
 * created while they wait. Every poll must answer (a task or, after the 20 s long-poll, none),
 * and every task must go to exactly one poller.
 */
export async function claimStorm(
  rootUrl: string,
  credentials: Credentials,
  pollers: number,
  tasks: number,
  options: { settleMs?: number } = {},
): Promise<ClaimStorm> {
  const taskQueueId = `bench-prov/storm${Math.random().toString(36).slice(2, 8)}`;
  const queue = createQueueClient({ rootUrl, credentials, retries: 0, timeoutMs: 60_000 });
  const claims = new Map<string, number>();
  const failures: string[] = [];
  let answered = 0;
  let maxAnswerMs = 0;
  const polls = Array.from({ length: pollers }, async (_, i) => {
    const t0 = performance.now();
    try {
      const { tasks: got } = await queue.claimWork(taskQueueId, {
        workerGroup: 'bench',
        workerId: `poller-${i}`,
        tasks: 1,
      });
      answered++;
      for (const t of got) claims.set(t.status.taskId, (claims.get(t.status.taskId) ?? 0) + 1);
    } catch (error) {
      failures.push(`poller ${i}: ${(error as Error).message}`);
    }
    maxAnswerMs = Math.max(maxAnswerMs, performance.now() - t0);
  });
  // Let the polls reach the service before the work does (not an assertion: a poll that arrives
  // later simply finds a task at once).
  await new Promise((r) => setTimeout(r, options.settleMs ?? 1000));
  const creator = createQueueClient({ rootUrl, credentials, retries: 3 });
  const ids = await createTasks(creator, taskQueueId, tasks);
  await Promise.all(polls);
  return {
    pollers,
    tasks,
    answered,
    failures,
    maxAnswerMs,
    duplicates: [...claims].filter(([, n]) => n > 1).map(([id]) => id),
    unclaimed: ids.filter((id) => !claims.has(id)),
  };
}

export interface Drain {
  tasks: number;
  workers: number;
  seconds: number;
  perSecond: number;
  failures: string[];
  duplicates: string[];
  lost: string[];
}

/** Reads many statuses, 1,000 per call. */
async function statusesOf(queue: QueueClient, ids: readonly string[]) {
  const found = new Map<string, Awaited<ReturnType<QueueClient['status']>>['status']>();
  for (let i = 0; i < ids.length; i += 1000) {
    const { statuses } = await queue.statuses({ taskIds: ids.slice(i, i + 1000) });
    for (const s of statuses) found.set(s.taskId, s.status);
  }
  return found;
}

/**
 * `tasks` pending tasks claimed and resolved by `workers` concurrent workers (claimWork one at a
 * time, then reportCompleted). Afterwards every task must be completed with exactly one run,
 * and no task may have reached two workers.
 */
export async function drainQueue(
  rootUrl: string,
  credentials: Credentials,
  tasks: number,
  workers: number,
): Promise<Drain> {
  const taskQueueId = `bench-prov/drain${Math.random().toString(36).slice(2, 8)}`;
  const root = createQueueClient({ rootUrl, credentials, retries: 3 });
  const ids = await createTasks(root, taskQueueId, tasks, 20);
  const worker = createQueueClient({ rootUrl, credentials, retries: 0, timeoutMs: 60_000 });
  const claims = new Map<string, number>();
  const failures: string[] = [];
  let completed = 0;
  const allDone = new AbortController();
  // Every worker's long-poll listens on it (Node warns past 10 listeners).
  setMaxListeners(workers + 10, allDone.signal);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (completed < tasks) {
        let got;
        try {
          got = await worker.claimWork(
            taskQueueId,
            { workerGroup: 'bench', workerId: `worker-${w}`, tasks: 1 },
            // Once every task is done the remaining long-polls have nothing left to wait for.
            { signal: allDone.signal },
          );
        } catch (error) {
          if (allDone.signal.aborted) return;
          failures.push(`claimWork by worker ${w}: ${(error as Error).message}`);
          continue;
        }
        for (const t of got.tasks) {
          const id = t.status.taskId;
          claims.set(id, (claims.get(id) ?? 0) + 1);
          try {
            await worker.reportCompleted(id, t.runId);
            if (++completed === tasks) allDone.abort();
          } catch (error) {
            failures.push(`reportCompleted ${id}/${t.runId}: ${(error as Error).message}`);
          }
        }
        if (failures.length > 50) return;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const statuses = await statusesOf(root, ids);
  return {
    tasks,
    workers,
    seconds,
    perSecond: tasks / seconds,
    failures,
    duplicates: ids.filter(
      (id) => (claims.get(id) ?? 0) > 1 || (statuses.get(id)?.runs.length ?? 0) > 1,
    ),
    lost: ids.filter((id) => statuses.get(id)?.state !== 'completed'),
  };
}

/** What the writers saw acknowledged, per task. */
export interface AckedTask {
  state: 'pending' | 'running' | 'completed';
  /** Uploaded artifacts (creation and upload both answered) and their content. */
  artifacts: Map<string, string>;
  /** Reference artifacts whose creation was answered. */
  references: string[];
}

export interface WriteRun {
  acked: Map<string, AckedTask>;
  /** Acknowledged write calls (createTask, claims, artifacts, uploads, reports). */
  writes: number;
  /** Failures before the kill: each is a real error. */
  failures: string[];
  killedAfterMs: number;
}

/**
 * `clients` writers each loop on their own task queue: createTask, claimWork, an uploaded `s3`
 * artifact, a `reference` artifact, reportCompleted. When `killWhen(writes, elapsedMs)` says so,
 * `kill()` runs (a `kill -9` of the service); the writers stop at their next failure.
 */
export async function writeUntilKilled(options: {
  rootUrl: string;
  credentials: Credentials;
  clients: number;
  killWhen: (writes: number, elapsedMs: number) => boolean;
  kill: () => void;
}): Promise<WriteRun> {
  const { rootUrl, credentials } = options;
  const queue = createQueueClient({ rootUrl, credentials, retries: 0 });
  const acked = new Map<string, AckedTask>();
  const failures: string[] = [];
  let writes = 0;
  let killed = false;
  const started = performance.now();
  const writer = async (n: number) => {
    const taskQueueId = `bench-prov/write${n}`;
    for (let i = 0; !killed; i++) {
      const id = slugid.nice();
      try {
        await queue.createTask(id, benchTask(taskQueueId, `write ${n}.${i}`));
        writes++;
        const entry: AckedTask = { state: 'pending', artifacts: new Map(), references: [] };
        acked.set(id, entry);
        const { tasks } = await queue.claimWork(taskQueueId, {
          workerGroup: 'bench',
          workerId: `writer-${n}`,
          tasks: 1,
        });
        writes++;
        const claim = tasks[0];
        if (!claim) throw new Error(`claimWork on ${taskQueueId} found no task`);
        acked.get(claim.status.taskId)!.state = 'running';
        const runId = claim.runId;
        const expires = new Date(Date.now() + 86400_000).toJSON();
        const name = `public/bench/${n}-${i}.txt`;
        const content = `${id} written by ${n} (${i})\n`.repeat(1 + (i % 50));
        const upload = await queue.createArtifact(id, runId, name, {
          storageType: 's3',
          contentType: 'text/plain',
          expires,
        });
        writes++;
        if (upload.storageType !== 's3') throw new Error('expected an s3 upload');
        const put = await fetch(upload.putUrl, {
          method: 'PUT',
          body: content,
          headers: { 'content-type': 'text/plain' },
        });
        if (!put.ok) throw new Error(`upload of ${name}: HTTP ${put.status}`);
        writes++;
        entry.artifacts.set(name, content);
        const reference = `public/bench/${n}-${i}.ref`;
        await queue.createArtifact(id, runId, reference, {
          storageType: 'reference',
          url: `https://example.com/bench/${id}`,
          contentType: 'text/plain',
          expires,
        });
        writes++;
        entry.references.push(reference);
        await queue.reportCompleted(id, runId);
        writes++;
        entry.state = 'completed';
      } catch (error) {
        if (!killed) failures.push(`writer ${n}: ${(error as Error).message}`);
        return;
      }
    }
  };
  const writers = Array.from({ length: options.clients }, (_, n) => writer(n));
  let killedAfterMs = 0;
  while (!killed) {
    await new Promise((r) => setTimeout(r, 20));
    const elapsed = performance.now() - started;
    if (options.killWhen(writes, elapsed) || failures.length) {
      options.kill();
      killed = true;
      killedAfterMs = elapsed;
    }
  }
  await Promise.all(writers);
  return { acked, writes, failures, killedAfterMs };
}

export interface Verification {
  tasks: number;
  artifacts: number;
  missing: string[];
  inconsistent: string[];
}

/**
 * After a restart: every acknowledged task is there, in its acknowledged state or later, and
 * every acknowledged artifact lists and (for uploads) serves the same bytes.
 */
export async function verifyAcked(
  rootUrl: string,
  credentials: Credentials,
  acked: Map<string, AckedTask>,
): Promise<Verification> {
  const queue = createQueueClient({ rootUrl, credentials, retries: 3 });
  const ids = [...acked.keys()];
  const statuses = await statusesOf(queue, ids);
  const missing: string[] = [];
  const inconsistent: string[] = [];
  const later: Record<AckedTask['state'], string[]> = {
    pending: ['pending', 'running', 'completed'],
    running: ['running', 'completed'],
    completed: ['completed'],
  };
  let artifacts = 0;
  await inParallel(ids, 10, async (id) => {
    const entry = acked.get(id)!;
    const status = statuses.get(id);
    if (!status) return void missing.push(`task ${id}`);
    if (!later[entry.state].includes(status.state))
      inconsistent.push(`task ${id}: acknowledged ${entry.state}, now ${status.state}`);
    if (!entry.artifacts.size && !entry.references.length) return;
    const { artifacts: listed } = await queue.listArtifacts(id, 0);
    const names = new Set(listed.map((a) => a.name));
    for (const name of entry.references) {
      artifacts++;
      if (!names.has(name)) missing.push(`artifact ${id}/${name}`);
    }
    for (const [name, content] of entry.artifacts) {
      artifacts++;
      if (!names.has(name)) {
        missing.push(`artifact ${id}/${name}`);
        continue;
      }
      const res = await fetch(`${rootUrl}/api/queue/v1/task/${id}/runs/0/artifacts/${name}`);
      const body = await res.text();
      if (!res.ok || body !== content)
        inconsistent.push(`artifact ${id}/${name}: HTTP ${res.status}, ${body.length} bytes`);
    }
  });
  return { tasks: ids.length, artifacts, missing, inconsistent };
}
