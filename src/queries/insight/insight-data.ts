/**
 * The group insight views' data: every task's runs with their times, reasons and workers, its
 * dependencies, `requires` and tags, kept in columns (typed arrays and string arrays) rather than
 * one object per task and run, so that 50,000 tasks with their retries stay a few megabytes.
 *
 * The loader worker turns each page of `listTaskGroup` into a batch (`toInsightBatch`) and posts
 * it, transferable, to the insight worker, whose `InsightStore` keeps the columns.
 */
import type { TaskState, TaskWithStatus } from '../../api';
import { TASK_STATES } from '../../api';
import { taskKind } from '../task-group/task-kind';

/** Runs of a batch of tasks, flattened; task `i` owns runs `runStart[i]` … `runStart[i+1]-1`. */
export interface RunColumns {
  runStart: Int32Array;
  runState: Uint8Array;
  reasonCreated: string[];
  reasonResolved: string[];
  /** Milliseconds since the epoch; NaN where the run has not reached that point. */
  scheduled: Float64Array;
  started: Float64Array;
  resolved: Float64Array;
  workerGroup: string[];
  workerId: string[];
}

/** Definitions and statuses of one page of tasks. */
export interface InsightBatch extends RunColumns {
  taskIds: string[];
  names: string[];
  queues: string[];
  kinds: string[];
  states: Uint8Array;
  /** 1 where `requires` is `all-resolved`. */
  allResolved: Uint8Array;
  created: Float64Array;
  deadline: Float64Array;
  /** Task `i` depends on `deps[depStart[i]]` … `deps[depStart[i+1]-1]`. */
  depStart: Int32Array;
  deps: string[];
  /** Each task's tags as JSON (`{}` when none). */
  tags: string[];
}

/** Statuses alone (the live refresh's `statuses` calls). */
export interface StatusBatch extends RunColumns {
  taskIds: string[];
  states: Uint8Array;
}

const STATE_CODE = new Map(TASK_STATES.map((s, i) => [s, i]));
export const stateOf = (code: number): TaskState => TASK_STATES[code]!;
export const stateCode = (state: TaskState): number => STATE_CODE.get(state) ?? 0;

const time = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);

function runColumns(statuses: TaskWithStatus['status'][]): RunColumns {
  let total = 0;
  for (const s of statuses) total += s.runs.length;
  const cols: RunColumns = {
    runStart: new Int32Array(statuses.length + 1),
    runState: new Uint8Array(total),
    reasonCreated: new Array<string>(total),
    reasonResolved: new Array<string>(total),
    scheduled: new Float64Array(total),
    started: new Float64Array(total),
    resolved: new Float64Array(total),
    workerGroup: new Array<string>(total),
    workerId: new Array<string>(total),
  };
  let k = 0;
  statuses.forEach((s, i) => {
    cols.runStart[i] = k;
    for (const r of s.runs) {
      cols.runState[k] = stateCode(r.state as TaskState);
      cols.reasonCreated[k] = r.reasonCreated ?? '';
      cols.reasonResolved[k] = r.reasonResolved ?? '';
      cols.scheduled[k] = time(r.scheduled);
      cols.started[k] = time(r.started);
      cols.resolved[k] = time(r.resolved);
      cols.workerGroup[k] = r.workerGroup ?? '';
      cols.workerId[k] = r.workerId ?? '';
      k++;
    }
  });
  cols.runStart[statuses.length] = k;
  return cols;
}

/** One page of `listTaskGroup`, reduced to what the insight views need. */
export function toInsightBatch(tasks: readonly TaskWithStatus[]): InsightBatch {
  const n = tasks.length;
  const batch: InsightBatch = {
    ...runColumns(tasks.map((t) => t.status)),
    taskIds: new Array<string>(n),
    names: new Array<string>(n),
    queues: new Array<string>(n),
    kinds: new Array<string>(n),
    states: new Uint8Array(n),
    allResolved: new Uint8Array(n),
    created: new Float64Array(n),
    deadline: new Float64Array(n),
    depStart: new Int32Array(n + 1),
    deps: [],
    tags: new Array<string>(n),
  };
  tasks.forEach(({ task, status }, i) => {
    const name = typeof task.metadata?.name === 'string' ? task.metadata.name : status.taskId;
    batch.taskIds[i] = status.taskId;
    batch.names[i] = name;
    batch.queues[i] = status.taskQueueId ?? `${status.provisionerId}/${status.workerType}`;
    batch.kinds[i] = taskKind(task.tags, name);
    batch.states[i] = stateCode(status.state);
    batch.allResolved[i] = task.requires === 'all-resolved' ? 1 : 0;
    batch.created[i] = time(task.created);
    batch.deadline[i] = time(task.deadline ?? status.deadline);
    batch.depStart[i] = batch.deps.length;
    for (const d of task.dependencies ?? []) if (typeof d === 'string') batch.deps.push(d);
    batch.tags[i] = task.tags && typeof task.tags === 'object' ? JSON.stringify(task.tags) : '{}';
  });
  batch.depStart[n] = batch.deps.length;
  return batch;
}

export function toStatusBatch(statuses: readonly TaskWithStatus['status'][]): StatusBatch {
  return {
    ...runColumns([...statuses]),
    taskIds: statuses.map((s) => s.taskId),
    states: Uint8Array.from(statuses.map((s) => stateCode(s.state))),
  };
}

/** The typed arrays of a batch, for `postMessage`'s transfer list. */
export function transferables(batch: RunColumns & { states: Uint8Array }): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of Object.values(batch)) if (ArrayBuffer.isView(v)) out.add(v.buffer as ArrayBuffer);
  return [...out];
}

/** A growable Float64/Int32/Uint8 column. */
class Column<T extends Float64Array | Int32Array | Uint8Array> {
  data: T;
  constructor(private make: (n: number) => T) {
    this.data = make(1024);
  }
  ensure(n: number) {
    if (n <= this.data.length) return;
    const next = this.make(Math.max(n, this.data.length * 2));
    next.set(this.data as never);
    this.data = next;
  }
}

/** Interns short repeated strings (queues, kinds, reasons, workers) as small integer codes. */
class Interner {
  readonly values: string[] = [];
  private codes = new Map<string, number>();
  code(value: string): number {
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.codes.set(value, c);
    }
    return c;
  }
}

/**
 * Every task of one group, in columns indexed by the order tasks arrived. A task seen again (a
 * re-walk or a status) keeps its index; its runs are rewritten at the end of the run columns
 * and the old ones compacted away once they outweigh the live ones.
 */
export class InsightStore {
  readonly taskIds: string[] = [];
  readonly names: string[] = [];
  readonly index = new Map<string, number>();
  readonly queue = new Interner();
  readonly kind = new Interner();
  readonly reason = new Interner();
  readonly worker = new Interner();
  /** Tags as JSON, interned: most tasks of a group share a handful of tag sets. */
  readonly tagSets = new Interner();
  private tagCol = new Column((n) => new Int32Array(n));
  /** Dependencies never change once a task exists: one flat list, a range per task. */
  private deps: string[] = [];
  private depOffCol = new Column((n) => new Int32Array(n));
  private depLenCol = new Column((n) => new Int32Array(n));
  private queueCol = new Column((n) => new Int32Array(n));
  private kindCol = new Column((n) => new Int32Array(n));
  private stateCol = new Column((n) => new Uint8Array(n));
  private allResolvedCol = new Column((n) => new Uint8Array(n));
  private createdCol = new Column((n) => new Float64Array(n));
  private deadlineCol = new Column((n) => new Float64Array(n));
  private runOffCol = new Column((n) => new Int32Array(n));
  private runLenCol = new Column((n) => new Int32Array(n));
  private rState = new Column((n) => new Uint8Array(n));
  private rCreated = new Column((n) => new Int32Array(n));
  private rResolved = new Column((n) => new Int32Array(n));
  private rScheduled = new Column((n) => new Float64Array(n));
  private rStarted = new Column((n) => new Float64Array(n));
  private rResolvedAt = new Column((n) => new Float64Array(n));
  private rWorker = new Column((n) => new Int32Array(n));
  private runsUsed = 0;
  private runsLive = 0;
  /** Bumped on every change. */
  version = 0;

  get size() {
    return this.taskIds.length;
  }

  private slot(taskId: string): number {
    let i = this.index.get(taskId);
    if (i === undefined) {
      i = this.taskIds.length;
      this.index.set(taskId, i);
      this.taskIds.push(taskId);
      this.names.push(taskId);
      this.ensureTasks(i + 1);
      this.createdCol.data[i] = NaN;
      this.deadlineCol.data[i] = NaN;
    }
    return i;
  }

  private taskCols() {
    return [
      this.tagCol,
      this.depOffCol,
      this.depLenCol,
      this.queueCol,
      this.kindCol,
      this.stateCol,
      this.allResolvedCol,
      this.createdCol,
      this.deadlineCol,
      this.runOffCol,
      this.runLenCol,
    ];
  }

  private runCols() {
    return [
      this.rState,
      this.rCreated,
      this.rResolved,
      this.rScheduled,
      this.rStarted,
      this.rResolvedAt,
      this.rWorker,
    ];
  }

  /** Room for `n` tasks in every task column (checked once per batch, not per task). */
  private ensureTasks(n: number) {
    if (n <= this.runOffCol.data.length) return;
    for (const c of this.taskCols()) c.ensure(n);
  }

  /** Room for `n` runs in every run column. */
  private ensureRuns(n: number) {
    if (n <= this.rState.data.length) return;
    for (const c of this.runCols()) c.ensure(n);
  }

  private writeRuns(i: number, b: RunColumns, j: number) {
    const from = b.runStart[j]!;
    const to = b.runStart[j + 1]!;
    const len = to - from;
    this.runsLive += len - this.runLenCol.data[i]!;
    const at = this.runsUsed;
    const need = at + len;
    this.ensureRuns(need);
    for (let k = 0; k < len; k++) {
      const s = from + k;
      this.rState.data[at + k] = b.runState[s]!;
      this.rCreated.data[at + k] = this.reason.code(b.reasonCreated[s]!);
      this.rResolved.data[at + k] = this.reason.code(b.reasonResolved[s]!);
      this.rScheduled.data[at + k] = b.scheduled[s]!;
      this.rStarted.data[at + k] = b.started[s]!;
      this.rResolvedAt.data[at + k] = b.resolved[s]!;
      this.rWorker.data[at + k] = this.worker.code(
        b.workerGroup[s] || b.workerId[s] ? `${b.workerGroup[s]}/${b.workerId[s]}` : '',
      );
    }
    this.runsUsed = need;
    this.runOffCol.data[i] = at;
    this.runLenCol.data[i] = len;
    if (this.runsUsed > 1024 && this.runsUsed > 2 * this.runsLive) this.compact();
  }

  private compact() {
    const order = Array.from({ length: this.size }, (_, i) => i);
    const cols = this.runCols();
    const copies = cols.map((c) => c.data.slice(0, this.runsUsed));
    let at = 0;
    for (const i of order) {
      const off = this.runOffCol.data[i]!;
      const len = this.runLenCol.data[i]!;
      cols.forEach((c, ci) => c.data.set(copies[ci]!.subarray(off, off + len) as never, at));
      this.runOffCol.data[i] = at;
      at += len;
    }
    this.runsUsed = at;
    this.runsLive = at;
  }

  addTasks(b: InsightBatch) {
    const before = this.size;
    this.ensureTasks(before + b.taskIds.length);
    this.ensureRuns(this.runsUsed + b.runStart[b.taskIds.length]!);
    for (let j = 0; j < b.taskIds.length; j++) {
      const i = this.slot(b.taskIds[j]!);
      const known = i < before;
      this.names[i] = b.names[j]!;
      this.tagCol.data[i] = this.tagSets.code(b.tags[j]!);
      this.queueCol.data[i] = this.queue.code(b.queues[j]!);
      this.kindCol.data[i] = this.kind.code(b.kinds[j]!);
      this.stateCol.data[i] = b.states[j]!;
      this.allResolvedCol.data[i] = b.allResolved[j]!;
      this.createdCol.data[i] = b.created[j]!;
      this.deadlineCol.data[i] = b.deadline[j]!;
      if (!known) {
        this.depOffCol.data[i] = this.deps.length;
        this.depLenCol.data[i] = b.depStart[j + 1]! - b.depStart[j]!;
        for (let d = b.depStart[j]!; d < b.depStart[j + 1]!; d++) this.deps.push(b.deps[d]!);
      }
      this.writeRuns(i, b, j);
    }
    this.version++;
  }

  addStatuses(b: StatusBatch) {
    for (let j = 0; j < b.taskIds.length; j++) {
      const i = this.index.get(b.taskIds[j]!);
      if (i === undefined) continue;
      this.stateCol.data[i] = b.states[j]!;
      this.writeRuns(i, b, j);
    }
    this.version++;
  }

  /** A read-only view of the columns, as the pure computations take them. */
  view(): InsightView {
    const n = this.size;
    const runs = this.runsUsed;
    return {
      size: n,
      taskIds: this.taskIds,
      names: this.names,
      queueNames: this.queue.values,
      kindNames: this.kind.values,
      reasons: this.reason.values,
      workers: this.worker.values,
      queue: this.queueCol.data.subarray(0, n),
      kind: this.kindCol.data.subarray(0, n),
      state: this.stateCol.data.subarray(0, n),
      allResolved: this.allResolvedCol.data.subarray(0, n),
      created: this.createdCol.data.subarray(0, n),
      deadline: this.deadlineCol.data.subarray(0, n),
      runOff: this.runOffCol.data.subarray(0, n),
      runLen: this.runLenCol.data.subarray(0, n),
      runState: this.rState.data.subarray(0, runs),
      reasonCreated: this.rCreated.data.subarray(0, runs),
      reasonResolved: this.rResolved.data.subarray(0, runs),
      scheduled: this.rScheduled.data.subarray(0, runs),
      started: this.rStarted.data.subarray(0, runs),
      resolved: this.rResolvedAt.data.subarray(0, runs),
      worker: this.rWorker.data.subarray(0, runs),
      deps: (i) => {
        const off = this.depOffCol.data[i]!;
        return this.deps.slice(off, off + this.depLenCol.data[i]!);
      },
      indexOf: (taskId) => this.index.get(taskId),
      tagsOf: (i) => this.tagSets.values[this.tagCol.data[i]!]!,
    };
  }
}

/** What the pure insight computations read: columns by task index and by run slot. */
export interface InsightView {
  size: number;
  taskIds: readonly string[];
  names: readonly string[];
  queueNames: readonly string[];
  kindNames: readonly string[];
  reasons: readonly string[];
  workers: readonly string[];
  queue: Int32Array;
  kind: Int32Array;
  state: Uint8Array;
  allResolved: Uint8Array;
  created: Float64Array;
  deadline: Float64Array;
  /** Task `i`'s runs are the slots `runOff[i]` … `runOff[i] + runLen[i] - 1`, in run order. */
  runOff: Int32Array;
  runLen: Int32Array;
  runState: Uint8Array;
  reasonCreated: Int32Array;
  reasonResolved: Int32Array;
  scheduled: Float64Array;
  started: Float64Array;
  resolved: Float64Array;
  worker: Int32Array;
  deps(i: number): readonly string[];
  indexOf(taskId: string): number | undefined;
  tagsOf(i: number): string;
}

/**
 * A view built from plain task descriptions, for tests and benches: each task with its runs
 * (times in ms) and dependencies.
 */
export interface PlainTask {
  taskId: string;
  name?: string;
  state: TaskState;
  queue?: string;
  kind?: string;
  created?: number;
  dependencies?: string[];
  requires?: 'all-completed' | 'all-resolved';
  runs?: {
    state: TaskState;
    reasonCreated?: string;
    reasonResolved?: string;
    scheduled?: number;
    started?: number;
    resolved?: number;
    worker?: string;
  }[];
}

export function storeOf(tasks: readonly PlainTask[]): InsightStore {
  const store = new InsightStore();
  const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toJSON());
  store.addTasks(
    toInsightBatch(
      tasks.map(
        (t) =>
          ({
            task: {
              metadata: { name: t.name ?? t.taskId },
              tags: t.kind ? { kind: t.kind } : {},
              dependencies: t.dependencies ?? [],
              requires: t.requires ?? 'all-completed',
              created: iso(t.created ?? 0),
              deadline: iso((t.created ?? 0) + 86400_000),
            },
            status: {
              taskId: t.taskId,
              taskQueueId: t.queue ?? 'prov/worker',
              state: t.state,
              runs: (t.runs ?? []).map((r, runId) => ({
                runId,
                state: r.state,
                reasonCreated: r.reasonCreated ?? (runId ? 'retry' : 'scheduled'),
                reasonResolved: r.reasonResolved,
                scheduled: iso(r.scheduled),
                started: iso(r.started),
                resolved: iso(r.resolved),
                workerGroup: r.worker ? 'wg' : undefined,
                workerId: r.worker,
              })),
            },
          }) as unknown as TaskWithStatus,
      ),
    ),
  );
  return store;
}
