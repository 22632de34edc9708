import { describe, expect, it } from 'vitest';
import { criticalPath, neverRuns } from './critical-path';
import { storeOf, type PlainTask } from './insight-data';

const done = (
  taskId: string,
  scheduled: number,
  started: number,
  resolved: number,
  dependencies: string[] = [],
  state: 'completed' | 'failed' = 'completed',
): PlainTask => ({
  taskId,
  state,
  dependencies,
  runs: [{ state, scheduled, started, resolved, reasonResolved: state }],
});

const path = (tasks: PlainTask[], now = 10_000) => {
  const v = storeOf(tasks).view();
  const p = criticalPath(v, now)!;
  return { ...p, names: p.steps.map((i) => v.taskIds[i]) };
};

describe('critical path', () => {
  it('follows a chain back from the last task to resolve', () => {
    const p = path([
      done('decision', 0, 10, 100),
      done('build', 100, 150, 1000, ['decision']),
      done('test', 1000, 1100, 1500, ['build']),
      done('lint', 100, 120, 200, ['decision']),
    ]);
    expect(p.names).toEqual(['decision', 'build', 'test']);
    expect(p.start).toBe(0);
    expect(p.end).toBe(1500);
    expect(p.length).toBe(1500);
    // 10 + 50 + 100 waiting for workers
    expect(p.waiting).toBe(160);
    expect(p.live).toBe(false);
  });

  it('takes the dependency that resolved latest in a diamond, ties to the smaller taskId', () => {
    const diamond = (bEnd: number, cEnd: number) =>
      path([
        done('a', 0, 0, 10),
        done('c', 10, 10, cEnd, ['a']),
        done('b', 10, 10, bEnd, ['a']),
        done('d', 500, 510, 600, ['c', 'b']),
      ]).names;
    expect(diamond(400, 300)).toEqual(['a', 'b', 'd']);
    expect(diamond(300, 400)).toEqual(['a', 'c', 'd']);
    expect(diamond(400, 400)).toEqual(['a', 'b', 'd']);
  });

  it('steps back from the last run of a retried task, ignoring a dependency rerun after it', () => {
    const p = path([
      done('a', 0, 0, 100),
      // b resolved after t's last run was scheduled (a later rerun): not what t waited for.
      done('b', 0, 0, 5000),
      {
        taskId: 't',
        state: 'completed',
        dependencies: ['a', 'b'],
        runs: [
          {
            state: 'exception',
            scheduled: 200,
            started: 210,
            resolved: 900,
            reasonResolved: 'claim-expired',
          },
          {
            state: 'completed',
            scheduled: 900,
            started: 950,
            resolved: 6000,
            reasonCreated: 'retry',
          },
        ],
      },
    ]);
    expect(p.names).toEqual(['a', 't']);
    expect(p.waiting).toBe(10 + 50);
    expect(p.length).toBe(6000);
  });

  it('uses now and the unresolved tasks while the group runs; tasks without runs count', () => {
    const now = 10_000;
    const p = path(
      [
        done('decision', 0, 0, 100),
        {
          taskId: 'build',
          state: 'running',
          dependencies: ['decision'],
          runs: [{ state: 'running', scheduled: 100, started: 400 }],
        },
        { taskId: 'test', state: 'unscheduled', dependencies: ['build'] },
        {
          taskId: 'other',
          state: 'pending',
          dependencies: ['decision'],
          runs: [{ state: 'pending', scheduled: 100 }],
        },
      ],
      now,
    );
    expect(p.names).toEqual(['decision', 'build', 'test']);
    expect(p.live).toBe(true);
    expect(p.end).toBe(now);
    expect(p.length).toBe(now);
    expect(p.waiting).toBe(300);
  });

  it('stops at a dependency outside the group, and a blocked task does not keep the group live', () => {
    const tasks: PlainTask[] = [
      done('build', 0, 0, 100, ['not-in-group']),
      done('test', 100, 100, 300, ['build'], 'failed'),
      { taskId: 'upload', state: 'unscheduled', dependencies: ['test'] },
    ];
    const v = storeOf(tasks).view();
    expect([...neverRuns(v)]).toEqual([0, 0, 1]);
    const p = path(tasks);
    expect(p.names).toEqual(['build', 'test']);
    expect(p.live).toBe(false);
    expect(p.end).toBe(300);
  });

  it('has no path for an empty group', () => {
    expect(criticalPath(storeOf([]).view(), 0)).toBeUndefined();
  });
});
