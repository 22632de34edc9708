/**
 * Compact rows for large task groups. A full task with its definition weighs a few KB; a row
 * keeps only what the table shows, so 50,000 tasks fit comfortably in memory.
 */
import type { TaskPriority, TaskState, TaskWithStatus } from '../../api';
import { taskKind } from './task-kind';

export interface GroupRow {
  taskId: string;
  name: string;
  /** Lower-cased name, precomputed for search. */
  search: string;
  state: TaskState;
  runs: number;
  taskQueueId: string;
  /** The `kind` tag, else the name's first word (see task-kind). */
  kind: string;
  /** Start of the last run (ms), if it started. */
  started?: number;
  /** Resolution of the last run (ms), if resolved. */
  resolved?: number;
  /** What bulk actions need to preview their effect and the scopes they call for. */
  projectId?: string;
  schedulerId?: string;
  priority?: TaskPriority;
  /** Deadline (ms): past it the Queue refuses rerun, cancel, schedule and priority changes. */
  deadline?: number;
  /** Left out when empty, to keep 50,000 rows light. */
  dependencies?: string[];
  /** Set only for `all-resolved`; left out for the default `all-completed`. */
  requires?: 'all-resolved';
}

/**
 * The name lower-cased for search, or the name itself when it already is: most task names are,
 * and 200,000 rows then hold one string each instead of two equal ones.
 */
export function lowerCase(name: string): string {
  const lower = name.toLowerCase();
  return lower === name ? name : lower;
}

export function toRow({ task, status }: TaskWithStatus): GroupRow {
  const last = status.runs[status.runs.length - 1];
  const name = typeof task.metadata?.name === 'string' ? task.metadata.name : status.taskId;
  return {
    taskId: status.taskId,
    name,
    search: lowerCase(name),
    state: status.state,
    runs: status.runs.length,
    taskQueueId: status.taskQueueId ?? `${status.provisionerId}/${status.workerType}`,
    kind: taskKind(task.tags, name),
    started: last?.started ? Date.parse(last.started) : undefined,
    resolved: last?.resolved ? Date.parse(last.resolved) : undefined,
    projectId: status.projectId,
    schedulerId: status.schedulerId,
    priority: status.priority ?? task.priority,
    deadline: Date.parse(status.deadline ?? task.deadline) || undefined,
    dependencies: task.dependencies?.length ? task.dependencies : undefined,
    requires: task.requires === 'all-resolved' ? 'all-resolved' : undefined,
  };
}

/** A row from a status alone (live refresh), keeping the name already known. */
export function withStatus(row: GroupRow, status: TaskWithStatus['status']): GroupRow {
  const last = status.runs[status.runs.length - 1];
  return {
    ...row,
    state: status.state,
    runs: status.runs.length,
    started: last?.started ? Date.parse(last.started) : undefined,
    resolved: last?.resolved ? Date.parse(last.resolved) : undefined,
    priority: status.priority ?? row.priority,
  };
}

export function sameRow(a: GroupRow, b: GroupRow): boolean {
  return (
    a.state === b.state &&
    a.runs === b.runs &&
    a.started === b.started &&
    a.resolved === b.resolved &&
    a.priority === b.priority &&
    a.name === b.name
  );
}

export function isUnresolved(state: TaskState): boolean {
  return state === 'unscheduled' || state === 'pending' || state === 'running';
}

/** Duration of the last run: resolved − started, or now − started while it runs. */
export function duration(row: GroupRow, now: number): number | undefined {
  if (row.started === undefined) return undefined;
  return (row.resolved ?? now) - row.started;
}

export type SortKey = 'name' | 'state' | 'started' | 'resolved' | 'duration';
export type SortDir = 'asc' | 'desc';

export interface ViewParams {
  /** States to show; empty means all. */
  states: ReadonlySet<TaskState>;
  search: string;
  /** Only tasks of this task queue (taskQueueId), when set. */
  queue?: string;
  /** Only tasks of this kind, when set. */
  kind?: string;
  sort?: { key: SortKey; dir: SortDir };
  now: number;
}

const STATE_ORDER: Record<TaskState, number> = {
  failed: 0,
  exception: 1,
  running: 2,
  pending: 3,
  unscheduled: 4,
  completed: 5,
};

/** A row's value for a numeric sort key; NaN when missing (it sorts last in both directions). */
export function sortValue(row: GroupRow, key: Exclude<SortKey, 'name'>, now: number): number {
  const v =
    key === 'state'
      ? STATE_ORDER[row.state]
      : key === 'started'
        ? row.started
        : key === 'resolved'
          ? row.resolved
          : duration(row, now);
  return v === undefined ? NaN : v;
}

/**
 * The permutation of row indices in sort order. Missing values sort last in both directions.
 * Cached by the caller per data version and sort key: filtering then walks it in O(n).
 */
export function sortOrder(
  rows: readonly GroupRow[],
  sort: ViewParams['sort'],
  now: number,
): Int32Array {
  const order = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) order[i] = i;
  if (!sort) return order;
  const dir = sort.dir === 'asc' ? 1 : -1;
  const key = sort.key;
  if (key === 'name') {
    const names = rows.map((r) => r.search);
    return order.sort((a, b) =>
      names[a]! < names[b]! ? -dir : names[a]! > names[b]! ? dir : a - b,
    );
  }
  const values = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) values[i] = sortValue(rows[i]!, key, now);
  return order.sort((a, b) => {
    const va = values[a]!;
    const vb = values[b]!;
    if (Number.isNaN(va) || Number.isNaN(vb))
      return Number.isNaN(va) ? (Number.isNaN(vb) ? a - b : 1) : -1;
    return va === vb ? a - b : (va - vb) * dir;
  });
}

/**
 * Row indices that pass the state, queue and kind filters and the name search, in `order`. The
 * plain definition; the page uses createRowFilter (row-filter.ts), which answers the same faster.
 */
export function filterRows(
  rows: readonly GroupRow[],
  order: Int32Array,
  params: Pick<ViewParams, 'states' | 'search' | 'queue' | 'kind'>,
): Int32Array {
  const needle = params.search.trim().toLowerCase();
  const anyState = params.states.size === 0;
  const { queue, kind } = params;
  if (anyState && !needle && !queue && !kind) return order;
  const out = new Int32Array(order.length);
  let n = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    const r = rows[i]!;
    if (!anyState && !params.states.has(r.state)) continue;
    if (queue && r.taskQueueId !== queue) continue;
    if (kind && r.kind !== kind) continue;
    if (needle && !r.search.includes(needle)) continue;
    out[n++] = i;
  }
  return out.subarray(0, n);
}

export type StateCounts = Record<TaskState, number>;

export function emptyCounts(): StateCounts {
  return { unscheduled: 0, pending: 0, running: 0, completed: 0, failed: 0, exception: 0 };
}
