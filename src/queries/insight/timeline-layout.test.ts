import { describe, expect, it } from 'vitest';
import { stateCode, storeOf, type PlainTask } from './insight-data';
import { unpackString } from './packed-strings';
import {
  concurrency,
  styleOf,
  timelineLabels,
  timelineLayout,
  type TimelineLayout,
} from './timeline-layout';

const ids = (l: TimelineLayout) =>
  Array.from(l.rowTask, (_, row) => unpackString(l.rowTaskIds, row));

const tasks: PlainTask[] = [
  {
    taskId: 'b',
    queue: 'p/win',
    state: 'completed',
    runs: [
      {
        state: 'exception',
        scheduled: 100,
        started: 200,
        resolved: 300,
        reasonResolved: 'claim-expired',
      },
      { state: 'completed', scheduled: 300, started: 350, resolved: 500 },
    ],
  },
  {
    taskId: 'a',
    queue: 'p/linux',
    state: 'failed',
    runs: [{ state: 'failed', scheduled: 0, started: 50, resolved: 400 }],
  },
  { taskId: 'c', queue: 'p/linux', state: 'pending', runs: [{ state: 'pending', scheduled: 450 }] },
  { taskId: 'd', queue: 'p/linux', state: 'unscheduled', created: 10 },
];

describe('timeline layout', () => {
  const v = storeOf(tasks).view();

  it('draws each run as waiting and running segments, retries apart, coloured by outcome', () => {
    const l = timelineLayout(v, 'start', 1000, [1, 0]);
    expect(ids(l)).toEqual(['a', 'd', 'b', 'c']);
    expect(Array.from(l.rowTask, (_, row) => unpackString(l.rowNames, row))).toEqual(ids(l));
    expect([...l.rowState]).toEqual(
      (['failed', 'unscheduled', 'completed', 'pending'] as const).map(stateCode),
    );
    const segs = Array.from(l.segRow, (row, k) => [
      ids(l)[row],
      l.segStart[k],
      l.segEnd[k],
      l.segStyle[k],
    ]);
    expect(segs).toEqual([
      ['b', 100, 200, styleOf(2, false)],
      ['b', 200, 300, styleOf(2, true)],
      ['b', 300, 350, styleOf(0, false)],
      ['b', 350, 500, styleOf(0, true)],
      ['a', 0, 50, styleOf(1, false)],
      ['a', 50, 400, styleOf(1, true)],
      // pending: waiting until now
      ['c', 450, 1000, styleOf(4, false)],
    ]);
    expect([...l.rowCritical]).toEqual([1, 0, 1, 0]);
    expect([l.t0, l.t1]).toEqual([0, 1000]);
  });

  it('leaves the labels out on request, for timelineLabels to give them by row', () => {
    const bare = timelineLayout(v, 'start', 1000, [], { labels: false });
    expect(bare.rowNames.end.length).toBe(0);
    expect(unpackString(bare.rowTaskIds, 0)).toBe('');
    const labels = timelineLabels(v, bare.rowTask);
    expect(Array.from(bare.rowTask, (_, row) => unpackString(labels.rowTaskIds, row))).toEqual(
      ids(timelineLayout(v, 'start', 1000)),
    );
  });

  it('groups rows by queue in order of their first task', () => {
    const l = timelineLayout(v, 'queue', 1000);
    expect(l.groups).toEqual([
      { label: 'p/linux', firstRow: 0, rows: 3 },
      { label: 'p/win', firstRow: 3, rows: 1 },
    ]);
    expect(ids(l)).toEqual(['a', 'd', 'c', 'b']);
  });
});

describe('concurrency', () => {
  it('counts running and waiting runs per queue at each sample', () => {
    const v = storeOf(tasks).view();
    const c = concurrency(v, 1000, 10);
    expect(c.times[0]).toBe(0);
    expect(c.times[10]).toBe(1000);
    const linux = c.queues.indexOf('p/linux');
    const win = c.queues.indexOf('p/win');
    // samples every 100 ms: a runs 50-400, c waits 450-1000
    expect([...c.running[linux]!]).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect([...c.waiting[linux]!]).toEqual([1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0]);
    expect([...c.running[win]!]).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0]);
    expect([...c.waiting[win]!]).toEqual([0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});
