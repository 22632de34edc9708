/**
 * Seeds the local Queue service through our own Queue client, as a scheduler and a worker
 * would: tasks in every state, artifacts of every storage type, logs of many lines.
 */
import slugid from 'slugid';
import { createQueueClient, type QueueClient, type TaskDefinitionRequest } from '../../src/api';

export const E2E_ROOT = {
  clientId: 'static/taskcluster/root',
  accessToken: 'e2e-root-access-token',
};
export const E2E_LIMITED = { clientId: 'e2e/limited', accessToken: 'e2e-limited-access-token' };

export function rootQueue(baseURL: string): QueueClient {
  return createQueueClient({ rootUrl: baseURL, credentials: E2E_ROOT, retries: 1 });
}

export function definition(
  overrides: Partial<TaskDefinitionRequest> & { name: string },
): TaskDefinitionRequest {
  const now = Date.now();
  const { name, ...rest } = overrides;
  return {
    taskQueueId: 'e2e-prov/e2e-worker',
    schedulerId: 'e2e',
    projectId: 'e2e',
    created: new Date(now).toJSON(),
    deadline: new Date(now + 3 * 3600_000).toJSON(),
    expires: new Date(now + 7 * 86400_000).toJSON(),
    payload: { command: ['run-tests', '--suite', name] },
    metadata: {
      name,
      description: `E2E task ${name}`,
      owner: 'e2e@example.com',
      source: 'https://example.com/e2e',
    },
    tags: { kind: 'e2e' },
    ...rest,
  };
}

export function logText(lines: number): string {
  return (
    Array.from({ length: lines }, (_, i) =>
      i % 10 === 3
        ? `\u001b[31mERROR\u001b[0m step ${i + 1} failed: needle-${i + 1}`
        : `\u001b[32mINFO\u001b[0m step ${i + 1} ok`,
    ).join('\n') + '\n'
  );
}

/** Claims `taskId` (its queue must be unique to it), uploads artifacts, and resolves it. */
export async function runTask(
  queue: QueueClient,
  taskId: string,
  outcome: 'completed' | 'failed' | 'running',
  options: {
    log?: string | Uint8Array<ArrayBuffer>;
    extra?: (runId: number, q: QueueClient) => Promise<void>;
    worker?: { workerGroup: string; workerId: string };
  } = {},
) {
  const { status } = await queue.status(taskId);
  const taskQueueId = status.taskQueueId!;
  const { tasks } = await queue.claimWork(
    taskQueueId,
    { ...(options.worker ?? { workerGroup: 'e2e', workerId: 'w1' }), tasks: 1 },
    { timeoutMs: 25_000 },
  );
  const claim = tasks.find((t) => t.status.taskId === taskId);
  if (!claim) throw new Error(`could not claim ${taskId}`);
  const runId = claim.runId;
  const expires = new Date(Date.now() + 86400_000).toJSON();
  if (options.log !== undefined) {
    await uploadArtifact(
      queue,
      taskId,
      runId,
      'public/logs/live_backing.log',
      'text/plain; charset=utf-8',
      options.log,
    );
    await queue.createArtifact(taskId, runId, 'public/logs/live.log', {
      storageType: 'link',
      artifact: 'public/logs/live_backing.log',
      expires,
    });
  }
  await options.extra?.(runId, queue);
  if (outcome === 'completed') await queue.reportCompleted(taskId, runId);
  if (outcome === 'failed') await queue.reportFailed(taskId, runId);
  return runId;
}

/** Creates an `s3` artifact and uploads its content, as a worker does. */
export async function uploadArtifact(
  queue: QueueClient,
  taskId: string,
  runId: number,
  name: string,
  contentType: string,
  body: string | Uint8Array<ArrayBuffer>,
) {
  const expires = new Date(Date.now() + 86400_000).toJSON();
  const res = await queue.createArtifact(taskId, runId, name, {
    storageType: 's3',
    contentType,
    expires,
  });
  if (res.storageType !== 's3') throw new Error(`expected an s3 upload URL for ${name}`);
  const put = await fetch(res.putUrl, {
    method: 'PUT',
    body,
    headers: { 'content-type': contentType },
  });
  if (!put.ok) throw new Error(`upload of ${name} failed: HTTP ${put.status}`);
}

export const newId = () => slugid.nice();
/** A task queue of its own, so that claimWork picks exactly the task meant. */
export const ownQueue = () => `e2e-prov/q${Math.random().toString(36).slice(2, 10)}`;
