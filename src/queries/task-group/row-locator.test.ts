import { describe, expect, it } from 'vitest';
import type { GroupRow } from './group-rows';
import { createRowLocator } from './row-locator';

const row = (taskId: string, state: GroupRow['state'] = 'pending') =>
  ({
    taskId,
    name: taskId,
    search: taskId,
    state,
    runs: 0,
    taskQueueId: 'p/w',
    kind: 'x',
  }) as GroupRow;

describe('row locator', () => {
  it('finds the row once it arrives, follows in-place replacements, and searches a new array again', () => {
    const find = createRowLocator('d');
    const rows = [row('a'), row('b')];
    expect(find(rows)).toBeUndefined();
    rows.push(row('c'), row('d'));
    expect(find(rows)?.state).toBe('pending');
    rows[3] = row('d', 'completed');
    expect(find(rows)?.state).toBe('completed');
    const dropped = rows.filter((r) => r.taskId !== 'a');
    expect(find(dropped)).toBe(dropped[2]);
    expect(find(dropped.filter((r) => r.taskId !== 'd'))).toBeUndefined();
  });
});
