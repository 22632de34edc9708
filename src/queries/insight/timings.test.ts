import { describe, expect, it } from 'vitest';
import { storeOf, type PlainTask } from './insight-data';
import { distribution, histogram, nearestRank, niceStep, timings } from './timings';

describe('nearest-rank percentiles', () => {
  it('picks the value at rank ceil(p/100 n)', () => {
    const sorted = [15, 20, 35, 40, 50];
    expect(nearestRank(sorted, 5)).toBe(15);
    expect(nearestRank(sorted, 30)).toBe(20);
    expect(nearestRank(sorted, 40)).toBe(20);
    expect(nearestRank(sorted, 50)).toBe(35);
    expect(nearestRank(sorted, 95)).toBe(50);
    expect(nearestRank(sorted, 100)).toBe(50);
    expect(nearestRank(sorted, 0)).toBe(15);
    expect(nearestRank([], 50)).toBeUndefined();
  });
  it('sorts numerically, not as strings', () => {
    const d = distribution(Float64Array.from([100, 9, 20, 3]));
    expect(d).toEqual({ count: 4, p5: 3, p50: 9, p95: 100, max: 100 });
  });
});

describe('histogram binning', () => {
  it('uses 1-2-5 widths and puts the maximum in the last bin', () => {
    expect(niceStep(3.3)).toBe(5);
    expect(niceStep(12_000)).toBe(20_000);
    expect(niceStep(0)).toBe(1);
    const h = histogram(
      Float64Array.from([0, 999, 1000, 2500, 3000]),
      Float64Array.from([2999]),
      3,
    );
    expect(h.width).toBe(1000);
    expect(h.last).toEqual([2, 1, 1, 1]);
    expect(h.retried).toEqual([0, 0, 1, 0]);
  });
  it('has one empty bin for no values', () => {
    expect(histogram(new Float64Array(), new Float64Array())).toEqual({
      width: 1,
      last: [0],
      retried: [0],
    });
  });
});

describe('group timings', () => {
  const t = (
    taskId: string,
    queue: string,
    kind: string,
    runs: PlainTask['runs'],
    state: PlainTask['state'] = 'completed',
  ): PlainTask => ({
    taskId,
    name: `${kind}-${taskId}`,
    queue,
    kind,
    state,
    runs,
  });
  const tasks = [
    t('a', 'p/linux', 'build', [
      { state: 'completed', scheduled: 0, started: 1000, resolved: 61_000 },
    ]),
    t(
      'b',
      'p/linux',
      'test',
      [
        {
          state: 'exception',
          scheduled: 0,
          started: 500,
          resolved: 10_500,
          reasonResolved: 'worker-shutdown',
        },
        { state: 'failed', scheduled: 10_500, started: 12_500, resolved: 32_500 },
      ],
      'failed',
    ),
    t('c', 'p/win', 'test', [
      { state: 'completed', scheduled: 0, started: 3000, resolved: 123_000 },
    ]),
    t('d', 'p/win', 'test', [{ state: 'running', scheduled: 0, started: 4000 }], 'running'),
    t('e', 'p/win', 'test', [], 'unscheduled'),
  ];
  const r = timings(storeOf(tasks).view(), 14_000);

  it('counts last runs, keeps retried runs apart and sums compute over every run', () => {
    expect(r.run).toEqual({ count: 3, p5: 20_000, p50: 60_000, p95: 120_000, max: 120_000 });
    expect(r.wait.count).toBe(4);
    expect(r.wait.max).toBe(4000);
    expect(r.retriedRuns).toBe(1);
    expect(r.runHistogram.retried.reduce((a, b) => a + b)).toBe(1);
    expect(r.runHistogram.last.reduce((a, b) => a + b)).toBe(3);
    // 60 + 10 + 20 + 120 + 10 (running for 10 s) seconds
    expect(r.computeHours).toBeCloseTo(220 / 3600, 6);
  });

  it('tabulates by queue and by kind, and lists the slowest tasks first', () => {
    const win = r.byQueue.find((q) => q.key === 'p/win')!;
    expect(win).toMatchObject({
      count: 3,
      failures: 0,
      p50Run: 120_000,
      p95Run: 120_000,
      p95Wait: 4000,
    });
    const test = r.byKind.find((k) => k.key === 'test')!;
    expect(test).toMatchObject({ count: 4, failures: 1, p50Run: 20_000, p95Run: 120_000 });
    expect(r.slowest.map((s) => s.taskId)).toEqual(['c', 'a', 'b']);
  });

  it('keeps the 20 slowest of many, ties by taskId, as a full sort would', () => {
    const tasks = Array.from({ length: 300 }, (_, i) => ({
      taskId: `t${String((i * 7919) % 300).padStart(3, '0')}`,
      state: 'completed' as const,
      runs: [
        {
          state: 'completed' as const,
          scheduled: 0,
          started: 1000,
          // Many equal run times, so ties matter.
          resolved: 1000 + ((i * 37) % 50) * 1000,
        },
      ],
    }));
    const got = timings(storeOf(tasks).view(), 0).slowest.map((s) => s.taskId);
    const want = tasks
      .map((t) => ({ id: t.taskId, run: t.runs[0]!.resolved - 1000 }))
      .sort((a, b) => b.run - a.run || (a.id < b.id ? -1 : 1))
      .slice(0, 20)
      .map((t) => t.id);
    expect(got).toEqual(want);
  });
});
