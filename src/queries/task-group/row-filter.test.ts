import { describe, expect, it } from 'vitest';
import { filterRows, sortOrder, type GroupRow } from './group-rows';
import { createRowFilter } from './row-filter';
import { SearchIndex } from './search-index';

const row = (name: string, state: GroupRow['state'], i = 0, queue = 'p/w'): GroupRow => ({
  taskId: `t${i}`,
  name,
  search: name.toLowerCase(),
  state,
  runs: 0,
  taskQueueId: queue,
  kind: name.split('-')[0]!,
});

describe('the task list filter', () => {
  it('typing forward narrows the last answer, and every other change filters from scratch', () => {
    // A seeded sequence of searches, state sets, queues and sorts, as a user would produce them;
    // the remembering filter must answer each exactly as a fresh filterRows does.
    const many = Array.from({ length: 400 }, (_, i) => ({
      ...row(
        `${['build', 'test', 'lint'][i % 3]}-linux${i % 7}/opt-${i}`,
        (['failed', 'completed', 'running', 'pending'] as const)[i % 4]!,
        i,
      ),
      taskQueueId: `p/w${i % 2}`,
    }));
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const filter = createRowFilter();
    const index = new SearchIndex();
    let orders = [sortOrder(many, undefined, 0), sortOrder(many, { key: 'name', dir: 'desc' }, 0)];
    let search = '';
    let states = new Set<GroupRow['state']>();
    let queue: string | undefined;
    let order = orders[0]!;
    let narrowed = 0;
    for (let step = 0; step < 300; step++) {
      const r = rand(10);
      if (r < 5) search += 'buildtestlinux1/opt-'[rand(20)]!;
      else if (r === 5) search = search.slice(0, -1);
      else if (r === 6) states = new Set(rand(2) ? ['failed'] : []);
      else if (r === 7) queue = rand(2) ? 'p/w1' : undefined;
      else if (r === 8) order = orders[rand(2)]!;
      else {
        // Rows that changed in place come with a new order.
        many[rand(many.length)]!.state = 'completed';
        orders = orders.map((o) => o.slice());
        order = orders[0]!;
      }
      if (search.length > 6) search = '';
      const params = { states, search, queue };
      // With the search index on most steps (as the page filters), without on the others.
      const got = [...filter(many, order, params, rand(4) ? index : undefined)];
      if (search && got.length < 400) narrowed++;
      expect(got, `step ${step}: "${search}"`).toEqual([...filterRows(many, order, params)]);
    }
    expect(narrowed).toBeGreaterThan(20);
  });

  it('finds names at their edges, overlapping repeats, and never a match across two names', () => {
    const rows = [
      row('aaa', 'failed', 0),
      row('xa', 'completed', 1),
      row('ab', 'failed', 2),
      row('nul\u0000inside', 'running', 3),
      row('', 'pending', 4),
      row('Ünïcode-ß', 'failed', 5),
    ];
    const order = sortOrder(rows, undefined, 0);
    const filter = createRowFilter();
    const indexed = createRowFilter();
    const index = new SearchIndex();
    for (const search of [
      'a',
      'aa',
      'aaa',
      'aaaa',
      'xa',
      'aab',
      'ab',
      'b',
      'axa',
      'l\u0000i',
      '\u0000',
      'ü',
      'ß',
      'ünïcode-ß',
      'e-',
    ])
      for (const states of [[], ['failed'], ['completed', 'running']] as GroupRow['state'][][]) {
        const params = { states: new Set(states), search };
        const want = [...filterRows(rows, order, params)];
        const what = `${JSON.stringify(search)} ${states.join()}`;
        expect([...filter(rows, order, params)], what).toEqual(want);
        expect([...indexed(rows, order, params, index)], `${what} (indexed)`).toEqual(want);
      }
  });

  it('filters by queue and kind with a search, as filterRows does', () => {
    const rows = Array.from({ length: 50 }, (_, i) =>
      row(`${i % 2 ? 'build' : 'test'}-linux-${i}`, 'completed', i, `p/q${i % 3}`),
    );
    const order = sortOrder(rows, { key: 'name', dir: 'asc' }, 0);
    const filter = createRowFilter();
    for (const params of [
      { states: new Set<GroupRow['state']>(), search: 'linux-1', queue: 'p/q1' },
      { states: new Set<GroupRow['state']>(), search: 'linux-1', kind: 'build' },
      { states: new Set<GroupRow['state']>(), search: 'linux-1', kind: 'build', queue: 'p/q2' },
      { states: new Set<GroupRow['state']>(), search: '', kind: 'test' },
    ])
      expect([...filter(rows, order, params)]).toEqual([...filterRows(rows, order, params)]);
  });
});
