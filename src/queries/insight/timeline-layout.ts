/**
 * The timeline's layout: one row per task, each run drawn as a waiting segment (scheduled →
 * started) and a running segment (started → resolved), coloured by the run's outcome. Retries
 * and reruns are runs of their own, so separate segments on the same row.
 */
import { TASK_STATES } from '../../api';
import type { InsightView } from './insight-data';
import { packStrings, type PackedStrings } from './packed-strings';
import { orderRows } from './row-order';

/** Outcome of a run, as the timeline colours it. */
export const OUTCOMES = ['completed', 'failed', 'exception', 'running', 'pending'] as const;
export type Outcome = (typeof OUTCOMES)[number];
const OUTCOME_CODE: Record<string, number> = {
  completed: 0,
  failed: 1,
  exception: 2,
  running: 3,
  pending: 4,
};
/** Outcome code by state code (anything else is drawn as an exception). */
const OUTCOME_OF_STATE = Uint8Array.from(TASK_STATES, (s) => OUTCOME_CODE[s] ?? 2);
const OPEN_STATE = Uint8Array.from(TASK_STATES, (s) =>
  s === 'running' || s === 'pending' ? 1 : 0,
);

/** Segment style: `outcome * 2 + (running ? 1 : 0)`. */
export const styleOf = (outcome: number, running: boolean) => outcome * 2 + (running ? 1 : 0);

export type TimelineOrder = 'queue' | 'start';

/**
 * Everything the render worker draws, in typed arrays and packed strings: posted with its buffers
 * transferred, it costs neither side a structured clone of 50,000 objects or strings.
 */
export interface TimelineLayout {
  /** Task index for each row. */
  rowTask: Int32Array;
  /** Names and IDs by row (the render worker's hover and visible-rows list). */
  rowNames: PackedStrings;
  rowTaskIds: PackedStrings;
  /** State code by row (`stateOf`). */
  rowState: Uint8Array;
  /** Rows 1 where the task is on the critical path. */
  rowCritical: Uint8Array;
  /** Headings when grouped by queue: label and first row. */
  groups: { label: string; firstRow: number; rows: number }[];
  segRow: Int32Array;
  segStart: Float64Array;
  segEnd: Float64Array;
  segStyle: Uint8Array;
  /** Run ID and worker (index into `workers`) of each segment. */
  segRun: Int32Array;
  segWorker: Int32Array;
  workers: string[];
  t0: number;
  t1: number;
}

/** The typed arrays of a layout, for `postMessage`'s transfer list. */
export function layoutTransferables(l: TimelineLayout): ArrayBuffer[] {
  return [
    l.rowTask,
    l.rowNames.end,
    l.rowTaskIds.end,
    l.rowState,
    l.rowCritical,
    l.segRow,
    l.segStart,
    l.segEnd,
    l.segStyle,
    l.segRun,
    l.segWorker,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** Names and task IDs by row, packed. */
export function timelineLabels(
  v: InsightView,
  rows: Int32Array,
): Pick<TimelineLayout, 'rowNames' | 'rowTaskIds'> {
  return {
    rowNames: packStrings(rows.length, (row) => v.names[rows[row]!]!),
    rowTaskIds: packStrings(rows.length, (row) => v.taskIds[rows[row]!]!),
  };
}

const NO_LABELS = (): PackedStrings => ({ text: '', end: new Int32Array(0) });

/**
 * `labels: false` leaves the names and IDs out (empty), for `timelineLabels` to add later: the
 * bars can be drawn before them.
 */
export function timelineLayout(
  v: InsightView,
  order: TimelineOrder,
  now: number,
  critical: readonly number[] = [],
  { labels = true }: { labels?: boolean } = {},
): TimelineLayout {
  const n = v.size;
  // Where a task starts on the axis: its first run's scheduling, else its creation.
  const start = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = v.runLen[i]! ? v.scheduled[v.runOff[i]!]! : NaN;
    start[i] = Number.isNaN(t) ? v.created[i]! : t;
  }
  const groups: TimelineLayout['groups'] = [];
  let rows: Int32Array;
  if (order === 'queue') {
    // Queues in order of their first task; tasks by start within each.
    const codes = v.queueNames.length;
    const first = new Float64Array(codes).fill(Infinity);
    const present = new Uint8Array(codes);
    for (let i = 0; i < n; i++) {
      const q = v.queue[i]!;
      present[q] = 1;
      const s = start[i]!;
      if (s < first[q]!) first[q] = s;
    }
    const queues: number[] = [];
    for (let q = 0; q < codes; q++) if (present[q]) queues.push(q);
    queues.sort((a, b) => first[a]! - first[b]! || (v.queueNames[a]! < v.queueNames[b]! ? -1 : 1));
    const rank = new Int32Array(codes);
    queues.forEach((q, k) => (rank[q] = k));
    const bucket = new Int32Array(n);
    for (let i = 0; i < n; i++) bucket[i] = rank[v.queue[i]!]!;
    rows = orderRows(start, v.taskIds, bucket, queues.length);
    let at = 0;
    for (const q of queues) {
      let count = 0;
      while (at + count < n && v.queue[rows[at + count]!] === q) count++;
      groups.push({ label: v.queueNames[q]!, firstRow: at, rows: count });
      at += count;
    }
  } else {
    rows = orderRows(start, v.taskIds);
  }
  const rowOf = new Int32Array(n);
  for (let row = 0; row < n; row++) rowOf[rows[row]!] = row;
  const rowCritical = new Uint8Array(n);
  for (const i of critical) rowCritical[rowOf[i]!] = 1;
  const rowState = new Uint8Array(n);
  for (let row = 0; row < n; row++) rowState[row] = v.state[rows[row]!]!;

  let segs = 0;
  for (let i = 0; i < n; i++) segs += 2 * v.runLen[i]!;
  const segRow = new Int32Array(segs);
  const segStart = new Float64Array(segs);
  const segEnd = new Float64Array(segs);
  const segStyle = new Uint8Array(segs);
  const segRun = new Int32Array(segs);
  const segWorker = new Int32Array(segs);
  let k = 0;
  let t0 = Infinity;
  let t1 = -Infinity;
  const push = (row: number, a: number, b: number, style: number, run: number, worker: number) => {
    if (!(b >= a)) return;
    segRow[k] = row;
    segStart[k] = a;
    segEnd[k] = b;
    segStyle[k] = style;
    segRun[k] = run;
    segWorker[k] = worker;
    k++;
    if (a < t0) t0 = a;
    if (b > t1) t1 = b;
  };
  for (let i = 0; i < n; i++) {
    const row = rowOf[i]!;
    const off = v.runOff[i]!;
    for (let r = 0; r < v.runLen[i]!; r++) {
      const s = off + r;
      const code = v.runState[s]!;
      const outcome = OUTCOME_OF_STATE[code] ?? 2;
      const sch = v.scheduled[s]!;
      const st = v.started[s]!;
      const res = v.resolved[s]!;
      const open = OPEN_STATE[code] === 1;
      if (!Number.isNaN(sch)) {
        const waitEnd = !Number.isNaN(st) ? st : !Number.isNaN(res) ? res : open ? now : NaN;
        push(row, sch, waitEnd, styleOf(outcome, false), r, v.worker[s]!);
      }
      if (!Number.isNaN(st)) {
        push(row, st, Number.isNaN(res) ? now : res, styleOf(outcome, true), r, v.worker[s]!);
      }
    }
  }
  if (!Number.isFinite(t0)) {
    t0 = now - 60_000;
    t1 = now;
  }
  return {
    rowTask: rows,
    ...(labels ? timelineLabels(v, rows) : { rowNames: NO_LABELS(), rowTaskIds: NO_LABELS() }),
    rowState,
    rowCritical,
    groups,
    segRow: segRow.slice(0, k),
    segStart: segStart.slice(0, k),
    segEnd: segEnd.slice(0, k),
    segStyle: segStyle.slice(0, k),
    segRun: segRun.slice(0, k),
    segWorker: segWorker.slice(0, k),
    workers: [...v.workers],
    t0,
    t1: Math.max(t1, t0 + 1000),
  };
}

export interface Concurrency {
  /** Sample times (ms). */
  times: Float64Array;
  queues: string[];
  /** Per queue, tasks running and waiting at each sample. */
  running: Float64Array[];
  waiting: Float64Array[];
}

/**
 * Running and waiting runs per task queue at `samples` evenly spaced times: an interval
 * [a, b) counts at every sample t with a ≤ t < b (difference arrays: one pass over the runs).
 */
export function concurrency(v: InsightView, now: number, samples = 600): Concurrency {
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let r = 0; r < v.scheduled.length; r++) {
    const s = v.scheduled[r]!;
    if (s < t0) t0 = s;
    const e = Number.isNaN(v.resolved[r]!) ? now : v.resolved[r]!;
    if (e > t1) t1 = e;
  }
  const queues = [...v.queueNames];
  const empty = () => queues.map(() => new Float64Array(samples + 1));
  if (!Number.isFinite(t0) || !(t1 > t0)) {
    return { times: new Float64Array(0), queues, running: [], waiting: [] };
  }
  const step = (t1 - t0) / samples;
  const times = Float64Array.from({ length: samples + 1 }, (_, k) => t0 + k * step);
  const running = empty();
  const waiting = empty();
  // First sample index at or after t.
  const at = (t: number) => Math.min(samples + 1, Math.max(0, Math.ceil((t - t0) / step)));
  const add = (series: Float64Array, a: number, b: number) => {
    const i = at(a);
    const j = at(b);
    if (j <= i) return;
    series[i]! += 1;
    if (j <= samples) series[j]! -= 1;
  };
  for (let i = 0; i < v.size; i++) {
    const q = v.queue[i]!;
    for (let r = v.runOff[i]!; r < v.runOff[i]! + v.runLen[i]!; r++) {
      const s = v.scheduled[r]!;
      if (Number.isNaN(s)) continue;
      const st = v.started[r]!;
      const res = Number.isNaN(v.resolved[r]!) ? now : v.resolved[r]!;
      add(waiting[q]!, s, Number.isNaN(st) ? res : st);
      if (!Number.isNaN(st)) add(running[q]!, st, res);
    }
  }
  for (const list of [running, waiting])
    for (const series of list) for (let k = 1; k <= samples; k++) series[k]! += series[k - 1]!;
  return { times, queues, running, waiting };
}
