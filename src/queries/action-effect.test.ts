import { describe, expect, it } from 'vitest';
import { QueueError, type TaskRun, type TaskStatus } from '../api';
import { actionEffect, outcomeUnknown } from './action-effect';

const T = '2026-01-01T00:00:00.000Z';

function run(runId: number, state: TaskRun['state'], extra: Partial<TaskRun> = {}): TaskRun {
  return {
    runId,
    state,
    reasonCreated: runId === 0 ? 'scheduled' : 'rerun',
    scheduled: T,
    ...extra,
  };
}

function status(state: TaskStatus['state'], runs: TaskRun[], extra: Partial<TaskStatus> = {}) {
  return {
    taskId: 'fN1SbArXTPSVFNUvaOlinQ',
    provisionerId: 'p',
    workerType: 'w',
    schedulerId: '-',
    taskGroupId: 'fN1SbArXTPSVFNUvaOlinQ',
    deadline: T,
    expires: T,
    retriesLeft: 5,
    state,
    runs,
    ...extra,
  } satisfies TaskStatus;
}

const conflict = new QueueError({
  status: 409,
  code: 'RequestConflict',
  message: 'Task is already resolved',
  method: 'changeTaskPriority',
});

describe('outcomeUnknown', () => {
  it('is true without an answer and for 5xx, false for the Queue refusing', () => {
    const e = (status: number, code = 'X') =>
      new QueueError({ status, code, message: '', method: 'rerunTask' });
    expect(outcomeUnknown(e(0, 'NetworkError'))).toBe(true);
    expect(outcomeUnknown(e(0, 'RequestTimeout'))).toBe(true);
    expect(outcomeUnknown(e(502))).toBe(true);
    expect(outcomeUnknown(e(500))).toBe(true);
    expect(outcomeUnknown(e(409))).toBe(false);
    expect(outcomeUnknown(e(403))).toBe(false);
    expect(outcomeUnknown(new Error('bug'))).toBe(false);
  });
});

describe('actionEffect: rerun', () => {
  const before = status('completed', [run(0, 'completed')]);
  it('is present when a rerun run exists beyond the runs seen before, whatever its state', () => {
    for (const s of ['pending', 'running', 'completed', 'failed'] as const) {
      const after = status(s, [run(0, 'completed'), run(1, s)]);
      expect(actionEffect({ kind: 'rerun' }, before, after)).toMatchObject({ effect: 'present' });
    }
  });
  it('is missing (retry safe) when the runs are those seen before', () => {
    expect(actionEffect({ kind: 'rerun' }, before, before)).toEqual({
      effect: 'missing',
      retryable: true,
      reason: 'no new run was added',
    });
  });
  it('does not count a run the Queue added by itself (an automatic retry)', () => {
    const b = status('running', [run(0, 'running')]);
    const after = status('exception', [
      run(0, 'exception', { reasonResolved: 'claim-expired' }),
      run(1, 'exception', { reasonCreated: 'retry', reasonResolved: 'worker-shutdown' }),
    ]);
    expect(actionEffect({ kind: 'rerun' }, b, after)).toMatchObject({
      effect: 'missing',
      retryable: true,
    });
  });
});

describe('actionEffect: cancel', () => {
  it('is present when the last run is exception/canceled', () => {
    const before = status('running', [run(0, 'running')]);
    const after = status('exception', [run(0, 'exception', { reasonResolved: 'canceled' })]);
    expect(actionEffect({ kind: 'cancel' }, before, after)).toMatchObject({
      effect: 'present',
      reason: 'run 0 is resolved exception/canceled',
    });
  });
  it('is present when an unscheduled task got a canceled run', () => {
    const before = status('unscheduled', []);
    const after = status('exception', [
      run(0, 'exception', { reasonCreated: 'exception', reasonResolved: 'canceled' }),
    ]);
    expect(actionEffect({ kind: 'cancel' }, before, after).reason).toMatch(
      /unscheduled task got run 0/,
    );
  });
  it('is missing while the task is unresolved, and not retryable once it resolved otherwise', () => {
    const before = status('pending', [run(0, 'pending')]);
    expect(actionEffect({ kind: 'cancel' }, before, before)).toMatchObject({
      effect: 'missing',
      retryable: true,
    });
    const failed = status('failed', [run(0, 'failed', { reasonResolved: 'failed' })]);
    expect(actionEffect({ kind: 'cancel' }, before, failed)).toMatchObject({
      effect: 'missing',
      retryable: false,
    });
    const otherException = status('exception', [
      run(0, 'exception', { reasonResolved: 'deadline-exceeded' }),
    ]);
    expect(actionEffect({ kind: 'cancel' }, before, otherException)).toMatchObject({
      effect: 'missing',
    });
  });
});

describe('actionEffect: schedule', () => {
  const before = status('unscheduled', []);
  it('is present once the task left unscheduled', () => {
    expect(
      actionEffect({ kind: 'schedule' }, before, status('pending', [run(0, 'pending')])),
    ).toMatchObject({
      effect: 'present',
    });
  });
  it('is missing while unscheduled', () => {
    expect(actionEffect({ kind: 'schedule' }, before, before)).toMatchObject({
      effect: 'missing',
      retryable: true,
    });
  });
});

describe('actionEffect: priority', () => {
  const before = status('pending', [run(0, 'pending')], { priority: 'low' });
  const intent = { kind: 'priority', priority: 'high' } as const;
  it('is present when the status shows the target priority', () => {
    const after = { ...before, priority: 'high' as const };
    expect(actionEffect(intent, before, after)).toMatchObject({ effect: 'present' });
  });
  it('falls back to the definition when the status has no priority', () => {
    const { priority: _, ...noPriority } = before;
    expect(actionEffect(intent, before, noPriority, { definitionPriority: 'high' })).toMatchObject({
      effect: 'present',
    });
    expect(actionEffect(intent, before, noPriority, { definitionPriority: 'low' })).toMatchObject({
      effect: 'missing',
      retryable: true,
    });
  });
  it('counts a 409 "already resolved" as done when the resolved task has the target priority', () => {
    const after = status('completed', [run(0, 'completed')], { priority: 'high' });
    expect(actionEffect(intent, before, after, { error: conflict })).toEqual({
      effect: 'present',
      reason: 'the task is resolved and already has priority high',
    });
  });
  it('is missing and not retryable when the task resolved with another priority', () => {
    const after = status('completed', [run(0, 'completed')], { priority: 'low' });
    expect(actionEffect(intent, before, after, { error: conflict })).toMatchObject({
      effect: 'missing',
      retryable: false,
    });
  });
});
