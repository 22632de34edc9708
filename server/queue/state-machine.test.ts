import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQueueError, type QueueClient, type TaskStatus } from '../../src/api';
import { newId, startTestQueue, taskDef as baseDef, type TestQueue } from '../common/testing';

let q: TestQueue;
let root: QueueClient;
const worker = { workerGroup: 'wg', workerId: 'w1' };
// Definitions follow the service's clock, which some tests move forward.
const taskDef = (o: Parameters<typeof baseDef>[0] = {}, now?: number) =>
  baseDef(o, now ?? q.clock.now());

beforeAll(async () => {
  q = await startTestQueue({ claimTimeoutSec: 60 });
  root = q.root;
});
afterAll(() => q.close());

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => (isQueueError(e) ? e : Promise.reject(e)),
  );
const runShape = (s: TaskStatus) =>
  s.runs.map(
    (r) => `${r.state}/${r.reasonCreated}${r.reasonResolved ? `/${r.reasonResolved}` : ''}`,
  );

/** A fresh queue per test keeps claimWork from picking up another test's tasks. */
function queueName() {
  return `proj-test/q${Math.random().toString(36).slice(2, 10)}`;
}

async function claimOne(taskQueueId: string) {
  const { tasks } = await root.claimWork(taskQueueId, { ...worker, tasks: 1 });
  expect(tasks).toHaveLength(1);
  return tasks[0]!;
}

describe('createTask', () => {
  it('creates a pending task with run 0 scheduled, filling defaults', async () => {
    const id = newId();
    const { status } = await root.createTask(id, {
      ...taskDef(),
      schedulerId: undefined,
      projectId: undefined,
    });
    expect(status.state).toBe('pending');
    expect(runShape(status)).toEqual(['pending/scheduled']);
    const task = await root.task(id);
    expect(task).toMatchObject({
      schedulerId: '-',
      projectId: 'none',
      priority: 'lowest',
      retries: 5,
      requires: 'all-completed',
      taskGroupId: id,
      provisionerId: 'proj-test',
      workerType: 'ci',
    });
    expect(Date.parse(task.expires)).toBeGreaterThan(Date.parse(task.deadline));
  });

  it('is idempotent for the same definition and answers the current state; 409 for another', async () => {
    const id = newId();
    const tq = queueName();
    const def = taskDef({ taskQueueId: tq });
    await root.createTask(id, def);
    await claimOne(tq);
    const again = await root.createTask(id, def);
    expect(again.status.state).toBe('running');
    const err = await errorOf(root.createTask(id, { ...def, retries: 1 }));
    expect([err?.status, err?.code]).toEqual([409, 'RequestConflict']);
    expect(err?.message).toContain('already used by another task');
  });

  it('accepts the 2016 provisionerId/workerType form and rejects a mismatched taskQueueId', async () => {
    const { status } = await root.createTask(newId(), {
      ...taskDef(),
      taskQueueId: undefined,
      provisionerId: 'old-prov',
      workerType: 'old-type',
    });
    expect(status.taskQueueId).toBe('old-prov/old-type');
    const err = await errorOf(
      root.createTask(newId(), { ...taskDef(), provisionerId: 'a', workerType: 'b' }),
    );
    expect([err?.status, err?.code]).toEqual([400, 'InputError']);
  });

  it('checks dates: deadline within 5 days, expires after deadline, created near now', async () => {
    const now = Date.now();
    const far = await errorOf(
      root.createTask(newId(), taskDef({ deadline: new Date(now + 6 * 86400_000).toJSON() })),
    );
    expect(far?.message).toContain('cannot be more than 5 days');
    const exp = await errorOf(
      root.createTask(newId(), taskDef({ expires: new Date(now + 60_000).toJSON() })),
    );
    expect(exp?.message).toContain('`expires` cannot be before `deadline`');
    const old = await errorOf(root.createTask(newId(), taskDef({}, now - 3600_000)));
    expect(old?.code).toBe('InputError');
  });

  it('rejects missing dependencies and leaves no task behind', async () => {
    const id = newId();
    const missing = newId();
    const err = await errorOf(root.createTask(id, taskDef({ dependencies: [missing] })));
    expect([err?.status, err?.code]).toEqual([400, 'InputError']);
    expect(err?.message).toContain(missing);
    expect((await errorOf(root.status(id)))?.status).toBe(404);
  });
});

describe('dependencies', () => {
  it('all-completed: unscheduled until every dependency completes', async () => {
    const tq = queueName();
    const a = newId();
    const b = newId();
    await root.createTask(a, taskDef({ taskQueueId: tq }));
    await root.createTask(b, taskDef({ taskQueueId: tq }));
    const dep = newId();
    const { status } = await root.createTask(
      dep,
      taskDef({ taskQueueId: tq, dependencies: [a, b] }),
    );
    expect(status.state).toBe('unscheduled');
    for (const id of [a, b]) {
      const c = await claimOne(tq);
      await root.reportCompleted(c.status.taskId, c.runId);
      const s = await root.status(dep);
      expect(s.status.state).toBe(id === b ? 'pending' : 'unscheduled');
    }
    const { tasks } = await root.listDependentTasks(a);
    expect(tasks.map((t) => t.status.taskId)).toEqual([dep]);
  });

  it('all-completed stays unscheduled when a dependency fails; all-resolved is scheduled', async () => {
    const tq = queueName();
    const a = newId();
    await root.createTask(a, taskDef({ taskQueueId: tq }));
    const strict = newId();
    const lenient = newId();
    await root.createTask(strict, taskDef({ taskQueueId: queueName(), dependencies: [a] }));
    await root.createTask(
      lenient,
      taskDef({ taskQueueId: queueName(), dependencies: [a], requires: 'all-resolved' }),
    );
    const c = await claimOne(tq);
    await root.reportFailed(c.status.taskId, c.runId);
    expect((await root.status(strict)).status.state).toBe('unscheduled');
    expect((await root.status(lenient)).status.state).toBe('pending');
  });

  it('schedules at once when dependencies are already satisfied; a self-dependency waits for scheduleTask', async () => {
    const tq = queueName();
    const a = newId();
    await root.createTask(a, taskDef({ taskQueueId: tq }));
    const c = await claimOne(tq);
    await root.reportCompleted(c.status.taskId, c.runId);
    expect((await root.createTask(newId(), taskDef({ dependencies: [a] }))).status.state).toBe(
      'pending',
    );
    const self = newId();
    expect((await root.createTask(self, taskDef({ dependencies: [self] }))).status.state).toBe(
      'unscheduled',
    );
    const scheduled = await root.scheduleTask(self);
    expect(runShape(scheduled.status)).toEqual(['pending/scheduled']);
    expect(runShape((await root.scheduleTask(self)).status)).toEqual(['pending/scheduled']);
  });

  it('defineTask creates an unscheduled task even without dependencies', async () => {
    const id = newId();
    expect((await root.defineTask(id, taskDef())).status.state).toBe('unscheduled');
    expect((await root.scheduleTask(id)).status.state).toBe('pending');
  });
});

describe('workers', () => {
  it('claimWork hands out higher priority first, sets takenUntil and temporary credentials that work', async () => {
    const tq = queueName();
    const low = newId();
    const high = newId();
    await root.createTask(low, taskDef({ taskQueueId: tq, priority: 'low' }));
    await root.createTask(high, taskDef({ taskQueueId: tq, priority: 'high' }));
    const { tasks } = await root.claimWork(tq, { ...worker, tasks: 2 });
    expect(tasks.map((t) => t.status.taskId)).toEqual([high, low]);
    const claim = tasks[0]!;
    expect(claim.status.state).toBe('running');
    expect(Date.parse(claim.takenUntil)).toBeGreaterThan(Date.now() + 50_000);
    expect(claim.takenUntil).toMatch(/\+00:00$/);
    const asTask = q.clientFor(claim.credentials);
    await asTask.reclaimTask(high, 0);
    await asTask.reportCompleted(high, 0);
    const denied = await errorOf(asTask.reportCompleted(low, 0));
    expect([denied?.status, denied?.code]).toEqual([403, 'InsufficientScopes']);
  });

  it('claimWork long-polls until a task arrives, and returns empty after the wait', async () => {
    const tq = queueName();
    const started = Date.now();
    const pending = root.claimWork(tq, worker);
    setTimeout(() => void root.createTask(newId(), taskDef({ taskQueueId: tq })), 300);
    const { tasks } = await pending;
    expect(tasks).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reclaim extends takenUntil; reclaim and report on a resolved run are 409', async () => {
    const tq = queueName();
    const id = newId();
    await root.createTask(id, taskDef({ taskQueueId: tq }));
    const c = await claimOne(tq);
    q.clock.advance(10_000);
    const r = await root.reclaimTask(id, 0);
    expect(Date.parse(r.takenUntil)).toBeGreaterThan(Date.parse(c.takenUntil));
    await root.reportCompleted(id, 0);
    expect((await root.reportCompleted(id, 0)).status.state).toBe('completed'); // idempotent
    expect((await errorOf(root.reportFailed(id, 0)))?.status).toBe(409);
    expect((await errorOf(root.reclaimTask(id, 0)))?.message).toContain(
      'is resolved or not running',
    );
    expect((await errorOf(root.reclaimTask(id, 7)))?.status).toBe(404);
  });

  it('worker-shutdown and intermittent-task retry; other reasons do not', async () => {
    const tq = queueName();
    const id = newId();
    await root.createTask(id, taskDef({ taskQueueId: tq, retries: 2 }));
    let c = await claimOne(tq);
    await root.reportException(id, c.runId, { reason: 'worker-shutdown' });
    c = await claimOne(tq);
    await root.reportException(id, c.runId, { reason: 'intermittent-task' });
    c = await claimOne(tq);
    const { status } = await root.reportException(id, c.runId, { reason: 'malformed-payload' });
    expect(runShape(status)).toEqual([
      'exception/scheduled/worker-shutdown',
      'exception/retry/intermittent-task',
      'exception/task-retry/malformed-payload',
    ]);
    expect(status.retriesLeft).toBe(0);
  });

  it('an expired claim becomes claim-expired with a retry while retries remain', async () => {
    const tq = queueName();
    const id = newId();
    await root.createTask(id, taskDef({ taskQueueId: tq, retries: 1 }));
    await claimOne(tq);
    q.clock.advance(61_000);
    q.deployment.queue.resolve();
    let { status } = await root.status(id);
    expect(runShape(status)).toEqual(['exception/scheduled/claim-expired', 'pending/retry']);
    expect(status.retriesLeft).toBe(0);
    expect((await errorOf(root.reclaimTask(id, 0)))?.status).toBe(409);
    await claimOne(tq);
    q.clock.advance(61_000);
    q.deployment.queue.resolve();
    ({ status } = await root.status(id));
    expect(status.state).toBe('exception');
    expect(status.runs).toHaveLength(2);
  });
});

describe('cancel, rerun, deadline', () => {
  it('cancel adds a synthetic run to an unscheduled task; only rerun runs it afterwards', async () => {
    const id = newId();
    await root.createTask(id, taskDef({ dependencies: [id] }));
    const { status } = await root.cancelTask(id);
    expect(runShape(status)).toEqual(['exception/exception/canceled']);
    expect(runShape((await root.cancelTask(id)).status)).toHaveLength(1);
    expect(runShape((await root.scheduleTask(id)).status)).toEqual([
      'exception/exception/canceled',
    ]);
    const rerun = await root.rerunTask(id);
    expect(runShape(rerun.status)).toEqual(['exception/exception/canceled', 'pending/rerun']);
    expect(runShape((await root.rerunTask(id)).status)).toHaveLength(2); // idempotent while pending
    const canceled = await root.cancelTask(id);
    expect(runShape(canceled.status)[1]).toBe('exception/rerun/canceled');
  });

  it('cancel resolves pending and running tasks; resolved tasks do not change', async () => {
    const tq = queueName();
    const running = newId();
    await root.createTask(running, taskDef({ taskQueueId: tq }));
    await claimOne(tq);
    expect(runShape((await root.cancelTask(running)).status)).toEqual([
      'exception/scheduled/canceled',
    ]);
    expect((await errorOf(root.reportCompleted(running, 0)))?.status).toBe(409);
  });

  it('rerun of a completed task resets retriesLeft; unscheduled tasks rerun bypassing dependencies', async () => {
    const tq = queueName();
    const id = newId();
    await root.createTask(id, taskDef({ taskQueueId: tq, retries: 3 }));
    const c = await claimOne(tq);
    await root.reportException(id, c.runId, { reason: 'worker-shutdown' });
    const c2 = await claimOne(tq);
    await root.reportCompleted(id, c2.runId);
    const { status } = await root.rerunTask(id);
    expect(runShape(status).at(-1)).toBe('pending/rerun');
    expect(status.retriesLeft).toBe(3);
    const waiting = newId();
    await root.createTask(waiting, taskDef({ dependencies: [waiting] }));
    expect(runShape((await root.rerunTask(waiting)).status)).toEqual(['pending/rerun']);
  });

  it('past the deadline: tasks resolve deadline-exceeded and cancel/rerun/schedule are 409', async () => {
    const unscheduled = newId();
    const pending = newId();
    await root.createTask(unscheduled, taskDef({ dependencies: [unscheduled] }));
    await root.createTask(pending, taskDef({ taskQueueId: queueName() }));
    q.clock.advance(3601_000);
    q.deployment.queue.resolve();
    expect(runShape((await root.status(unscheduled)).status)).toEqual([
      'exception/exception/deadline-exceeded',
    ]);
    expect(runShape((await root.status(pending)).status)).toEqual([
      'exception/scheduled/deadline-exceeded',
    ]);
    // One call at a time: calls started together could reject before their turn to be awaited,
    // an unhandled rejection that fails the run.
    for (const call of [
      () => root.cancelTask(pending),
      () => root.rerunTask(pending),
      () => root.scheduleTask(unscheduled),
    ]) {
      const err = await errorOf(call());
      expect([err?.status, err?.code]).toEqual([409, 'RequestConflict']);
      expect(err?.message).toContain('past its deadline');
    }
  });

  it('rerun refuses a task with 50 runs', async () => {
    const tq = queueName();
    const id = newId();
    await root.createTask(id, taskDef({ taskQueueId: tq, retries: 0 }));
    for (let i = 0; i < 50; i++) {
      const c = await claimOne(tq);
      await root.reportFailed(id, c.runId);
      if (i < 49) await root.rerunTask(id);
    }
    const err = await errorOf(root.rerunTask(id));
    expect(err?.message).toContain('Maximum number of runs reached (50)');
  });
});

describe('task groups and counts', () => {
  it('seals, refuses new tasks in a sealed group, cancels only sealed groups', async () => {
    const group = newId();
    const tq = queueName();
    const ids = [newId(), newId(), newId()];
    for (const id of ids)
      await root.createTask(id, taskDef({ taskGroupId: group, taskQueueId: tq }));
    await claimOne(tq);
    const g = await root.getTaskGroup(group);
    expect(g.sealed).toBeUndefined();
    expect((await errorOf(root.cancelTaskGroup(group)))?.message).toContain(
      'Cannot cancel unsealed task group',
    );
    const sealed = await root.sealTaskGroup(group);
    expect(sealed.sealed).toBeTruthy();
    expect((await root.sealTaskGroup(group)).sealed).toBe(sealed.sealed);
    const err = await errorOf(root.createTask(newId(), taskDef({ taskGroupId: group })));
    expect(err?.message).toContain('is sealed and does not accept new tasks');
    const result = await root.cancelTaskGroup(group);
    expect(result).toMatchObject({ taskGroupId: group, taskGroupSize: 3, cancelledCount: 3 });
    const list = await root.listTaskGroup(group);
    expect(list.tasks.map((t) => t.status.state)).toEqual(['exception', 'exception', 'exception']);
    expect((await errorOf(root.getTaskGroup(newId())))?.status).toBe(404);
  });

  it('pending and claimed counts are exact and change with each task', async () => {
    const tq = queueName();
    expect((await root.pendingTasks(tq)).pendingTasks).toBe(0);
    for (let i = 0; i < 3; i++) await root.createTask(newId(), taskDef({ taskQueueId: tq }));
    expect((await root.pendingTasks(tq)).pendingTasks).toBe(3);
    await claimOne(tq);
    expect(await root.taskQueueCounts(tq)).toMatchObject({
      pendingTasks: 2,
      claimedTasks: 1,
      taskQueueId: tq,
    });
    const pending = await root.listPendingTasks(tq, { limit: 1 });
    expect(pending.tasks).toHaveLength(1);
    expect(pending.continuationToken).toBeTruthy();
    const claimed = await root.listClaimedTasks(tq);
    expect(claimed.tasks[0]).toMatchObject({ workerGroup: 'wg', workerId: 'w1', runId: 0 });
  });
});
