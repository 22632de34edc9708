/**
 * The core of the Queue's state over SQLite: task rows, their runs, and the run transitions
 * every resource shares (scheduling, resolution with automatic retries, dependents, cancel).
 * Every state change runs in one synchronous transaction, so claims are atomic (two workers
 * never get the same run) and a crash never leaves half a transition behind.
 * The transitions follow queue-spec §2.
 */
import type { TaskDefinition, TaskRun, TaskState, TaskStatus } from '../../../src/api/types';
import type { Clock } from '../../common/clock';
import type { DB } from '../../common/db';
import { conflict, notFound } from '../../common/errors';
import { createQueueTables } from './schema';

export const PRIORITY_RANK: Record<string, number> = {
  highest: 0,
  'very-high': 1,
  high: 2,
  medium: 3,
  low: 4,
  'very-low': 5,
  lowest: 6,
};
export const MAX_RUNS = 50;

export interface TaskRow {
  task_id: string;
  task_group_id: string;
  task_queue_id: string;
  scheduler_id: string;
  project_id: string;
  priority: string;
  priority_rank: number;
  retries: number;
  retries_left: number;
  deadline: number;
  expires: number;
  requires: string;
  definition: string;
  runs: string;
  state: TaskState;
  taken_until: number | null;
  pending_seq: number | null;
  claimed_at: number | null;
}

/** The columns a task's status is made of (no definition, which can be large). */
export type StatusRow = Pick<
  TaskRow,
  | 'task_id'
  | 'task_group_id'
  | 'task_queue_id'
  | 'scheduler_id'
  | 'project_id'
  | 'priority'
  | 'deadline'
  | 'expires'
  | 'retries_left'
  | 'state'
  | 'runs'
>;

export interface StoreOptions {
  db: DB;
  clock: Clock;
  /** Claim lifetime in seconds (1200 in production Taskcluster). */
  claimTimeoutSec?: number;
}

export const iso = (ms: number) => new Date(ms).toJSON();
export const isResolved = (state: string) =>
  state === 'completed' || state === 'failed' || state === 'exception';

/** JSON with sorted keys, for comparing definitions regardless of key order. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

type Listener = (taskQueueId: string) => void;

const missingTask = (taskId: string) =>
  notFound(
    `\`${taskId}\` does not correspond to a task that exists.\nAre you sure this task exists?`,
  );

/** Task rows, runs and the shared transitions; the resource stores build on it. */
export class StoreCore {
  readonly db: DB;
  private clock: Clock;
  readonly claimTimeoutMs: number;
  private pendingSeq: number;
  private listeners = new Set<Listener>();
  private stmt;

  constructor(options: StoreOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.claimTimeoutMs = (options.claimTimeoutSec ?? 1200) * 1000;
    const db = this.db;
    createQueueTables(db);
    this.stmt = {
      getTask: db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE task_id = ?'),
      getStatus: db.prepare<[string], StatusRow>(
        `SELECT task_id, task_group_id, task_queue_id, scheduler_id, project_id, priority, deadline,
           expires, retries_left, state, runs FROM tasks WHERE task_id = ?`,
      ),
      updateRuns: db.prepare(
        `UPDATE tasks SET runs = @runs, state = @state, retries_left = @retries_left, taken_until = @taken_until,
           pending_seq = @pending_seq, claimed_at = @claimed_at WHERE task_id = @task_id`,
      ),
    };
    const max = db
      .prepare<[], { m: number | null }>('SELECT max(pending_seq) AS m FROM tasks')
      .get();
    this.pendingSeq = (max?.m ?? 0) + 1;
  }

  now(): number {
    return this.clock.now();
  }

  /** Runs `fn` as if the time were `clock` (demo data and generators write history this way). */
  withClock<T>(clock: Clock, fn: () => T): T {
    const saved = this.clock;
    this.clock = clock;
    try {
      return fn();
    } finally {
      this.clock = saved;
    }
  }

  /** Called (after commit) with the queue of every task that became pending. */
  onPending(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notifyPending(queues: Set<string>) {
    for (const q of queues) for (const l of this.listeners) l(q);
  }

  /** Runs `fn` in an immediate transaction; pending notifications go out after commit. */
  transaction<T>(fn: (pending: Set<string>) => T): T {
    const pending = new Set<string>();
    const result = this.db.transaction(() => fn(pending)).immediate();
    this.notifyPending(pending);
    return result;
  }

  getTask(taskId: string): TaskRow | undefined {
    return this.stmt.getTask.get(taskId);
  }

  requireTask(taskId: string): TaskRow {
    const row = this.getTask(taskId);
    if (!row) throw missingTask(taskId);
    return row;
  }

  /** The status columns of a task (`statusJson` needs no more); 404 if there is none. */
  requireStatusRow(taskId: string): StatusRow {
    const row = this.stmt.getStatus.get(taskId);
    if (!row) throw missingTask(taskId);
    return row;
  }

  requireRun(row: TaskRow, runId: number) {
    const runs = this.runsOf(row);
    const run = runs[runId];
    if (!run)
      throw notFound(`Task with taskId: \`${row.task_id}\` has no run with runId: ${runId}`);
    return { runs, run };
  }

  runsOf(row: TaskRow): TaskRun[] {
    return JSON.parse(row.runs) as TaskRun[];
  }

  definitionOf(row: TaskRow): TaskDefinition {
    return JSON.parse(row.definition) as TaskDefinition;
  }

  status(row: StatusRow): TaskStatus {
    return JSON.parse(this.statusJson(row)) as TaskStatus;
  }

  /** The status as JSON text, built without parsing the stored runs (list pages stay cheap). */
  statusJson(row: StatusRow): string {
    const [provisionerId, workerType] = splitQueue(row.task_queue_id);
    const head = JSON.stringify({
      taskId: row.task_id,
      provisionerId,
      workerType,
      taskQueueId: row.task_queue_id,
      schedulerId: row.scheduler_id,
      projectId: row.project_id,
      taskGroupId: row.task_group_id,
      priority: row.priority,
      deadline: iso(row.deadline),
      expires: iso(row.expires),
      retriesLeft: row.retries_left,
      state: row.state,
    });
    return `${head.slice(0, -1)},"runs":${row.runs}}`;
  }

  /** `{"status":…,"task":…}` as JSON text. */
  taskWithStatusJson(row: TaskRow): string {
    return `{"status":${this.statusJson(row)},"task":${row.definition}}`;
  }

  save(row: TaskRow, runs: TaskRun[]) {
    const last = runs[runs.length - 1];
    row.runs = JSON.stringify(runs);
    row.state = (last?.state ?? 'unscheduled') as TaskState;
    row.taken_until =
      last?.state === 'running' && last.takenUntil ? Date.parse(last.takenUntil) : null;
    if (last?.state !== 'pending') row.pending_seq = null;
    if (last?.state !== 'running') row.claimed_at = null;
    this.stmt.updateRuns.run({
      runs: row.runs,
      state: row.state,
      retries_left: row.retries_left,
      taken_until: row.taken_until,
      pending_seq: row.pending_seq,
      claimed_at: row.claimed_at,
      task_id: row.task_id,
    });
  }

  addPendingRun(
    row: TaskRow,
    runs: TaskRun[],
    reasonCreated: TaskRun['reasonCreated'],
    pending: Set<string>,
  ) {
    runs.push({ runId: runs.length, state: 'pending', reasonCreated, scheduled: iso(this.now()) });
    row.pending_seq = this.pendingSeq++;
    pending.add(row.task_queue_id);
  }

  checkDeadline(row: TaskRow, verb: string) {
    if (row.deadline <= this.now()) {
      throw conflict(
        `Task \`${row.task_id}\` can't be ${verb} past its deadline of ${iso(row.deadline)}.`,
      );
    }
  }

  /** Satisfies the dependency edges out of a task that resolved for good; schedules dependents. */
  resolveDependents(row: TaskRow, pending: Set<string>) {
    const edges = this.db
      .prepare<[string], { dependent_task_id: string; requires: string }>(
        'SELECT dependent_task_id, requires FROM task_dependencies WHERE required_task_id = ? AND satisfied = 0',
      )
      .all(row.task_id);
    const satisfy = this.db.prepare(
      'UPDATE task_dependencies SET satisfied = 1 WHERE required_task_id = ? AND dependent_task_id = ?',
    );
    const open = this.db.prepare<[string], { n: number }>(
      'SELECT count(*) AS n FROM task_dependencies WHERE dependent_task_id = ? AND satisfied = 0',
    );
    for (const edge of edges) {
      if (edge.requires !== 'all-resolved' && row.state !== 'completed') continue;
      satisfy.run(row.task_id, edge.dependent_task_id);
      if ((open.get(edge.dependent_task_id)?.n ?? 0) > 0) continue;
      const dep = this.getTask(edge.dependent_task_id);
      if (!dep || dep.deadline <= this.now()) continue;
      const runs = this.runsOf(dep);
      if (runs.length > 0) continue;
      this.addPendingRun(dep, runs, 'scheduled', pending);
      this.save(dep, runs);
    }
  }

  /**
   * Resolves the last run; appends an automatic retry where the reason allows and retries remain.
   * A final resolution unblocks dependents.
   */
  resolveRun(
    row: TaskRow,
    runs: TaskRun[],
    state: 'completed' | 'failed' | 'exception',
    reason: NonNullable<TaskRun['reasonResolved']>,
    pending: Set<string>,
  ) {
    const run = runs[runs.length - 1]!;
    run.state = state;
    run.reasonResolved = reason;
    run.resolved = iso(this.now());
    const retryReason =
      reason === 'claim-expired' || reason === 'worker-shutdown'
        ? 'retry'
        : reason === 'intermittent-task'
          ? 'task-retry'
          : undefined;
    if (
      retryReason &&
      row.retries_left > 0 &&
      row.deadline > this.now() &&
      runs.length < MAX_RUNS
    ) {
      row.retries_left -= 1;
      this.addPendingRun(row, runs, retryReason, pending);
      this.save(row, runs);
      return;
    }
    this.save(row, runs);
    this.resolveDependents(row, pending);
  }

  /** Resolves an unresolved task as exception with `reason` (cancel and deadline share this). */
  cancelRow(row: TaskRow, reason: 'canceled' | 'deadline-exceeded', pending: Set<string>): boolean {
    const runs = this.runsOf(row);
    const now = iso(this.now());
    if (row.state === 'unscheduled') {
      runs.push({
        runId: runs.length,
        state: 'exception',
        reasonCreated: 'exception',
        reasonResolved: reason,
        scheduled: now,
        resolved: now,
      });
      this.save(row, runs);
      this.resolveDependents(row, pending);
      return true;
    }
    if (row.state === 'pending' || row.state === 'running') {
      this.resolveRun(row, runs, 'exception', reason, pending);
      return true;
    }
    return false;
  }
}

export function splitQueue(taskQueueId: string): [string, string] {
  const i = taskQueueId.indexOf('/');
  return [taskQueueId.slice(0, i), taskQueueId.slice(i + 1)];
}
