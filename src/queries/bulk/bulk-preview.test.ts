import { describe, expect, it } from 'vitest';
import { TASK_STATES, type TaskState } from '../../api';
import type { GroupRow } from '../task-group/group-rows';
import { confirmLabel, previewBulk, strandedDependents, type BulkAction } from './bulk-preview';

const NOW = 1_000_000;
const row = (taskId: string, state: TaskState, extra: Partial<GroupRow> = {}): GroupRow => ({
  taskId,
  name: taskId,
  search: taskId,
  state,
  runs: state === 'unscheduled' ? 0 : 1,
  taskQueueId: 'p/w',
  kind: 'k',
  projectId: 'A',
  schedulerId: 's',
  priority: 'lowest',
  deadline: NOW + 3600_000,
  ...extra,
});

/** Expected outcome of every state × action: a label fragment, or `skip:` and the reason. */
const EXPECTED: Record<BulkAction, Record<TaskState, string>> = {
  rerun: {
    unscheduled: 'scheduled now, regardless of their dependencies',
    pending: 'skip:already pending',
    running: 'skip:still running',
    completed: 'get a new run',
    failed: 'get a new run',
    exception: 'get a new run',
  },
  cancel: {
    unscheduled: 'never run',
    pending: 'exception/canceled',
    running: 'stop',
    completed: 'skip:already resolved',
    failed: 'skip:already resolved',
    exception: 'skip:already resolved',
  },
  schedule: {
    unscheduled: 'scheduled now, regardless of their dependencies',
    pending: 'skip:already scheduled',
    running: 'skip:already scheduled',
    completed: 'skip:already resolved',
    failed: 'skip:already resolved',
    exception: 'skip:already resolved',
  },
  priority: {
    unscheduled: 'change priority to high',
    pending: 'change priority to high',
    running: 'change priority to high',
    completed: 'skip:already resolved',
    failed: 'skip:already resolved',
    exception: 'skip:already resolved',
  },
  retrigger: Object.fromEntries(TASK_STATES.map((s) => [s, 'new task'])) as Record<
    TaskState,
    string
  >,
};

describe('bulk preview', () => {
  for (const action of Object.keys(EXPECTED) as BulkAction[]) {
    for (const state of TASK_STATES) {
      it(`${action} on a ${state} task`, () => {
        const p = previewBulk({
          action,
          taskGroupId: 'G',
          selected: [row('t', state)],
          newPriority: 'high',
          now: NOW,
        });
        const want = EXPECTED[action][state];
        expect(p.groups).toHaveLength(1);
        if (want.startsWith('skip:')) {
          expect(p.apply).toEqual([]);
          expect(p.skipped[0]!.reason).toContain(want.slice(5));
          expect(p.groups[0]!.apply).toBe(false);
        } else {
          expect(p.apply).toEqual(['t']);
          expect(p.groups[0]!.label).toContain(want);
        }
      });
    }
  }

  it('groups tasks by outcome with counts, applying ones first, and skips past deadlines', () => {
    const p = previewBulk({
      action: 'rerun',
      taskGroupId: 'G',
      selected: [
        row('p', 'pending'),
        row('f1', 'failed'),
        row('u', 'unscheduled'),
        row('f2', 'failed'),
        row('late', 'failed', { deadline: NOW - 1 }),
        row('max', 'failed', { runs: 50 }),
      ],
      now: NOW,
    });
    expect(p.apply).toEqual(['f1', 'u', 'f2']);
    expect(p.groups.map((g) => [g.apply, g.taskIds.length])).toEqual([
      [true, 2],
      [true, 1],
      [false, 1],
      [false, 1],
      [false, 1],
    ]);
    expect(p.skipped.map((s) => s.reason)).toEqual([
      'already pending: a rerun returns it unchanged',
      'past its deadline: the Queue refuses the call',
      'has the maximum of 50 runs',
    ]);
  });

  it('priority: tasks already at the new priority are skipped', () => {
    const p = previewBulk({
      action: 'priority',
      taskGroupId: 'G',
      selected: [row('a', 'pending', { priority: 'high' }), row('b', 'pending')],
      newPriority: 'high',
      now: NOW,
    });
    expect(p.apply).toEqual(['b']);
    expect(p.skipped).toEqual([{ taskId: 'a', reason: 'already high' }]);
  });

  it('cancel counts the unscheduled dependents that will never run, transitively', () => {
    const all = [
      row('c', 'pending'),
      row('d1', 'unscheduled', { dependencies: ['c'] }),
      row('d2', 'unscheduled', { dependencies: ['d1', 'x'] }),
      row('r', 'unscheduled', { dependencies: ['c'], requires: 'all-resolved' }),
      row('done', 'completed', { dependencies: ['c'] }),
      row('x', 'completed'),
    ];
    expect(strandedDependents(all, new Set(['c']))).toBe(2);
    const p = previewBulk({
      action: 'cancel',
      taskGroupId: 'G',
      selected: [all[0]!],
      all,
      now: NOW,
    });
    expect(p.strandedDependents).toBe(2);
    // A dependent canceled too is not counted as stranded.
    expect(strandedDependents(all, new Set(['c', 'd1']))).toBe(1);
  });

  it('names the scopes, per project, and the confirm label', () => {
    const p = previewBulk({
      action: 'rerun',
      taskGroupId: 'G',
      selected: [row('a', 'failed'), row('b', 'failed', { projectId: 'B' })],
      now: NOW,
    });
    expect(p.scopes.slice(0, 2)).toEqual([
      'queue:rerun-task-in-project:A',
      'queue:rerun-task-in-project:B',
    ]);
    expect(confirmLabel('rerun', 23)).toBe('Rerun 23 tasks');
    expect(confirmLabel('cancel', 1)).toBe('Cancel 1 task');
  });
});
