/**
 * Timings of a task group: run and waiting time distributions (nearest-rank percentiles and
 * histograms), a table by task queue and by kind, and the slowest tasks.
 *
 * Run time is the last run's started → resolved; waiting is its scheduled → started. Earlier
 * runs of retried tasks are counted apart ("retried"), so that retries neither hide nor inflate
 * the distribution of what finally ran.
 */
import type { InsightView } from './insight-data';
import { stateOf } from './insight-data';

/** Nearest-rank percentile of ascending `sorted`: the value at rank ⌈p/100 · n⌉ (at least 1). */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | undefined {
  const n = sorted.length;
  if (!n) return undefined;
  const rank = Math.min(n, Math.max(1, Math.ceil((p / 100) * n)));
  return sorted[rank - 1];
}

export interface Distribution {
  count: number;
  p5?: number;
  p50?: number;
  p95?: number;
  max?: number;
}

export function distribution(values: Float64Array): Distribution {
  const sorted = values.slice().sort();
  return {
    count: sorted.length,
    p5: nearestRank(sorted, 5),
    p50: nearestRank(sorted, 50),
    p95: nearestRank(sorted, 95),
    max: sorted.length ? sorted[sorted.length - 1] : undefined,
  };
}

/** A 1-2-5 step at least `raw`, in ms. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * pow >= raw) return m * pow;
  return 10 * pow;
}

export interface Histogram {
  /** Width of a bin (ms); bin k covers [k·width, (k+1)·width). */
  width: number;
  /** Last runs per bin. */
  last: number[];
  /** Earlier (retried) runs per bin. */
  retried: number[];
}

/** Bins both series on one axis of about `target` bins with a 1-2-5 width; max lands in the last bin. */
export function histogram(last: Float64Array, retried: Float64Array, target = 30): Histogram {
  let max = 0;
  for (const v of last) if (v > max) max = v;
  for (const v of retried) if (v > max) max = v;
  const width = niceStep(max / target);
  const bins = Math.max(1, Math.floor(max / width) + 1);
  const count = (values: Float64Array) => {
    const out = new Array<number>(bins).fill(0);
    for (const v of values) out[Math.min(bins - 1, Math.max(0, Math.floor(v / width)))]!++;
    return out;
  };
  return { width, last: count(last), retried: count(retried) };
}

export interface TimingRow {
  key: string;
  count: number;
  failures: number;
  p50Run?: number;
  p95Run?: number;
  p95Wait?: number;
  computeHours: number;
}

export interface SlowTask {
  taskId: string;
  name: string;
  queue: string;
  kind: string;
  state: string;
  run: number;
  wait?: number;
}

export interface Timings {
  tasks: number;
  run: Distribution;
  wait: Distribution;
  retriedRuns: number;
  runHistogram: Histogram;
  waitHistogram: Histogram;
  byQueue: TimingRow[];
  byKind: TimingRow[];
  slowest: SlowTask[];
  computeHours: number;
}

class Acc {
  runs: number[] = [];
  waits: number[] = [];
  count = 0;
  failures = 0;
  compute = 0;
  row(key: string): TimingRow {
    const r = Float64Array.from(this.runs).sort();
    const w = Float64Array.from(this.waits).sort();
    return {
      key,
      count: this.count,
      failures: this.failures,
      p50Run: nearestRank(r, 50),
      p95Run: nearestRank(r, 95),
      p95Wait: nearestRank(w, 95),
      computeHours: this.compute / 3600_000,
    };
  }
}

export function timings(v: InsightView, now: number, slowest = 20): Timings {
  const lastRun: number[] = [];
  const lastWait: number[] = [];
  const retriedRun: number[] = [];
  const retriedWait: number[] = [];
  // Queue and kind codes are dense: accumulators by code, no map lookups per task.
  const byQueue: (Acc | undefined)[] = new Array(v.queueNames.length);
  const byKind: (Acc | undefined)[] = new Array(v.kindNames.length);
  const runOf = new Float64Array(v.size).fill(NaN);
  const waitOf = new Float64Array(v.size).fill(NaN);
  let compute = 0;
  for (let i = 0; i < v.size; i++) {
    const q = (byQueue[v.queue[i]!] ??= new Acc());
    const k = (byKind[v.kind[i]!] ??= new Acc());
    q.count++;
    k.count++;
    const state = stateOf(v.state[i]!);
    if (state === 'failed' || state === 'exception') {
      q.failures++;
      k.failures++;
    }
    const off = v.runOff[i]!;
    const len = v.runLen[i]!;
    for (let r = off; r < off + len; r++) {
      const s = v.scheduled[r]!;
      const st = v.started[r]!;
      const res = v.resolved[r]!;
      if (!Number.isNaN(st)) {
        const busy = (Number.isNaN(res) ? now : res) - st;
        compute += busy;
        q.compute += busy;
        k.compute += busy;
      }
      const run = !Number.isNaN(st) && !Number.isNaN(res) ? res - st : NaN;
      const wait = !Number.isNaN(s) && !Number.isNaN(st) ? st - s : NaN;
      if (r === off + len - 1) {
        if (!Number.isNaN(run)) {
          lastRun.push(run);
          q.runs.push(run);
          k.runs.push(run);
          runOf[i] = run;
        }
        if (!Number.isNaN(wait)) {
          lastWait.push(wait);
          q.waits.push(wait);
          k.waits.push(wait);
          waitOf[i] = wait;
        }
      } else {
        if (!Number.isNaN(run)) retriedRun.push(run);
        if (!Number.isNaN(wait)) retriedWait.push(wait);
      }
    }
  }
  const lr = Float64Array.from(lastRun);
  const lw = Float64Array.from(lastWait);
  const rr = Float64Array.from(retriedRun);
  const rw = Float64Array.from(retriedWait);

  // The slowest tasks by last run time, without sorting them all: a short sorted list.
  const slower = (a: number, b: number) =>
    runOf[b]! - runOf[a]! || (v.taskIds[a]! < v.taskIds[b]! ? -1 : 1);
  const idx: number[] = [];
  for (let i = 0; i < v.size; i++) {
    if (Number.isNaN(runOf[i]!)) continue;
    if (idx.length === slowest && slower(i, idx[slowest - 1]!) >= 0) continue;
    let at = idx.length < slowest ? idx.length : slowest - 1;
    while (at > 0 && slower(i, idx[at - 1]!) < 0) {
      idx[at] = idx[at - 1]!;
      at--;
    }
    idx[at] = i;
  }
  const byKey = (accs: (Acc | undefined)[], names: readonly string[]) =>
    accs
      .flatMap((acc, code) => (acc ? [acc.row(names[code]!)] : []))
      .sort((a, b) => b.count - a.count);
  return {
    tasks: v.size,
    run: distribution(lr),
    wait: distribution(lw),
    retriedRuns: rr.length,
    runHistogram: histogram(lr, rr),
    waitHistogram: histogram(lw, rw),
    byQueue: byKey(byQueue, v.queueNames),
    byKind: byKey(byKind, v.kindNames),
    slowest: idx.slice(0, slowest).map((i) => ({
      taskId: v.taskIds[i]!,
      name: v.names[i]!,
      queue: v.queueNames[v.queue[i]!]!,
      kind: v.kindNames[v.kind[i]!]!,
      state: stateOf(v.state[i]!),
      run: runOf[i]!,
      wait: Number.isNaN(waitOf[i]!) ? undefined : waitOf[i]!,
    })),
    computeHours: compute / 3600_000,
  };
}
