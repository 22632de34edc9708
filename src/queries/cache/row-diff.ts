/**
 * What changed in a task group between the rows cached at the last visit and the rows loaded
 * now: the "N tasks changed since you last looked" of a revisit.
 */
import { sameRow, type GroupRow } from '../task-group/group-rows';

export interface GroupChanges {
  /** In both, but different: a rerun, a new state, a run that started or ended, a new priority. */
  changed: string[];
  /** Only in the fresh rows: tasks created since. */
  added: string[];
  /** Only in the cached rows: tasks the Queue no longer lists (they expired). */
  removed: string[];
}

export function diffRows(cached: readonly GroupRow[], fresh: readonly GroupRow[]): GroupChanges {
  const before = new Map<string, GroupRow>();
  for (const r of cached) before.set(r.taskId, r);
  const changed: string[] = [];
  const added: string[] = [];
  for (const r of fresh) {
    const prev = before.get(r.taskId);
    if (!prev) added.push(r.taskId);
    else {
      if (!sameRow(prev, r)) changed.push(r.taskId);
      before.delete(r.taskId);
    }
  }
  return { changed, added, removed: [...before.keys()] };
}

export function changeCount(c: GroupChanges): number {
  return c.changed.length + c.added.length + c.removed.length;
}

/** "12 tasks changed since you last looked", or that nothing did. */
export function describeChanges(c: GroupChanges): string {
  const n = changeCount(c);
  if (n === 0) return 'No task changed since you last looked';
  return `${n.toLocaleString('en-US')} ${n === 1 ? 'task' : 'tasks'} changed since you last looked`;
}

/** The parts of the count: "10 updated · 1 new · 1 expired" (empty parts left out). */
export function describeChangeParts(c: GroupChanges): string {
  const parts: string[] = [];
  if (c.changed.length) parts.push(`${c.changed.length.toLocaleString('en-US')} updated`);
  if (c.added.length) parts.push(`${c.added.length.toLocaleString('en-US')} new`);
  if (c.removed.length) parts.push(`${c.removed.length.toLocaleString('en-US')} expired`);
  return parts.join(' · ');
}
