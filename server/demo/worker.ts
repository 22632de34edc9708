/**
 * A demo worker: claims tasks through the Queue API like a real worker, streams a live log,
 * uploads the backing log as an `s3` artifact, re-points `live.log` to it and resolves the run
 * with the claim's temporary credentials. A producer keeps adding work so the dashboard moves.
 */
import slugid from 'slugid';
import { createQueueClient, type Credentials, type QueueClient } from '../../src/api';
import { ansiLog, firefoxTaskDefinition, prng } from './content';
import type { LiveLogs } from '../queue/live-logs';

export interface DemoWorkerOptions {
  rootUrl: string;
  credentials: Credentials;
  liveLogs: LiveLogs;
  queues?: string[];
  /** Task group that receives a new task every `produceEveryMs`. */
  produceInto?: string;
  produceEveryMs?: number;
  /** Milliseconds a task "runs" (random within this range). */
  durationMs?: [number, number];
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

export function startDemoWorker(options: DemoWorkerOptions): { stop(): void } {
  const controller = new AbortController();
  const { signal } = controller;
  const queue = createQueueClient({ rootUrl: options.rootUrl, credentials: options.credentials });
  const rand = prng(Date.now());
  const [minMs, maxMs] = options.durationMs ?? [8_000, 25_000];

  async function runTask(claim: Awaited<ReturnType<QueueClient['claimWork']>>['tasks'][number]) {
    const { runId } = claim;
    const taskId = claim.status.taskId;
    const taskQueue = createQueueClient({
      rootUrl: options.rootUrl,
      credentials: claim.credentials,
    });
    const expires = new Date(
      Math.min(Date.now() + 7 * 86400_000, Date.parse(claim.task.expires)),
    ).toJSON();
    options.liveLogs.open(taskId, runId);
    await taskQueue.createArtifact(taskId, runId, 'public/logs/live.log', {
      storageType: 'reference',
      url: `${options.rootUrl}/__livelog/${taskId}/${runId}`,
      contentType: 'text/plain; charset=utf-8',
      expires,
    });
    const roll = rand();
    const outcome = roll < 0.8 ? 'completed' : roll < 0.95 ? 'failed' : 'exception';
    const lines = ansiLog(
      400 + Math.floor(rand() * 1600),
      Math.floor(rand() * 1e6),
      outcome === 'failed' ? 'failed' : 'completed',
    ).split('\n');
    const duration = minMs + rand() * (maxMs - minMs);
    const steps = 40;
    for (let i = 0; i < steps && !signal.aborted; i++) {
      const slice = lines.slice(
        Math.floor((i * lines.length) / steps),
        Math.floor(((i + 1) * lines.length) / steps),
      );
      options.liveLogs.append(taskId, runId, slice.join('\n') + '\n');
      await sleep(duration / steps, signal);
    }
    if (signal.aborted) return;
    const content = options.liveLogs.content(taskId, runId) ?? Buffer.alloc(0);
    const s3 = await taskQueue.createArtifact(taskId, runId, 'public/logs/live_backing.log', {
      storageType: 's3',
      contentType: 'text/plain; charset=utf-8',
      contentLength: content.length,
      expires,
    });
    if (s3.storageType === 's3') {
      await fetch(s3.putUrl, {
        method: 'PUT',
        body: new Uint8Array(content),
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    await taskQueue.createArtifact(taskId, runId, 'public/logs/live.log', {
      storageType: 'link',
      artifact: 'public/logs/live_backing.log',
      contentType: 'text/plain; charset=utf-8',
      expires,
    });
    options.liveLogs.close(taskId, runId);
    if (outcome === 'completed') await taskQueue.reportCompleted(taskId, runId);
    else if (outcome === 'failed') await taskQueue.reportFailed(taskId, runId);
    else await taskQueue.reportException(taskId, runId, { reason: 'worker-shutdown' });
    // Keep the finished live log briefly for readers that are still attached, then let it go.
    setTimeout(() => options.liveLogs.drop(taskId, runId), 60_000).unref();
  }

  async function loop(taskQueueId: string, workerId: string) {
    while (!signal.aborted) {
      try {
        const { tasks } = await queue.claimWork(
          taskQueueId,
          { workerGroup: 'demo', workerId, tasks: 1 },
          { signal },
        );
        for (const claim of tasks) await runTask(claim);
      } catch (err) {
        if (signal.aborted) return;
        console.error(`demo worker ${workerId}: ${(err as Error).message}`);
        await sleep(5_000, signal);
      }
    }
  }

  async function produce(taskGroupId: string, every: number) {
    let n = 100;
    while (!signal.aborted) {
      await sleep(every, signal);
      if (signal.aborted) return;
      const now = Date.now();
      try {
        await queue.createTask(
          slugid.nice(),
          firefoxTaskDefinition({
            taskGroupId,
            name: `demo-job-${n++} (picked up by the demo worker)`,
            created: now,
            deadline: now + 86400_000,
            expires: now + 30 * 86400_000,
            taskQueueId: 'proj-demo/live',
            priority: 'lowest',
          }),
        );
      } catch (err) {
        console.error(`demo producer: ${(err as Error).message}`);
      }
    }
  }

  const queues = options.queues ?? ['proj-demo/live', 'gecko-t/t-linux-xlarge'];
  queues.forEach((q, i) => void loop(q, `demo-worker-${i + 1}`));
  if (options.produceInto) void produce(options.produceInto, options.produceEveryMs ?? 20_000);
  return { stop: () => controller.abort() };
}
