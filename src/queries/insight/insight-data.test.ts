import { describe, expect, it } from 'vitest';
import type { TaskWithStatus } from '../../api';
import { InsightStore, stateOf, toInsightBatch, toStatusBatch } from './insight-data';

const iso = (t: number) => new Date(t).toJSON();

function task(k: number, runs: number): TaskWithStatus {
  return {
    task: {
      metadata: { name: `test-${k}` },
      tags: {},
      dependencies: k ? [`t${k - 1}`] : [],
      requires: 'all-completed',
      created: iso(1000 * k),
      deadline: iso(1000 * k + 86400_000),
    },
    status: {
      taskId: `t${k}`,
      taskQueueId: `prov/q${k % 3}`,
      state: 'completed',
      runs: Array.from({ length: runs }, (_, r) => ({
        runId: r,
        state: r === runs - 1 ? 'completed' : 'exception',
        reasonCreated: r ? 'retry' : 'scheduled',
        reasonResolved: r === runs - 1 ? 'completed' : 'worker-shutdown',
        scheduled: iso(1000 * k + 10 * r),
        started: iso(1000 * k + 10 * r + 5),
        resolved: iso(1000 * k + 10 * r + 9),
        workerGroup: 'wg',
        workerId: `w${k % 7}`,
      })),
    },
  } as unknown as TaskWithStatus;
}

describe('insight store', () => {
  it('grows past its first capacity batch by batch, keeping every column in step', () => {
    const store = new InsightStore();
    const all = Array.from({ length: 3000 }, (_, k) => task(k, 1 + (k % 3)));
    for (let k = 0; k < all.length; k += 1000)
      store.addTasks(toInsightBatch(all.slice(k, k + 1000)));
    const v = store.view();
    expect(v.size).toBe(3000);
    const i = v.indexOf('t2501')!;
    expect(v.names[i]).toBe('test-2501');
    expect(v.queueNames[v.queue[i]!]).toBe('prov/q2');
    expect(v.deps(i)).toEqual(['t2500']);
    expect(v.runLen[i]).toBe(3);
    expect(v.started[v.runOff[i]! + 2]).toBe(2501_000 + 25);
    expect(v.workers[v.worker[v.runOff[i]!]!]).toBe('wg/w2');
    expect(v.scheduled.length).toBe(all.reduce((n, t) => n + t.status.runs.length, 0));
  });

  it('rewrites runs from statuses and compacts the old ones away', () => {
    const store = new InsightStore();
    const all = Array.from({ length: 2000 }, (_, k) => task(k, 1));
    store.addTasks(toInsightBatch(all));
    // Every task gets a second run, reported three times: dead runs pile up until compacted.
    for (let pass = 0; pass < 3; pass++)
      store.addStatuses(toStatusBatch(all.map((t, k) => task(k, 2).status)));
    const v = store.view();
    // Live runs: 2 per task; without compaction there would be 2000 + 3 × 4000 slots.
    expect(v.scheduled.length).toBeLessThanOrEqual(2 * 4000);
    for (const k of [0, 999, 1999]) {
      const i = v.indexOf(`t${k}`)!;
      expect(v.runLen[i]).toBe(2);
      expect(stateOf(v.runState[v.runOff[i]! + 1]!)).toBe('completed');
      expect(v.scheduled[v.runOff[i]! + 1]).toBe(1000 * k + 10);
      expect(v.resolved[v.runOff[i]!]).toBe(1000 * k + 9);
    }
  });
});
