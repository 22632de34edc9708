import { describe, expect, it } from 'vitest';
import { filterRows, sortOrder, type GroupRow } from '../task-group/group-rows';
import { Selection } from './selection';

const row = (taskId: string, state: GroupRow['state'], taskQueueId = 'p/a'): GroupRow => ({
  taskId,
  name: `task ${taskId}`,
  search: `task ${taskId}`,
  state,
  runs: state === 'unscheduled' ? 0 : 1,
  taskQueueId,
  kind: 'task',
});

describe('selection', () => {
  const rows: GroupRow[] = [
    row('a', 'failed'),
    row('b', 'completed'),
    row('c', 'failed', 'p/b'),
    row('d', 'running'),
    row('e', 'failed'),
  ];
  const all = sortOrder(rows, undefined, 0);
  const failed = filterRows(rows, all, { states: new Set(['failed']), search: '' });
  const at = (id: string) => rows.findIndex((r) => r.taskId === id);

  it('select-all takes every task matching the filter, not the others', () => {
    const s = new Selection();
    s.setView(failed, true);
    expect(s.taskIds(rows)).toEqual(['a', 'c', 'e']);
    expect(s.countIn(failed)).toBe(3);
    expect(s.countIn(all)).toBe(3);
    const queueB = filterRows(rows, all, { states: new Set(), search: '', queue: 'p/b' });
    // A narrower filter hides two of the selected tasks; the selection keeps them.
    expect(s.countIn(queueB)).toBe(1);
    expect(s.size).toBe(3);
  });

  it('select-all over a search and a filter combined, then deselect only those', () => {
    const s = new Selection();
    s.toggle(at('b'));
    const view = filterRows(rows, all, { states: new Set(['failed']), search: 'task e' });
    s.setView(view, true);
    expect(s.taskIds(rows)).toEqual(['b', 'e']);
    s.setView(view, false);
    expect(s.taskIds(rows)).toEqual(['b']);
    expect(s.size).toBe(1);
  });

  it('select-all over 50,000 rows of a filter', () => {
    const many: GroupRow[] = Array.from({ length: 50_000 }, (_, i) =>
      row(`t${i}`, i % 5 === 0 ? 'failed' : 'completed'),
    );
    const order = sortOrder(many, undefined, 0);
    const view = filterRows(many, order, { states: new Set(['failed']), search: '' });
    const s = new Selection();
    s.setView(view, true);
    expect(s.size).toBe(10_000);
    expect(s.countIn(order)).toBe(10_000);
    expect(s.taskIds(many).every((id) => Number(id.slice(1)) % 5 === 0)).toBe(true);
    s.clear();
    expect(s.countIn(view)).toBe(0);
  });

  it('shift-click selects the range between the anchor and the row, in display order', () => {
    const s = new Selection();
    const byNameDesc = sortOrder(rows, { key: 'name', dir: 'desc' }, 0); // e d c b a
    s.toggle(at('d'));
    s.range(byNameDesc, at('b'));
    expect(s.taskIds(rows)).toEqual(['b', 'c', 'd']);
    // Shift-clicking a selected row deselects the range up to it.
    s.range(byNameDesc, at('c'));
    expect(s.taskIds(rows)).toEqual(['d']);
  });

  it('survives re-sorting and rows replaced in place by live updates', () => {
    const s = new Selection();
    s.toggle(at('c'));
    const updated = rows.map((r) => (r.taskId === 'c' ? { ...r, state: 'pending' as const } : r));
    const resorted = sortOrder(updated, { key: 'state', dir: 'asc' }, 0);
    expect(s.countIn(resorted)).toBe(1);
    expect(s.taskIds(updated)).toEqual(['c']);
  });

  it('selectOnly replaces the selection with the given tasks, ignoring unknown ids', () => {
    const s = new Selection();
    s.toggle(at('b'));
    let calls = 0;
    s.subscribe(() => calls++);
    expect(s.selectOnly(rows, ['e', 'a', 'zz'])).toBe(2);
    expect(s.taskIds(rows)).toEqual(['a', 'e']);
    expect(s.size).toBe(2);
    expect(calls).toBe(1);
    // The filter's count follows: two of them are failed, none is running.
    expect(s.countIn(failed)).toBe(2);
    const running = filterRows(rows, all, { states: new Set(['running']), search: '' });
    expect(s.countIn(running)).toBe(0);
    expect(s.selectOnly(rows, [])).toBe(0);
    expect(s.size).toBe(0);
  });

  it('notifies listeners once per change and clears', () => {
    const s = new Selection();
    let calls = 0;
    const off = s.subscribe(() => calls++);
    s.setView(all, true);
    s.clear();
    s.clear();
    off();
    s.toggle(0);
    expect(calls).toBe(2);
    expect(s.getVersion()).toBe(3);
  });
});
