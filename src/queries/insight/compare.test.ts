import { describe, expect, it } from 'vitest';
import { compareGroups } from './compare';
import { storeOf, type PlainTask } from './insight-data';

const t = (
  taskId: string,
  name: string,
  state: 'completed' | 'failed' | 'exception' | 'running',
  run = 100,
  created = 0,
): PlainTask => ({
  taskId,
  name,
  state,
  created,
  runs: [
    {
      state,
      scheduled: 0,
      started: 10,
      resolved: state === 'running' ? undefined : 10 + run,
    },
  ],
});

describe('compare classification', () => {
  const a = storeOf([
    t('a1', 'build', 'completed', 100),
    t('a2', 'test-1', 'completed'),
    t('a3', 'test-2', 'failed'),
    t('a4', 'test-3', 'failed'),
    t('a5', 'lint', 'completed'),
    t('a6', 'docs', 'completed', 50),
    t('a7', 'pending-in-a', 'running'),
  ]).view();
  const b = storeOf([
    t('b1', 'build', 'completed', 400),
    t('b2', 'test-1', 'failed'),
    t('b3', 'test-2', 'completed'),
    t('b4', 'test-3', 'exception'),
    t('b6', 'docs', 'completed', 60),
    t('b8', 'new-task', 'completed'),
    // A retrigger: the later-created copy of test-2 failed, and it is the one that counts.
    t('b9', 'test-2', 'failed', 100, 5),
    t('b7', 'pending-in-a', 'failed'),
  ]).view();
  const c = compareGroups(a, b);
  const names = (list: { name: string }[]) => list.map((e) => e.name);

  it('sorts matched tasks into newly failing, fixed and still failing', () => {
    expect(names(c.newlyFailing)).toEqual(['test-1']);
    expect(c.newlyFailing[0]).toMatchObject({ aTaskId: 'a2', bTaskId: 'b2', bState: 'failed' });
    expect(names(c.fixed)).toEqual([]);
    expect(names(c.stillFailing)).toEqual(['test-2', 'test-3']);
    expect(c.stillFailing[0]!.bTaskId).toBe('b9');
  });

  it('lists tasks only in one group, and run-time regressions largest first', () => {
    expect(names(c.onlyA)).toEqual(['lint']);
    expect(names(c.onlyB)).toEqual(['new-task']);
    expect(names(c.slower)).toEqual(['build', 'docs']);
    expect(c.slower[0]).toMatchObject({ aRun: 100, bRun: 400 });
    expect(c.matched).toBe(6);
  });

  it('reports a fix, and a task unresolved in A is not newly failing', () => {
    const back = compareGroups(b, a);
    expect(names(back.fixed)).toEqual(['test-1']);
    expect(names(c.newlyFailing)).not.toContain('pending-in-a');
  });

  it('keeps the largest regressions when more than the limit are slower, ties by name', () => {
    const many = (prefix: string, extra: (k: number) => number) =>
      storeOf(
        Array.from({ length: 30 }, (_, k) =>
          t(`${prefix}${k}`, `t-${k}`, 'completed', 100 + extra(k)),
        ),
      ).view();
    const top = compareGroups(
      many('a', () => 0),
      many('b', (k) => (k % 10) * 10),
      5,
    );
    expect(names(top.slower)).toEqual(['t-19', 't-29', 't-9', 't-18', 't-28']);
    expect(top.slower[0]).toMatchObject({ aRun: 100, bRun: 190 });
  });
});
