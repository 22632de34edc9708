import { describe, expect, it } from 'vitest';
import type { TaskWithStatus } from '../../api';
import { duration, filterRows, sortOrder, toRow, withStatus, type GroupRow } from './group-rows';

const row = (
  name: string,
  state: GroupRow['state'],
  started?: number,
  resolved?: number,
): GroupRow => ({
  taskId: name,
  name,
  search: name.toLowerCase(),
  state,
  runs: started ? 1 : 0,
  taskQueueId: 'p/w',
  kind: name.split('-')[0]!,
  started,
  resolved,
});

describe('group rows', () => {
  const rows = [
    row('b-linux', 'failed', 10, 50),
    row('A-win', 'completed', 0, 100),
    row('c-mac', 'running', 20),
    row('d-android', 'pending'),
  ];

  it('reduces a task to what the table shows', () => {
    const t = {
      task: { metadata: { name: 'build' } },
      status: {
        taskId: 'T',
        provisionerId: 'p',
        workerType: 'w',
        state: 'completed',
        runs: [
          {
            runId: 0,
            state: 'completed',
            reasonCreated: 'scheduled',
            scheduled: '2026-01-01T00:00:00.000Z',
            started: '2026-01-01T00:00:10.000Z',
            resolved: '2026-01-01T00:01:10.000Z',
          },
        ],
      },
    } as unknown as TaskWithStatus;
    const r = toRow(t);
    expect(r).toMatchObject({
      taskId: 'T',
      name: 'build',
      state: 'completed',
      runs: 1,
      taskQueueId: 'p/w',
      kind: 'build',
    });
    expect(duration(r, 0)).toBe(60_000);
    const rerun = withStatus(r, {
      ...t.status,
      state: 'pending',
      runs: [
        ...t.status.runs,
        {
          runId: 1,
          state: 'pending',
          reasonCreated: 'rerun',
          scheduled: '2026-01-01T00:02:00.000Z',
        },
      ],
    });
    expect(rerun).toMatchObject({ name: 'build', state: 'pending', runs: 2, started: undefined });
  });

  it('sorts by name case-insensitively, by state severity and by times with blanks last', () => {
    const names = (order: Int32Array) => [...order].map((i) => rows[i]!.name);
    expect(names(sortOrder(rows, { key: 'name', dir: 'asc' }, 200))).toEqual([
      'A-win',
      'b-linux',
      'c-mac',
      'd-android',
    ]);
    expect(names(sortOrder(rows, { key: 'state', dir: 'asc' }, 200))).toEqual([
      'b-linux',
      'c-mac',
      'd-android',
      'A-win',
    ]);
    expect(names(sortOrder(rows, { key: 'started', dir: 'desc' }, 200))).toEqual([
      'c-mac',
      'b-linux',
      'A-win',
      'd-android',
    ]);
    expect(names(sortOrder(rows, { key: 'duration', dir: 'desc' }, 200))).toEqual([
      'c-mac',
      'A-win',
      'b-linux',
      'd-android',
    ]);
    expect(names(sortOrder(rows, undefined, 200))).toEqual(rows.map((r) => r.name));
  });

  it('filters by several states and a name substring, keeping the sort order', () => {
    const order = sortOrder(rows, { key: 'name', dir: 'desc' }, 0);
    const pick = (states: GroupRow['state'][], search: string) =>
      [...filterRows(rows, order, { states: new Set(states), search })].map((i) => rows[i]!.name);
    expect(pick(['failed', 'running'], '')).toEqual(['c-mac', 'b-linux']);
    expect(pick([], 'WIN')).toEqual(['A-win']);
    expect(pick(['pending'], 'linux')).toEqual([]);
    expect(filterRows(rows, order, { states: new Set(), search: '  ' })).toBe(order);
  });

  it('filters by task queue and by kind', () => {
    const mixed = [...rows, { ...row('e-win', 'failed'), taskQueueId: 'p/other' }];
    const order = sortOrder(mixed, undefined, 0);
    const pick = (params: { queue?: string; kind?: string; states?: GroupRow['state'][] }) =>
      [
        ...filterRows(mixed, order, {
          states: new Set(params.states ?? []),
          search: '',
          queue: params.queue,
          kind: params.kind,
        }),
      ].map((i) => mixed[i]!.name);
    expect(pick({ queue: 'p/other' })).toEqual(['e-win']);
    expect(pick({ kind: 'b' })).toEqual(['b-linux']);
    expect(pick({ queue: 'p/w', states: ['failed'] })).toEqual(['b-linux']);
    expect(pick({ queue: 'p/w', kind: 'e' })).toEqual([]);
  });
});
