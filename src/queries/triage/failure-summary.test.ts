import { describe, expect, it } from 'vitest';
import { storeOf } from '../insight/insight-data';
import { failureSummary } from './failure-summary';

describe('failure summary', () => {
  it('groups exception runs by reason and lists failed tasks with their failed run', () => {
    const v = storeOf([
      { taskId: 'ok', state: 'completed', runs: [{ state: 'completed' }] },
      {
        taskId: 'retried',
        state: 'completed',
        runs: [{ state: 'exception', reasonResolved: 'worker-shutdown' }, { state: 'completed' }],
      },
      {
        taskId: 'lost',
        state: 'exception',
        runs: [
          { state: 'exception', reasonResolved: 'claim-expired' },
          { state: 'exception', reasonResolved: 'worker-shutdown' },
        ],
      },
      {
        taskId: 'late',
        state: 'exception',
        runs: [{ state: 'exception', reasonResolved: 'deadline-exceeded' }],
      },
      {
        taskId: 'bad',
        name: 'test-a',
        state: 'failed',
        runs: [{ state: 'exception', reasonResolved: 'claim-expired' }, { state: 'failed' }],
      },
      { taskId: 'waiting', state: 'unscheduled' },
    ]).view();
    const s = failureSummary(v);
    expect(s.failed).toEqual([{ taskId: 'bad', runId: 1, name: 'test-a' }]);
    expect(
      s.exceptions.map((e) => [
        e.reason,
        e.runs,
        e.tasks.map((t) => `${t.taskId}/${t.runId}${t.final ? '!' : ''}`),
      ]),
    ).toEqual([
      ['claim-expired', 2, ['lost/0', 'bad/0']],
      ['worker-shutdown', 2, ['retried/0', 'lost/1!']],
      ['deadline-exceeded', 1, ['late/0!']],
    ]);
  });
});
