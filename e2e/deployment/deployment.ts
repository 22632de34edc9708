/**
 * The deployment under test and what the journeys create there: tasks in a task queue of their
 * own (a fresh worker type per run), run by a worker of our own that claims only from it and
 * acts with the claim's temporary credentials, as real workers do. Nothing else is touched.
 */
import slugid from 'slugid';
import {
  createQueueClient,
  type ClaimWorkResponse,
  type QueueClient,
  type TaskDefinitionRequest,
} from '../../src/api';

export const ROOT_URL = process.env.E2E_ROOT_URL!.replace(/\/+$/, '');
export const CLIENT = {
  clientId: process.env.E2E_CLIENT_ID!,
  accessToken: process.env.E2E_ACCESS_TOKEN!,
};

/** Names the README's scope list is written for. */
export const PROVISIONER = process.env.E2E_PROVISIONER ?? 'proj-dashboard-e2e';
export const SCHEDULER = 'dashboard-e2e';
export const PROJECT = 'dashboard-e2e';
export const WORKER_GROUP = 'dashboard-e2e';

export const client: QueueClient = createQueueClient({
  rootUrl: ROOT_URL,
  credentials: CLIENT,
  retries: 2,
});
export const anonymous: QueueClient = createQueueClient({ rootUrl: ROOT_URL, retries: 2 });

/** A worker type of this run's own. */
export const runWorkerType = `wt-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
export const taskQueueId = `${PROVISIONER}/${runWorkerType}`;

export const newId = () => slugid.nice();

export function definition(
  name: string,
  extra: Partial<TaskDefinitionRequest> & { taskGroupId: string },
): TaskDefinitionRequest {
  const now = Date.now();
  return {
    taskQueueId,
    schedulerId: SCHEDULER,
    projectId: PROJECT,
    priority: 'lowest',
    created: new Date(now).toJSON(),
    deadline: new Date(now + 2 * 3600_000).toJSON(),
    expires: new Date(now + 2 * 86400_000).toJSON(),
    payload: { note: 'created by the Queue Dashboard deployment tests; resolves itself' },
    metadata: {
      name,
      description: `Created by \`npm run test:e2e:deployment\` for the [Queue Dashboard](https://github.com/) journeys.`,
      owner: 'dashboard-e2e@example.com',
      source: 'https://example.com/queue-dashboard/e2e',
    },
    tags: { purpose: 'dashboard-e2e' },
    ...extra,
  };
}

function asWorker(claim: ClaimWorkResponse['tasks'][number]): QueueClient {
  return createQueueClient({ rootUrl: ROOT_URL, credentials: claim.credentials, retries: 2 });
}

/** Claims `taskId` from this run's queue (it must be the only pending one) and resolves it. */
export async function runTask(
  taskId: string,
  outcome: 'completed' | 'failed',
  log: string,
): Promise<void> {
  let claim: ClaimWorkResponse['tasks'][number] | undefined;
  for (let i = 0; i < 6 && !claim; i++) {
    const { tasks } = await client.claimWork(
      taskQueueId,
      { workerGroup: WORKER_GROUP, workerId: runWorkerType, tasks: 1 },
      { timeoutMs: 30_000 },
    );
    claim = tasks.find((t) => t.status.taskId === taskId);
    if (tasks.length && !claim) throw new Error(`claimed another task than ${taskId}`);
  }
  if (!claim) throw new Error(`could not claim ${taskId}`);
  const worker = asWorker(claim);
  const { runId } = claim;
  const expires = new Date(Date.now() + 86400_000).toJSON();
  const upload = await worker.createArtifact(taskId, runId, 'public/logs/live_backing.log', {
    storageType: 's3',
    contentType: 'text/plain; charset=utf-8',
    expires,
  });
  if (upload.storageType !== 's3') throw new Error('expected an s3 upload URL');
  const put = await fetch(upload.putUrl, {
    method: 'PUT',
    body: log,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  if (!put.ok) throw new Error(`log upload failed: HTTP ${put.status}`);
  await worker.createArtifact(taskId, runId, 'public/logs/live.log', {
    storageType: 'link',
    artifact: 'public/logs/live_backing.log',
    expires,
  });
  await worker.createArtifact(taskId, runId, 'public/missing.txt', {
    storageType: 'error',
    reason: 'file-missing-on-worker',
    message: 'no such file: missing.txt',
    expires,
  });
  if (outcome === 'completed') await worker.reportCompleted(taskId, runId);
  else await worker.reportFailed(taskId, runId);
}

/** Leaves nothing pending behind: seals the group and cancels what is unresolved. */
export async function cleanUp(taskGroupId: string): Promise<void> {
  await client.sealTaskGroup(taskGroupId).catch(() => undefined);
  await client.cancelTaskGroup(taskGroupId).catch(() => undefined);
}
