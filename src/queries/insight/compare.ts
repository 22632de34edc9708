/**
 * Compares two task groups task by task, matched by name. Where a name repeats (retriggers),
 * the task created last counts.
 */
import type { InsightView } from './insight-data';
import { stateOf } from './insight-data';

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

const failing = (s: string | undefined) => s === 'failed' || s === 'exception';

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
  for (const [name, ia] of byA) {
    const ib = byB.get(name);
    if (ib === undefined) {
      out.onlyA.push(entry(name, ia, -1));
      continue;
    }
    out.matched++;
    const e = entry(name, ia, ib);
    if (failing(e.bState) && e.aState === 'completed') out.newlyFailing.push(e);
    else if (failing(e.aState) && e.bState === 'completed') out.fixed.push(e);
    else if (failing(e.aState) && failing(e.bState)) out.stillFailing.push(e);
    if (
      e.aState === 'completed' &&
      e.bState === 'completed' &&
      e.aRun !== undefined &&
      e.bRun !== undefined &&
      e.bRun > e.aRun
    )
      out.slower.push(e);
  }
  for (const [name, ib] of byB) if (!byA.has(name)) out.onlyB.push(entry(name, -1, ib));
  const byName = (x: CompareEntry, y: CompareEntry) =>
    x.name < y.name ? -1 : x.name > y.name ? 1 : 0;
  for (const list of [out.newlyFailing, out.fixed, out.stillFailing, out.onlyA, out.onlyB])
    list.sort(byName);
  out.slower.sort((x, y) => y.bRun! - y.aRun! - (x.bRun! - x.aRun!) || byName(x, y));
  out.slower.length = Math.min(out.slower.length, slowerLimit);
  return out;
}
