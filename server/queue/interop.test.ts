/**
 * Drives the local service with the official `taskcluster-client`, unchanged: what works here
 * works for the official Go and Python clients and for real workers too.
 */
import taskcluster from 'taskcluster-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, ROOT, startTestQueue, taskDef, type TestQueue } from '../common/testing';

/* eslint-disable @typescript-eslint/no-explicit-any -- the official client is untyped JS */
let q: TestQueue;
let queue: any;
const worker = { workerGroup: 'interop', workerId: 'w-1' };
const LIMITED = {
  clientId: 'limited',
  accessToken: 'limited-token',
  scopes: ['queue:create-task:*', 'queue:scheduler-id:*', 'queue:create-task:project:*'],
};

beforeAll(async () => {
  q = await startTestQueue({ claimTimeoutSec: 120, extraClients: [LIMITED] });
  queue = new taskcluster.Queue({ rootUrl: q.url, credentials: ROOT, retries: 0 });
});
afterAll(() => q.close());

const tqName = () => `proj-interop/q${Math.random().toString(36).slice(2, 9)}`;
const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as { statusCode: number; code: string; message: string };
  }
  throw new Error('expected a failure');
};

describe('official taskcluster-client against the local service', () => {
  it('creates, schedules, cancels and reruns tasks', async () => {
    const id = newId();
    const created = await queue.createTask(id, taskDef({ dependencies: [id] }));
    expect(created.status.state).toBe('unscheduled');
    expect((await queue.scheduleTask(id)).status.state).toBe('pending');
    expect((await queue.cancelTask(id)).status.state).toBe('exception');
    expect((await queue.rerunTask(id)).status.runs[1].reasonCreated).toBe('rerun');
    expect((await queue.task(id)).metadata.name).toBe('test task');
  });

  it('schedules dependents with both requires values', async () => {
    const tq = tqName();
    const dep = newId();
    await queue.createTask(dep, taskDef({ taskQueueId: tq }));
    const completedOnly = newId();
    const anyResolution = newId();
    await queue.createTask(completedOnly, taskDef({ dependencies: [dep], taskQueueId: tqName() }));
    await queue.createTask(
      anyResolution,
      taskDef({ dependencies: [dep], requires: 'all-resolved', taskQueueId: tqName() }),
    );
    const { tasks } = await queue.claimWork(tq, { ...worker, tasks: 1 });
    await queue.reportFailed(dep, tasks[0].runId);
    expect((await queue.status(completedOnly)).status.state).toBe('unscheduled');
    expect((await queue.status(anyResolution)).status.state).toBe('pending');
  });

  it('runs a worker life cycle: claim, reclaim, artifacts of every storage type, resolution with retries', async () => {
    const tq = tqName();
    const id = newId();
    await queue.createTask(id, taskDef({ taskQueueId: tq, retries: 1 }));
    const { tasks } = await queue.claimWork(tq, { ...worker, tasks: 4 });
    expect(tasks).toHaveLength(1);
    const claim = tasks[0];
    const asTask = new taskcluster.Queue({
      rootUrl: q.url,
      credentials: claim.credentials,
      retries: 0,
    });
    const reclaimed = await asTask.reclaimTask(id, 0);
    expect(reclaimed.credentials.clientId).toMatch(/^task-client\//);
    const expires = new Date(Date.now() + 3600_000).toJSON();

    const s3 = await asTask.createArtifact(id, 0, 'public/logs/live_backing.log', {
      storageType: 's3',
      contentType: 'text/plain',
      expires,
    });
    const put = await fetch(s3.putUrl, {
      method: 'PUT',
      body: 'line 1\nline 2\nline 3\n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(put.status).toBe(200);
    expect(
      await asTask.createArtifact(id, 0, 'public/ref', {
        storageType: 'reference',
        url: 'https://example.com/x',
        contentType: 'text/html',
        expires,
      }),
    ).toEqual({ storageType: 'reference' });
    expect(
      await asTask.createArtifact(id, 0, 'public/missing.txt', {
        storageType: 'error',
        reason: 'file-missing-on-worker',
        message: 'gone',
        expires,
      }),
    ).toEqual({ storageType: 'error' });
    expect(
      await asTask.createArtifact(id, 0, 'public/logs/live.log', {
        storageType: 'link',
        artifact: 'public/logs/live_backing.log',
        expires,
      }),
    ).toEqual({ storageType: 'link' });
    const objectErr = await failure(
      asTask.createArtifact(id, 0, 'public/obj', {
        storageType: 'object',
        contentType: 'text/plain',
        expires,
      }),
    );
    expect(objectErr.statusCode).toBe(400);

    // getArtifact answers 303 + {storageType, url}: the official client returns the body.
    const redirect = await queue.getArtifact(id, 0, 'public/logs/live.log');
    expect(redirect.storageType).toBe('s3');
    const body = await fetch(redirect.url);
    expect(body.headers.get('content-type')).toContain('text/plain');
    expect(await body.text()).toBe('line 1\nline 2\nline 3\n');
    const tail = await fetch(redirect.url, { headers: { range: 'bytes=-7' } });
    expect([tail.status, await tail.text()]).toEqual([206, 'line 3\n']);
    expect(await queue.getArtifact(id, 0, 'public/ref')).toEqual({
      storageType: 'reference',
      url: 'https://example.com/x',
    });
    const errArtifact = await failure(queue.getArtifact(id, 0, 'public/missing.txt'));
    expect([errArtifact.statusCode, errArtifact.message]).toEqual([424, 'gone']);
    expect(await queue.artifact(id, 0, 'public/missing.txt')).toEqual({
      storageType: 'error',
      reason: 'file-missing-on-worker',
      message: 'gone',
    });
    expect((await queue.latestArtifactInfo(id, 'public/logs/live.log')).storageType).toBe('link');

    await asTask.reportException(id, 0, { reason: 'worker-shutdown' });
    const status = (await queue.status(id)).status;
    expect(status.runs.map((r: { reasonCreated: string }) => r.reasonCreated)).toEqual([
      'scheduled',
      'retry',
    ]);
    const again = await queue.claimWork(tq, worker);
    expect((await queue.reportCompleted(id, again.tasks[0].runId)).status.state).toBe('completed');
    const late = await failure(
      queue.createArtifact(id, 1, 'public/late', {
        storageType: 'reference',
        url: 'https://x',
        contentType: 'text/plain',
        expires,
      }),
    );
    expect(late.statusCode).toBe(409);
  });

  it('paginates every list endpoint with small limits', async () => {
    const group = newId();
    const tq = tqName();
    const parent = newId();
    await queue.createTask(parent, taskDef({ taskGroupId: group, taskQueueId: tq }));
    for (let i = 0; i < 4; i++)
      await queue.createTask(
        newId(),
        taskDef({ taskGroupId: group, taskQueueId: tq, dependencies: [parent] }),
      );
    const claim = (await queue.claimWork(tq, { ...worker, tasks: 1 })).tasks[0];
    const expires = new Date(Date.now() + 3600_000).toJSON();
    for (const n of ['a', 'b', 'c']) {
      await queue.createArtifact(parent, claim.runId, `public/${n}`, {
        storageType: 'reference',
        url: `https://x/${n}`,
        contentType: 'text/plain',
        expires,
      });
    }
    const collect = async (call: (opts: Record<string, unknown>) => Promise<any>, key: string) => {
      const items: unknown[] = [];
      let continuationToken: string | undefined;
      let pages = 0;
      do {
        const page = await call({ limit: 2, ...(continuationToken ? { continuationToken } : {}) });
        items.push(...page[key]);
        continuationToken = page.continuationToken;
        pages++;
      } while (continuationToken);
      return { items, pages };
    };
    expect(await collect((o) => queue.listTaskGroup(group, o), 'tasks')).toMatchObject({
      pages: 3,
    });
    expect((await collect((o) => queue.listTaskGroup(group, o), 'tasks')).items).toHaveLength(5);
    expect((await collect((o) => queue.listDependentTasks(parent, o), 'tasks')).items).toHaveLength(
      4,
    );
    expect(
      (await collect((o) => queue.listArtifacts(parent, 0, o), 'artifacts')).items,
    ).toHaveLength(3);
    expect(
      (await collect((o) => queue.listLatestArtifacts(parent, o), 'artifacts')).items,
    ).toHaveLength(3);
    expect(
      (await collect((o) => queue.listTaskQueues(o), 'taskQueues')).items.length,
    ).toBeGreaterThan(1);
    expect(
      (await collect((o) => queue.listProvisioners(o), 'provisioners')).items.length,
    ).toBeGreaterThan(0);
    expect(
      (await collect((o) => queue.listWorkerTypes('proj-interop', o), 'workerTypes')).items.length,
    ).toBeGreaterThan(1);
    expect(
      (await collect((o) => queue.listWorkers('proj-interop', tq.split('/')[1], o), 'workers'))
        .items,
    ).toHaveLength(1);
    expect((await collect((o) => queue.listPendingTasks(tq, o), 'tasks')).items).toHaveLength(0);
    expect((await collect((o) => queue.listClaimedTasks(tq, o), 'tasks')).items).toHaveLength(1);
    const statuses = await queue.statuses({ taskIds: [parent, newId()] });
    expect(statuses.statuses).toHaveLength(1);
    expect(
      (await queue.getWorker('proj-interop', tq.split('/')[1], worker.workerGroup, worker.workerId))
        .recentTasks,
    ).toHaveLength(1);
  });

  it('opens private artifacts only through signed URLs', async () => {
    const tq = tqName();
    const id = newId();
    await queue.createTask(id, taskDef({ taskQueueId: tq }));
    const claim = (await queue.claimWork(tq, worker)).tasks[0];
    await queue.createArtifact(id, claim.runId, 'private/secret.txt', {
      storageType: 'reference',
      url: 'https://example.com/secret',
      contentType: 'text/plain',
      expires: new Date(Date.now() + 3600_000).toJSON(),
    });
    const anonymous = await fetch(
      `${q.url}/api/queue/v1/task/${id}/runs/0/artifacts/private%2Fsecret.txt`,
      { redirect: 'manual' },
    );
    expect(anonymous.status).toBe(403);
    const signed = queue.buildSignedUrl(queue.getArtifact, id, 0, 'private/secret.txt', {
      expiration: 60,
    });
    expect(signed).not.toContain(ROOT.accessToken);
    const res = await fetch(signed, { redirect: 'manual' });
    expect([res.status, res.headers.get('location')]).toEqual([303, 'https://example.com/secret']);
    const publicUrl = queue.buildUrl(queue.getLatestArtifact, id, 'private/secret.txt');
    expect((await fetch(publicUrl, { redirect: 'manual' })).status).toBe(403);
  });

  it('accepts temporary credentials and authorizedScopes', async () => {
    const temp = taskcluster.createTemporaryCredentials({
      expiry: new Date(Date.now() + 600_000),
      scopes: ['queue:status:*'],
      credentials: ROOT,
    });
    const tempQueue = new taskcluster.Queue({ rootUrl: q.url, credentials: temp, retries: 0 });
    const id = newId();
    await queue.createTask(id, taskDef());
    expect((await tempQueue.status(id)).status.taskId).toBe(id);
    const denied = await failure(tempQueue.cancelTask(id));
    expect([denied.statusCode, denied.code]).toEqual([403, 'InsufficientScopes']);
    const narrowed = new taskcluster.Queue({
      rootUrl: q.url,
      credentials: ROOT,
      authorizedScopes: ['queue:get-task:*'],
      retries: 0,
    });
    expect((await failure(narrowed.cancelTask(id))).statusCode).toBe(403);
    expect((await narrowed.task(id)).metadata.name).toBe('test task');
  });

  it('answers 401, 403, 404 and 409 as the real service', async () => {
    const bad = new taskcluster.Queue({
      rootUrl: q.url,
      credentials: { clientId: ROOT.clientId, accessToken: 'wrong' },
      retries: 0,
    });
    const e401 = await failure(bad.ping().then(() => bad.cancelTask(newId())));
    expect([e401.statusCode, e401.code]).toEqual([401, 'AuthenticationFailed']);
    const unknown = new taskcluster.Queue({
      rootUrl: q.url,
      credentials: { clientId: 'nobody', accessToken: 'x' },
      retries: 0,
    });
    expect((await failure(unknown.status(newId()))).statusCode).toBe(401);
    const limited = new taskcluster.Queue({ rootUrl: q.url, credentials: LIMITED, retries: 0 });
    const id = newId();
    await limited.createTask(id, taskDef());
    const e403 = await failure(limited.cancelTask(id));
    expect(e403.statusCode).toBe(403);
    expect(e403.message).toContain('queue:cancel-task:test-scheduler/');
    expect((await failure(queue.status(newId()))).statusCode).toBe(404);
    expect((await failure(queue.createTask(id, taskDef({ retries: 2 })))).statusCode).toBe(409);
  });

  it('never gives one run to two workers, and loses no claim, under concurrent claimWork', async () => {
    const tq = tqName();
    const ids = Array.from({ length: 40 }, () => newId());
    await Promise.all(ids.map((id) => queue.createTask(id, taskDef({ taskQueueId: tq }))));
    const workers = Array.from({ length: 6 }, (_, i) => ({
      workerGroup: 'race',
      workerId: `w${i}`,
    }));
    const claimed: string[] = [];
    let done = false;
    await Promise.all(
      workers.map(async (w) => {
        while (!done) {
          const { tasks } = await queue.claimWork(tq, { ...w, tasks: 3 });
          for (const t of tasks)
            if (ids.includes(t.status.taskId)) claimed.push(`${t.status.taskId}/${t.runId}`);
          if (!done && claimed.length >= ids.length) {
            done = true;
            // Wake the workers still long-polling, so the test need not wait out their 20 s.
            await Promise.all(
              workers.map(() => queue.createTask(newId(), taskDef({ taskQueueId: tq }))),
            );
          }
        }
      }),
    );
    expect(claimed).toHaveLength(ids.length);
    expect(new Set(claimed).size).toBe(ids.length);
    const counts = await queue.taskQueueCounts(tq);
    expect(counts.claimedTasks + counts.pendingTasks).toBe(ids.length + workers.length);
  }, 60_000);
});
