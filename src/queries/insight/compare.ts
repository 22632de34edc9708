/**
 * Compares two task groups task by task, matched by name. Where a name repeats (retriggers),
 * the task created last counts.
 */
import type { InsightView } from './insight-data';
import { TASK_STATES } from '../../api';
import { stateCode, stateOf } from './insight-data';

export interface CompareEntry {
  name: string;
  /** Index in group A / B, -1 where absent. */
  a: number;
  b: number;
  aTaskId?: string;
  bTaskId?: string;
  aState?: string;
  bState?: string;
  aRun?: number;
  bRun?: number;
}

export interface Comparison {
  newlyFailing: CompareEntry[];
  fixed: CompareEntry[];
  stillFailing: CompareEntry[];
  onlyA: CompareEntry[];
  onlyB: CompareEntry[];
  /** Largest run-time regressions first (B's last run slower than A's). */
  slower: CompareEntry[];
  matched: number;
}

const FAILING_CODE = Uint8Array.from(TASK_STATES, (s) =>
  s === 'failed' || s === 'exception' ? 1 : 0,
);
const COMPLETED = stateCode('completed');

/** Name → index of the latest-created task of that name (ties: the later-loaded one). */
export function latestByName(v: InsightView): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < v.size; i++) {
    const prev = out.get(v.names[i]!);
    if (prev === undefined || !(v.created[prev]! > v.created[i]!)) out.set(v.names[i]!, i);
  }
  return out;
}

function lastRunTime(v: InsightView, i: number): number | undefined {
  const len = v.runLen[i]!;
  if (!len) return undefined;
  const r = v.runOff[i]! + len - 1;
  const t = v.resolved[r]! - v.started[r]!;
  return Number.isNaN(t) ? undefined : t;
}

export function compareGroups(a: InsightView, b: InsightView, slowerLimit = 50): Comparison {
  const byA = latestByName(a);
  const byB = latestByName(b);
  const out: Comparison = {
    newlyFailing: [],
    fixed: [],
    stillFailing: [],
    onlyA: [],
    onlyB: [],
    slower: [],
    matched: 0,
  };
  const entry = (name: string, ia: number, ib: number): CompareEntry => ({
    name,
    a: ia,
    b: ib,
    aTaskId: ia >= 0 ? a.taskIds[ia] : undefined,
    bTaskId: ib >= 0 ? b.taskIds[ib] : undefined,
    aState: ia >= 0 ? stateOf(a.state[ia]!) : undefined,
    bState: ib >= 0 ? stateOf(b.state[ib]!) : undefined,
    aRun: ia >= 0 ? lastRunTime(a, ia) : undefined,
    bRun: ib >= 0 ? lastRunTime(b, ib) : undefined,
  });
  // The largest regressions, kept as a short sorted list while walking (most matched tasks are
  // slower in one group or the other: sorting them all to keep 50 cost more than the rest).
  const slower: { name: string; ia: number; ib: number; d: number }[] = [];
  const before = (x: { name: string; d: number }, y: { name: string; d: number }) =>
    x.d > y.d || (x.d === y.d && x.name < y.name);
  for (const [name, ia] of byA) {
    const ib = byB.get(name);
    if (ib === undefined) {
      out.onlyA.push(entry(name, ia, -1));
      continue;
    }
    out.matched++;
    const sa = a.state[ia]!;
    const sb = b.state[ib]!;
    if (FAILING_CODE[sb] && sa === COMPLETED) out.newlyFailing.push(entry(name, ia, ib));
    else if (FAILING_CODE[sa] && sb === COMPLETED) out.fixed.push(entry(name, ia, ib));
    else if (FAILING_CODE[sa] && FAILING_CODE[sb]) out.stillFailing.push(entry(name, ia, ib));
    if (sa !== COMPLETED || sb !== COMPLETED || slowerLimit <= 0) continue;
    const ra = lastRunTime(a, ia);
    const rb = lastRunTime(b, ib);
    if (ra === undefined || rb === undefined || !(rb > ra)) continue;
    const c = { name, ia, ib, d: rb - ra };
    if (slower.length === slowerLimit && !before(c, slower[slowerLimit - 1]!)) continue;
    let at = Math.min(slower.length, slowerLimit - 1);
    while (at > 0 && before(c, slower[at - 1]!)) {
      slower[at] = slower[at - 1]!;
      at--;
    }
    slower[at] = c;
  }
  out.slower = slower.map((c) => entry(c.name, c.ia, c.ib));
  for (const [name, ib] of byB) if (!byA.has(name)) out.onlyB.push(entry(name, -1, ib));
  const byName = (x: CompareEntry, y: CompareEntry) =>
    x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
  for (const list of [out.newlyFailing, out.fixed, out.stillFailing, out.onlyA, out.onlyB])
    list.sort(byName);
  return out;
}
