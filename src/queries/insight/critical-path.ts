/**
 * The critical path of a task group: the chain of dependencies that set its end time.
 *
 * - Start from the task that resolved last. While the group still runs, the end is now and the
 *   start is an unresolved task (the one with the longest chain behind it; ties to the smaller
 *   taskId). A task that can never run (it requires all-completed and a dependency failed) does
 *   not hold the group up, so it is not "still running".
 * - Step back each time to the dependency that resolved latest before the current task's last run
 *   was scheduled (unresolved ones count as resolving now); ties go to the smaller taskId.
 * - Stop at a task without dependencies, or where the dependencies lie outside the group.
 * - The length runs from the first task's scheduling to the last task's resolution.
 */
import type { InsightView } from './insight-data';
import { TASK_STATES } from '../../api';
import { stateCode, stateOf } from './insight-data';

export interface CriticalPath {
  /** Task indices, first (earliest) to last. */
  steps: number[];
  /** The first task's first scheduling (ms). */
  start: number;
  /** The last task's resolution, or now while it is unresolved. */
  end: number;
  length: number;
  /** Time the path's tasks spent waiting for workers (scheduled → started, every run). */
  waiting: number;
  /** The group still runs: the end is now. */
  live: boolean;
}

const FAILING = new Set(['failed', 'exception']);
/** 1 by state code where the state is unresolved: read per task, so no string lookups. */
const UNRESOLVED_CODE = Uint8Array.from(TASK_STATES, (s) =>
  s === 'unscheduled' || s === 'pending' || s === 'running' ? 1 : 0,
);
const UNSCHEDULED = stateCode('unscheduled');

export function isUnresolvedCode(v: InsightView, i: number) {
  return UNRESOLVED_CODE[v.state[i]!] === 1;
}

/** Tasks that can never run: unscheduled, requiring all-completed, behind a failed dependency. */
export function neverRuns(v: InsightView): Uint8Array {
  const memo = new Uint8Array(v.size); // 0 unknown, 1 no, 2 yes, 3 visiting
  const visit = (start: number): boolean => {
    // Iterative depth-first walk: chains can be thousands of tasks long.
    const stack = [start];
    while (stack.length) {
      const i = stack[stack.length - 1]!;
      if (memo[i] === 1 || memo[i] === 2) {
        stack.pop();
        continue;
      }
      if (v.state[i] !== UNSCHEDULED || v.allResolved[i]) {
        memo[i] = 1;
        stack.pop();
        continue;
      }
      memo[i] = 3;
      let pendingChild = false;
      let blocked = false;
      for (const d of v.deps(i)) {
        const j = v.indexOf(d);
        if (j === undefined || j === i) continue;
        const s = stateOf(v.state[j]!);
        if (FAILING.has(s)) blocked = true;
        else if (s === 'unscheduled') {
          if (memo[j] === 0) {
            stack.push(j);
            pendingChild = true;
          } else if (memo[j] === 2) blocked = true;
        }
      }
      if (pendingChild && !blocked) continue;
      memo[i] = blocked ? 2 : 1;
      stack.pop();
    }
    return memo[start] === 2;
  };
  const out = new Uint8Array(v.size);
  // Only unscheduled tasks can be stuck: the others need no walk (nor its stack).
  for (let i = 0; i < v.size; i++) out[i] = v.state[i] === UNSCHEDULED && visit(i) ? 1 : 0;
  return out;
}

/** The last run's scheduling, now for a task never scheduled. */
function lastScheduled(v: InsightView, i: number, now: number): number {
  const len = v.runLen[i]!;
  if (!len) return now;
  const t = v.scheduled[v.runOff[i]! + len - 1]!;
  return Number.isNaN(t) ? now : t;
}

/** The task's resolution, now while unresolved; NaN when it cannot be known. */
export function resolvedAt(v: InsightView, i: number, now: number): number {
  if (isUnresolvedCode(v, i)) return now;
  const len = v.runLen[i]!;
  return len ? v.resolved[v.runOff[i]! + len - 1]! : NaN;
}

export function criticalPath(v: InsightView, now: number): CriticalPath | undefined {
  if (!v.size) return undefined;
  const never = neverRuns(v);
  let live = false;
  for (let i = 0; i < v.size; i++) if (!never[i] && isUnresolvedCode(v, i)) live = true;
  const end = new Float64Array(v.size);
  for (let i = 0; i < v.size; i++) end[i] = never[i] ? NaN : resolvedAt(v, i, now);

  // Each task's step back, computed once.
  const pred = new Int32Array(v.size).fill(-2); // -2 unknown, -1 none
  const stepBack = (i: number): number => {
    if (pred[i] !== -2) return pred[i]!;
    const before = lastScheduled(v, i, now);
    let best = -1;
    for (const d of v.deps(i)) {
      const j = v.indexOf(d);
      if (j === undefined || j === i) continue;
      const e = end[j]!;
      if (Number.isNaN(e) || e > before) continue;
      if (best < 0 || e > end[best]! || (e === end[best]! && v.taskIds[j]! < v.taskIds[best]!))
        best = j;
    }
    pred[i] = best;
    return best;
  };

  let last = -1;
  if (live) {
    // Chain lengths behind each unresolved task; the longest shows what holds the group up.
    const depth = new Int32Array(v.size); // 0 = unknown
    const depthOf = (i: number) => {
      const chain: number[] = [];
      const seen = new Set<number>();
      let k = i;
      while (k >= 0 && depth[k] === 0 && !seen.has(k)) {
        seen.add(k);
        chain.push(k);
        k = stepBack(k);
      }
      let base = k >= 0 && depth[k]! > 0 ? depth[k]! : 0;
      for (let c = chain.length - 1; c >= 0; c--) depth[chain[c]!] = ++base;
      return depth[i]!;
    };
    let bestDepth = -1;
    for (let i = 0; i < v.size; i++) {
      if (never[i] || !isUnresolvedCode(v, i)) continue;
      const d = depthOf(i);
      if (d > bestDepth || (d === bestDepth && v.taskIds[i]! < v.taskIds[last]!)) {
        bestDepth = d;
        last = i;
      }
    }
  } else {
    for (let i = 0; i < v.size; i++) {
      const e = end[i]!;
      if (Number.isNaN(e)) continue;
      if (last < 0 || e > end[last]! || (e === end[last]! && v.taskIds[i]! < v.taskIds[last]!))
        last = i;
    }
  }
  if (last < 0) return undefined;

  const steps: number[] = [];
  const seen = new Set<number>();
  for (let k = last; k >= 0 && !seen.has(k); k = stepBack(k)) {
    seen.add(k);
    steps.push(k);
  }
  steps.reverse();
  const first = steps[0]!;
  const start = v.runLen[first]! ? v.scheduled[v.runOff[first]!]! : now;
  let waiting = 0;
  for (const i of steps) {
    for (let r = v.runOff[i]!; r < v.runOff[i]! + v.runLen[i]!; r++) {
      const s = v.scheduled[r]!;
      if (Number.isNaN(s)) continue;
      const until = !Number.isNaN(v.started[r]!)
        ? v.started[r]!
        : !Number.isNaN(v.resolved[r]!)
          ? v.resolved[r]!
          : now;
      waiting += Math.max(0, until - s);
    }
  }
  const stop = end[last]!;
  return { steps, start, end: stop, length: Math.max(0, stop - start), waiting, live };
}
