import { describe, expect, it } from 'vitest';
import type { GroupRow } from './group-rows';
import { createQueueCounter } from './queue-counts';

const row = (taskId: string, taskQueueId: string, state: GroupRow['state'] = 'pending') =>
  ({ taskId, name: taskId, search: taskId, state, runs: 0, taskQueueId, kind: 'x' }) as GroupRow;

describe('queue counts', () => {
  it('counts the appended tail, keeps counts when rows are replaced in place, and recounts a new array', () => {
    const count = createQueueCounter();
    const rows = [row('a', 'p/1'), row('b', 'p/2')];
    expect([...count(rows)]).toEqual([
      ['p/1', 1],
      ['p/2', 1],
    ]);
    rows.push(row('c', 'p/1'), row('d', 'p/3'));
    rows[0] = row('a', 'p/1', 'completed');
    expect(Object.fromEntries(count(rows))).toEqual({ 'p/1': 2, 'p/2': 1, 'p/3': 1 });
    const kept = rows.filter((r) => r.taskId !== 'c');
    expect(Object.fromEntries(count(kept))).toEqual({ 'p/1': 1, 'p/2': 1, 'p/3': 1 });
    // The same answer as counting everything at once.
    const all = new Map<string, number>();
    for (const r of kept) all.set(r.taskQueueId, (all.get(r.taskQueueId) ?? 0) + 1);
    expect(count(kept)).toEqual(all);
  });
});
