import { describe, expect, it } from 'vitest';
import type { GroupRow } from '../task-group/group-rows';
import { changeCount, describeChangeParts, describeChanges, diffRows } from './row-diff';

const row = (taskId: string, patch: Partial<GroupRow> = {}): GroupRow => ({
  taskId,
  name: taskId,
  search: taskId,
  state: 'completed',
  runs: 1,
  taskQueueId: 'p/w',
  kind: 'test',
  started: 1000,
  resolved: 2000,
  ...patch,
});

describe('diff of cached and fresh rows', () => {
  const cached = [
    row('same'),
    row('rerun'),
    row('expired'),
    row('resolved', { state: 'running', resolved: undefined }),
  ];

  it('finds a rerun, a resolution, a new task and an expired one', () => {
    const fresh = [
      row('same'),
      row('rerun', { state: 'pending', runs: 2, started: undefined, resolved: undefined }),
      row('resolved', { state: 'failed' }),
      row('new', { state: 'unscheduled', runs: 0 }),
    ];
    const changes = diffRows(cached, fresh);
    expect(changes).toEqual({
      changed: ['rerun', 'resolved'],
      added: ['new'],
      removed: ['expired'],
    });
    expect(changeCount(changes)).toBe(4);
    expect(describeChanges(changes)).toBe('4 tasks changed since you last looked');
    expect(describeChangeParts(changes)).toBe('2 updated · 1 new · 1 expired');
  });

  it('sees a priority change as a change, and the same rows as none', () => {
    expect(diffRows(cached, cached)).toEqual({ changed: [], added: [], removed: [] });
    expect(describeChanges(diffRows(cached, cached))).toBe('No task changed since you last looked');
    const changes = diffRows([row('a')], [row('a', { priority: 'high' })]);
    expect(changes.changed).toEqual(['a']);
    expect(describeChanges(changes)).toBe('1 task changed since you last looked');
    expect(describeChangeParts(changes)).toBe('1 updated');
  });

  it('formats large counts with separators', () => {
    const fresh = Array.from({ length: 12_345 }, (_, i) => row(`t${i}`));
    expect(describeChanges(diffRows([], fresh))).toBe('12,345 tasks changed since you last looked');
  });
});
