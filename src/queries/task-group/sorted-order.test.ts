import { describe, expect, it } from 'vitest';
import { sortOrder, type GroupRow, type SortKey } from './group-rows';
import { createSortedOrder } from './sorted-order';

const STATES = ['failed', 'completed', 'running', 'pending', 'exception', 'unscheduled'] as const;

function makeRow(i: number, rand: (n: number) => number): GroupRow {
  const name = `${['build', 'test', 'lint'][rand(3)]}-linux${rand(9)}/opt-${rand(50)}`;
  const state = STATES[rand(STATES.length)]!;
  // Equal values are common (ties break by index) and some times are missing (sorted last).
  const started = rand(5) === 0 ? undefined : 1_000 * rand(40);
  return {
    taskId: `t${i}`,
    name,
    search: name.toLowerCase(),
    state,
    runs: 1,
    taskQueueId: 'p/w',
    kind: 'build',
    started,
    resolved: started === undefined || state === 'running' ? undefined : started + 1_000 * rand(30),
  };
}

describe('the incrementally kept sort order', () => {
  it('answers as a full sort after every page of new rows and every batch of replaced rows', () => {
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const sorts: { key: SortKey; dir: 'asc' | 'desc' }[] = [
      { key: 'name', dir: 'asc' },
      { key: 'name', dir: 'desc' },
      { key: 'state', dir: 'asc' },
      { key: 'started', dir: 'desc' },
      { key: 'resolved', dir: 'asc' },
      { key: 'duration', dir: 'desc' },
    ];
    for (const sort of sorts) {
      const keep = createSortedOrder();
      const rows: GroupRow[] = [];
      const now = 2_000_000;
      for (let step = 0; step < 60; step++) {
        if (step % 3 === 0) {
          // A page arrives: rows appended.
          const page = 1 + rand(40);
          for (let k = 0; k < page; k++) rows.push(makeRow(rows.length, rand));
        } else {
          // A live refresh: a few rows replaced by new objects with other states and times.
          for (let k = 0; k < 1 + rand(5) && rows.length; k++) {
            const i = rand(rows.length);
            rows[i] = { ...makeRow(i, rand), name: rows[i]!.name, search: rows[i]!.search };
          }
        }
        const before = keep(rows, sort, now);
        const answer = keep(rows, sort, now);
        // Nothing changed between the two calls: the same answer, not a new one.
        expect(answer).toBe(before);
        expect([...answer]).toEqual([...sortOrder(rows, sort, now)]);
      }
    }
  });

  it('keeps the `now` of its last full sort for running tasks, so rows do not jump between sorts', () => {
    const rand = () => 0;
    const running = (i: number, started: number): GroupRow => ({
      ...makeRow(i, rand),
      state: 'running',
      started,
      resolved: undefined,
    });
    const rows = [running(0, 100), running(1, 50)];
    const keep = createSortedOrder();
    const sort = { key: 'duration', dir: 'desc' } as const;
    expect([...keep(rows, sort, 1_000)]).toEqual([1, 0]);
    // A new row sorts by the durations at the first sort's `now`: 1,000 − 80 between the two.
    rows.push(running(2, 80));
    expect([...keep(rows, sort, 5_000)]).toEqual([1, 2, 0]);
    expect([...keep(rows, sort, 5_000)]).toEqual([...sortOrder(rows, sort, 1_000)]);
  });

  it('sorts from scratch for a new rows array, another sort, or a shrunken list', () => {
    let seed = 3;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const rows = Array.from({ length: 30 }, (_, i) => makeRow(i, rand));
    const keep = createSortedOrder();
    const byName = { key: 'name', dir: 'asc' } as const;
    keep(rows, byName, 0);
    const byState = { key: 'state', dir: 'desc' } as const;
    expect([...keep(rows, byState, 0)]).toEqual([...sortOrder(rows, byState, 0)]);
    const fewer = rows.slice(0, 10);
    expect([...keep(fewer, byState, 0)]).toEqual([...sortOrder(fewer, byState, 0)]);
    expect([...keep(rows, undefined, 0)]).toEqual(rows.map((_, i) => i));
  });
});
