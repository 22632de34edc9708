import { describe, expect, it, vi } from 'vitest';
import { QueueError, type TaskRun, type TaskStatus } from '../api';
import { ActionNotDoneError, runGuardedAction, type GuardedQueue } from './guarded-action';

const T = '2026-01-01T00:00:00.000Z';
const taskId = 'fN1SbArXTPSVFNUvaOlinQ';

function status(state: TaskStatus['state'], runs: TaskRun[]): TaskStatus {
  return {
    taskId,
    provisionerId: 'p',
    workerType: 'w',
    schedulerId: '-',
    taskGroupId: taskId,
    deadline: T,
    expires: T,
    retriesLeft: 5,
    state,
    runs,
    priority: 'low',
  };
}
const completed: TaskRun = {
  runId: 0,
  state: 'completed',
  reasonCreated: 'scheduled',
  reasonResolved: 'completed',
  scheduled: T,
};
const rerunRun: TaskRun = { runId: 1, state: 'pending', reasonCreated: 'rerun', scheduled: T };

const error = (status: number) =>
  new QueueError({
    status,
    code: status ? 'InternalServerError' : 'NetworkError',
    message: 'boom',
    method: 'rerunTask',
  });

/** A Queue whose rerun commits (adds a run) and then fails or answers as told. */
function fakeQueue(opts: { commit: boolean; fail?: QueueError; statusFails?: boolean }) {
  let current = status('completed', [completed]);
  const rerunTask = vi.fn(async () => {
    if (opts.commit) current = { ...current, state: 'pending', runs: [...current.runs, rerunRun] };
    if (opts.fail) throw opts.fail;
    return { status: current };
  });
  const queue = {
    status: vi.fn(async () => {
      if (opts.statusFails) throw error(503);
      return { status: current };
    }),
    rerunTask,
    scheduleTask: vi.fn(),
    cancelTask: vi.fn(),
    changeTaskPriority: vi.fn(),
  } as unknown as GuardedQueue;
  return { queue, rerunTask, before: current };
}

describe('runGuardedAction', () => {
  it('returns the answer of a call that succeeds', async () => {
    const { queue, before } = fakeQueue({ commit: true });
    const out = await runGuardedAction(queue, taskId, { kind: 'rerun' }, before);
    expect(out.confirmedAfterFailure).toBe(false);
    expect(out.status.runs).toHaveLength(2);
  });

  it('treats a 5xx after the commit as done, without calling again', async () => {
    const { queue, before, rerunTask } = fakeQueue({ commit: true, fail: error(502) });
    const out = await runGuardedAction(queue, taskId, { kind: 'rerun' }, before);
    expect(out).toMatchObject({ confirmedAfterFailure: true });
    expect(out.status.runs).toHaveLength(2);
    expect(rerunTask).toHaveBeenCalledTimes(1);
  });

  it('reports a retryable failure when the effect is missing', async () => {
    const { queue, before } = fakeQueue({ commit: false, fail: error(0) });
    const failure = await runGuardedAction(queue, taskId, { kind: 'rerun' }, before).catch(
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(ActionNotDoneError);
    expect((failure as ActionNotDoneError).retryable).toBe(true);
    expect((failure as Error).message).toMatch(/rerun did not happen.*safe to try again/);
  });

  it('on a retry, reads the status first and does not call when the effect is there', async () => {
    const { queue, before, rerunTask } = fakeQueue({ commit: true });
    await queue.rerunTask(taskId); // the first attempt committed; its answer was lost
    rerunTask.mockClear();
    const out = await runGuardedAction(queue, taskId, { kind: 'rerun' }, before, { recheck: true });
    expect(out.confirmedAfterFailure).toBe(true);
    expect(rerunTask).not.toHaveBeenCalled();
  });

  it('on a retry, calls again when the effect is missing', async () => {
    const { queue, before, rerunTask } = fakeQueue({ commit: true });
    const out = await runGuardedAction(queue, taskId, { kind: 'rerun' }, before, { recheck: true });
    expect(rerunTask).toHaveBeenCalledTimes(1);
    expect(out).toMatchObject({ confirmedAfterFailure: false });
  });

  it('passes the Queue refusing (4xx) through unchanged', async () => {
    const { queue, before } = fakeQueue({ commit: false, fail: error(409) });
    await expect(runGuardedAction(queue, taskId, { kind: 'rerun' }, before)).rejects.toMatchObject({
      status: 409,
    });
  });

  it('says the outcome is unknown (and retry checks first) when the status cannot be read', async () => {
    const { queue, before } = fakeQueue({ commit: false, fail: error(500), statusFails: true });
    const failure = (await runGuardedAction(queue, taskId, { kind: 'rerun' }, before).catch(
      (e: unknown) => e,
    )) as ActionNotDoneError;
    expect(failure.retryable).toBe(true);
    expect(failure.message).toMatch(/may or may not have happened.*checks the status first/);
  });
});
