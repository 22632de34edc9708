/**
 * The Queue's state: tasks, runs, dependencies, groups, queues, workers and artifacts, over
 * SQLite. Every state change runs in one synchronous transaction, so claims are atomic (two
 * workers never get the same run) and a crash never leaves half a transition behind.
 * The transitions follow queue-spec §2.
 */
import type { Artifact, TaskDefinition, TaskRun, TaskState, TaskStatus } from '../../src/api/types';
import type { Clock } from '../shared/clock';
import type { DB } from '../shared/db';
import { conflict, inputError, notFound } from '../shared/errors';

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
const ARTIFACT_AFTER_EXCEPTION_MS = 25 * 60 * 1000;

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

export interface ArtifactRow {
  task_id: string;
  run_id: number;
  name: string;
  storage_type: string;
  content_type: string;
  content_length: number | null;
  expires: number;
  details: string;
  created: number;
}

export interface StoreOptions {
  db: DB;
  clock: Clock;
  /** Claim lifetime in seconds (1200 in production Taskcluster). */
  claimTimeoutSec?: number;
}

const iso = (ms: number) => new Date(ms).toJSON();
const isResolved = (state: string) =>
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

export class QueueStore {
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
    this.stmt = {
      getTask: db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE task_id = ?'),
      updateRuns: db.prepare(
        `UPDATE tasks SET runs = @runs, state = @state, retries_left = @retries_left, taken_until = @taken_until,
           pending_seq = @pending_seq, claimed_at = @claimed_at WHERE task_id = @task_id`,
      ),
      insertTask: db.prepare(
        `INSERT INTO tasks (task_id, task_group_id, task_queue_id, scheduler_id, project_id, priority, priority_rank,
           retries, retries_left, deadline, expires, requires, definition, runs, state)
         VALUES (@task_id, @task_group_id, @task_queue_id, @scheduler_id, @project_id, @priority, @priority_rank,
           @retries, @retries_left, @deadline, @expires, @requires, @definition, '[]', 'unscheduled')`,
      ),
      group: db.prepare<
        [string],
        { task_group_id: string; scheduler_id: string; expires: number; sealed: number | null }
      >('SELECT * FROM task_groups WHERE task_group_id = ?'),
      listGroup: db.prepare<[string, number, number], TaskRow>(
        'SELECT * FROM tasks WHERE task_group_id = ? ORDER BY task_id LIMIT ? OFFSET ?',
      ),
      pendingCount: db.prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM tasks WHERE task_queue_id = ? AND state = 'pending'",
      ),
      claimedCount: db.prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM tasks WHERE task_queue_id = ? AND state = 'running'",
      ),
      nextPending: db.prepare<[string, number], TaskRow>(
        "SELECT * FROM tasks WHERE task_queue_id = ? AND state = 'pending' ORDER BY priority_rank, pending_seq LIMIT ?",
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

  // ---- reading -----------------------------------------------------------------------------

  getTask(taskId: string): TaskRow | undefined {
    return this.stmt.getTask.get(taskId);
  }

  requireTask(taskId: string): TaskRow {
    const row = this.getTask(taskId);
    if (!row)
      throw notFound(
        `\`${taskId}\` does not correspond to a task that exists.\nAre you sure this task exists?`,
      );
    return row;
  }

  runsOf(row: TaskRow): TaskRun[] {
    return JSON.parse(row.runs) as TaskRun[];
  }

  definitionOf(row: TaskRow): TaskDefinition {
    return JSON.parse(row.definition) as TaskDefinition;
  }

  status(row: TaskRow): TaskStatus {
    return JSON.parse(this.statusJson(row)) as TaskStatus;
  }

  /** The status as JSON text, built without parsing the stored runs (list pages stay cheap). */
  statusJson(row: TaskRow): string {
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

  listTaskGroup(taskGroupId: string, offset: number, limit: number): TaskRow[] {
    return this.stmt.listGroup.all(taskGroupId, limit, offset);
  }

  getTaskGroup(taskGroupId: string) {
    const g = this.stmt.group.get(taskGroupId);
    if (!g) throw notFound(`No task-group with taskGroupId: \`${taskGroupId}\``);
    return {
      taskGroupId: g.task_group_id,
      schedulerId: g.scheduler_id,
      expires: iso(g.expires),
      ...(g.sealed ? { sealed: iso(g.sealed) } : {}),
    };
  }

  listDependents(taskId: string, offset: number, limit: number): TaskRow[] {
    return this.db
      .prepare<[string, number, number], TaskRow>(
        `SELECT t.* FROM task_dependencies d JOIN tasks t ON t.task_id = d.dependent_task_id
         WHERE d.required_task_id = ? ORDER BY d.dependent_task_id LIMIT ? OFFSET ?`,
      )
      .all(taskId, limit, offset);
  }

  pendingCount(taskQueueId: string): number {
    return this.stmt.pendingCount.get(taskQueueId)?.n ?? 0;
  }

  claimedCount(taskQueueId: string): number {
    return this.stmt.claimedCount.get(taskQueueId)?.n ?? 0;
  }

  listPending(taskQueueId: string, offset: number, limit: number): TaskRow[] {
    return this.db
      .prepare<[string, number, number], TaskRow>(
        "SELECT * FROM tasks WHERE task_queue_id = ? AND state = 'pending' ORDER BY pending_seq LIMIT ? OFFSET ?",
      )
      .all(taskQueueId, limit, offset);
  }

  listClaimed(taskQueueId: string, offset: number, limit: number): TaskRow[] {
    return this.db
      .prepare<[string, number, number], TaskRow>(
        "SELECT * FROM tasks WHERE task_queue_id = ? AND state = 'running' ORDER BY claimed_at, task_id LIMIT ? OFFSET ?",
      )
      .all(taskQueueId, limit, offset);
  }

  // ---- writing helpers -----------------------------------------------------------------------

  private save(row: TaskRow, runs: TaskRun[]) {
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

  private addPendingRun(
    row: TaskRow,
    runs: TaskRun[],
    reasonCreated: TaskRun['reasonCreated'],
    pending: Set<string>,
  ) {
    runs.push({ runId: runs.length, state: 'pending', reasonCreated, scheduled: iso(this.now()) });
    row.pending_seq = this.pendingSeq++;
    pending.add(row.task_queue_id);
  }

  private checkDeadline(row: TaskRow, verb: string) {
    if (row.deadline <= this.now()) {
      throw conflict(
        `Task \`${row.task_id}\` can't be ${verb} past its deadline of ${iso(row.deadline)}.`,
      );
    }
  }

  /** Satisfies the dependency edges out of a task that resolved for good; schedules dependents. */
  private resolveDependents(row: TaskRow, pending: Set<string>) {
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
  private resolveRun(
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

  // ---- task life cycle -----------------------------------------------------------------------

  /**
   * Creates a task from a validated, defaulted definition. Idempotent for an identical
   * definition (answers the current state); 409 for a different one.
   */
  createTask(taskId: string, def: TaskDefinition, options: { define?: boolean } = {}): TaskRow {
    return this.transaction((pending) => {
      const now = this.now();
      const existing = this.getTask(taskId);
      if (existing) {
        if (canonical(this.definitionOf(existing)) === canonical(def)) return existing;
        throw conflict(
          `taskId \`${taskId}\` already used by another task.\nThis could be the result of faulty idempotency!`,
        );
      }
      const group = this.stmt.group.get(def.taskGroupId);
      const expires = Date.parse(def.expires);
      if (group) {
        if (group.scheduler_id !== def.schedulerId) {
          throw conflict(
            `Task group \`${def.taskGroupId}\` contains tasks with schedulerId \`${group.scheduler_id}\`. You are attempting to include tasks from schedulerId \`${def.schedulerId}\`, which is not permitted. All tasks in the same task-group must have the same schedulerId.`,
          );
        }
        if (group.sealed)
          throw conflict(
            `Task group \`${def.taskGroupId}\` is sealed and does not accept new tasks.`,
          );
        if (expires + 3600_000 > group.expires) {
          this.db
            .prepare('UPDATE task_groups SET expires = ? WHERE task_group_id = ?')
            .run(expires + 3600_000, def.taskGroupId);
        }
      } else {
        this.db
          .prepare(
            'INSERT INTO task_groups (task_group_id, scheduler_id, expires) VALUES (?, ?, ?)',
          )
          .run(def.taskGroupId, def.schedulerId, expires + 3600_000);
      }
      const deadline = Date.parse(def.deadline);
      const deps = [...new Set(def.dependencies)];
      const missing: string[] = [];
      const expiring: string[] = [];
      const depRows = new Map<string, TaskRow>();
      for (const id of deps) {
        if (id === taskId) continue;
        const d = this.getTask(id);
        if (!d) missing.push(id);
        else if (d.expires < deadline) expiring.push(id);
        else depRows.set(id, d);
      }
      if (missing.length || expiring.length) {
        let message = '';
        if (missing.length) {
          message += `\`task.dependencies\` references non-existing tasks: \n${missing.map((m) => ` * ${m}`).join('\n')}\nAll taskIds in \`task.dependencies\` **must** exist\nbefore the task is created.\n`;
        }
        if (expiring.length) {
          message += `\`task.dependencies\` references tasks that expires\nbefore the deadline for this task:\n${expiring.map((m) => ` * ${m}`).join('\n')}\nThis is not allowed, see \`task.expires\` and \`task.deadline\`.\n`;
        }
        throw inputError(message);
      }
      this.stmt.insertTask.run({
        task_id: taskId,
        task_group_id: def.taskGroupId,
        task_queue_id: def.taskQueueId,
        scheduler_id: def.schedulerId,
        project_id: def.projectId,
        priority: def.priority,
        priority_rank: PRIORITY_RANK[def.priority] ?? 6,
        retries: def.retries,
        retries_left: def.retries,
        deadline,
        expires,
        requires: def.requires,
        definition: JSON.stringify(def),
      });
      this.touchQueue(def.taskQueueId!, now);
      const insertDep = this.db.prepare(
        'INSERT INTO task_dependencies (required_task_id, dependent_task_id, requires, satisfied) VALUES (?, ?, ?, ?)',
      );
      let open = 0;
      for (const id of deps) {
        const d = depRows.get(id);
        const satisfied = d
          ? def.requires === 'all-resolved'
            ? isResolved(d.state)
            : d.state === 'completed'
          : false;
        if (!satisfied) open++;
        insertDep.run(id, taskId, def.requires, satisfied ? 1 : 0);
      }
      const row = this.getTask(taskId)!;
      if (open === 0 && !options.define) {
        const runs: TaskRun[] = [];
        this.addPendingRun(row, runs, 'scheduled', pending);
        this.save(row, runs);
      }
      return row;
    });
  }

  scheduleTask(taskId: string): TaskRow {
    return this.transaction((pending) => {
      const row = this.requireTask(taskId);
      this.checkDeadline(row, 'scheduled');
      const runs = this.runsOf(row);
      if (runs.length === 0) {
        this.addPendingRun(row, runs, 'scheduled', pending);
        this.save(row, runs);
      }
      return row;
    });
  }

  cancelTask(taskId: string): TaskRow {
    return this.transaction((pending) => {
      const row = this.requireTask(taskId);
      this.checkDeadline(row, 'canceled');
      this.cancelRow(row, 'canceled', pending);
      return row;
    });
  }

  /** Resolves an unresolved task as exception with `reason` (cancel and deadline share this). */
  private cancelRow(
    row: TaskRow,
    reason: 'canceled' | 'deadline-exceeded',
    pending: Set<string>,
  ): boolean {
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

  rerunTask(taskId: string): TaskRow {
    return this.transaction((pending) => {
      const row = this.requireTask(taskId);
      this.checkDeadline(row, 'rescheduled');
      const runs = this.runsOf(row);
      if (row.state === 'pending' || row.state === 'running') return row;
      if (runs.length >= MAX_RUNS) throw conflict(`Maximum number of runs reached (${MAX_RUNS}).`);
      this.addPendingRun(row, runs, 'rerun', pending);
      row.retries_left = Math.min(row.retries, MAX_RUNS - runs.length);
      this.save(row, runs);
      return row;
    });
  }

  changeTaskPriority(taskId: string, priority: string): TaskRow {
    return this.transaction(() => {
      const row = this.requireTask(taskId);
      this.checkDeadline(row, 'changed');
      if (isResolved(row.state)) throw conflict(`Task \`${taskId}\` is already resolved.`);
      const def = this.definitionOf(row);
      def.priority = priority as TaskDefinition['priority'];
      this.db
        .prepare(
          'UPDATE tasks SET priority = ?, priority_rank = ?, definition = ? WHERE task_id = ?',
        )
        .run(priority, PRIORITY_RANK[priority] ?? 6, JSON.stringify(def), taskId);
      return this.getTask(taskId)!;
    });
  }

  // ---- workers -------------------------------------------------------------------------------

  /** Claims up to `count` pending tasks of a queue, highest priority first, then FIFO. */
  claimWork(taskQueueId: string, workerGroup: string, workerId: string, count: number) {
    return this.transaction(() => {
      const now = this.now();
      this.touchQueue(taskQueueId, now);
      const worker = this.getWorkerRow(taskQueueId, workerGroup, workerId);
      if (worker?.quarantine_until && worker.quarantine_until > now) return [];
      const claims = [];
      for (const row of this.stmt.nextPending.all(taskQueueId, count)) {
        if (row.deadline <= now) continue;
        claims.push(this.claimRow(row, this.runsOf(row).length - 1, workerGroup, workerId));
      }
      return claims;
    });
  }

  /** The deprecated single-run claim. */
  claimTask(taskId: string, runId: number, workerGroup: string, workerId: string) {
    return this.transaction(() => {
      const row = this.requireTask(taskId);
      const runs = this.runsOf(row);
      const run = runs[runId];
      if (!run) throw notFound(`Task with taskId: \`${taskId}\` has no run with runId: ${runId}`);
      this.checkDeadline(row, 'claimed');
      if (runId !== runs.length - 1 || run.state !== 'pending') {
        if (
          run.state === 'running' &&
          run.workerGroup === workerGroup &&
          run.workerId === workerId
        ) {
          return { row, run, runId };
        }
        throw conflict(`Run ${runId} of task \`${taskId}\` is already claimed by another worker.`);
      }
      return this.claimRow(row, runId, workerGroup, workerId);
    });
  }

  private claimRow(row: TaskRow, runId: number, workerGroup: string, workerId: string) {
    const now = this.now();
    const runs = this.runsOf(row);
    const run = runs[runId]!;
    run.state = 'running';
    run.workerGroup = workerGroup;
    run.workerId = workerId;
    run.takenUntil = iso(now + this.claimTimeoutMs);
    run.started = iso(now);
    row.claimed_at = now;
    this.save(row, runs);
    this.touchWorker(row.task_queue_id, workerGroup, workerId, now, { taskId: row.task_id, runId });
    return { row, run, runId };
  }

  private requireRun(row: TaskRow, runId: number) {
    const runs = this.runsOf(row);
    const run = runs[runId];
    if (!run)
      throw notFound(`Task with taskId: \`${row.task_id}\` has no run with runId: ${runId}`);
    return { runs, run };
  }

  reclaimTask(taskId: string, runId: number) {
    return this.transaction(() => {
      const row = this.requireTask(taskId);
      const { runs, run } = this.requireRun(row, runId);
      this.checkDeadline(row, 'reclaimed');
      if (runId !== runs.length - 1 || run.state !== 'running') {
        throw conflict(`Run ${runId} on task \`${taskId}\` is resolved or not running.`);
      }
      const now = this.now();
      run.takenUntil = iso(now + this.claimTimeoutMs);
      this.save(row, runs);
      this.touchWorker(row.task_queue_id, run.workerGroup!, run.workerId!, now);
      return { row, run, runId };
    });
  }

  /** reportCompleted / reportFailed / reportException. */
  reportRun(
    taskId: string,
    runId: number,
    target: 'completed' | 'failed' | 'exception',
    reason?: NonNullable<TaskRun['reasonResolved']>,
  ): TaskRow {
    return this.transaction((pending) => {
      const row = this.requireTask(taskId);
      const { runs, run } = this.requireRun(row, runId);
      const resolvedReason = (reason ?? target) as NonNullable<TaskRun['reasonResolved']>;
      if (runId !== runs.length - 1 || run.state !== 'running') {
        // Repeating the same report is idempotent.
        if (run.state === target && run.reasonResolved === resolvedReason) return row;
        if (target === 'exception' && run.state === 'exception') {
          throw conflict(`Run ${runId} on task \`${taskId}\` is resolved or not running.`);
        }
        throw conflict(`Run ${runId} of task \`${taskId}\` is not running or ${target}.`);
      }
      this.resolveRun(row, runs, target, resolvedReason, pending);
      return row;
    });
  }

  /** Resolves claims whose takenUntil passed: `claim-expired`, with a retry while retries remain. */
  expireClaims(): number {
    const now = this.now();
    const ids = this.db
      .prepare<[number], { task_id: string }>(
        "SELECT task_id FROM tasks WHERE state = 'running' AND taken_until <= ?",
      )
      .all(now);
    let n = 0;
    for (const { task_id } of ids) {
      this.transaction((pending) => {
        const row = this.getTask(task_id);
        if (!row || row.state !== 'running' || (row.taken_until ?? Infinity) > now) return;
        if (row.deadline <= now) return; // the deadline resolver owns it
        this.resolveRun(row, this.runsOf(row), 'exception', 'claim-expired', pending);
        n++;
      });
    }
    return n;
  }

  /** Resolves unresolved tasks past their deadline as `deadline-exceeded`. */
  expireDeadlines(): number {
    const now = this.now();
    const ids = this.db
      .prepare<[number], { task_id: string }>(
        "SELECT task_id FROM tasks WHERE state IN ('unscheduled', 'pending', 'running') AND deadline <= ?",
      )
      .all(now);
    let n = 0;
    for (const { task_id } of ids) {
      this.transaction((pending) => {
        const row = this.getTask(task_id);
        if (row && row.deadline <= now && this.cancelRow(row, 'deadline-exceeded', pending)) n++;
      });
    }
    return n;
  }

  // ---- task groups ---------------------------------------------------------------------------

  sealTaskGroup(taskGroupId: string) {
    return this.transaction(() => {
      this.getTaskGroup(taskGroupId);
      this.db
        .prepare('UPDATE task_groups SET sealed = coalesce(sealed, ?) WHERE task_group_id = ?')
        .run(this.now(), taskGroupId);
      return this.getTaskGroup(taskGroupId);
    });
  }

  cancelTaskGroup(taskGroupId: string) {
    return this.transaction((pending) => {
      const group = this.getTaskGroup(taskGroupId);
      if (!group.sealed) throw conflict(`Cannot cancel unsealed task group: \`${taskGroupId}\``);
      const rows = this.db
        .prepare<[string], TaskRow>('SELECT * FROM tasks WHERE task_group_id = ? ORDER BY task_id')
        .all(taskGroupId);
      const taskIds: string[] = [];
      for (const stale of rows) {
        // Cancelling one task may already have scheduled or resolved another: reread each.
        const row = this.getTask(stale.task_id)!;
        if (row.deadline <= this.now()) continue;
        if (this.cancelRow(row, 'canceled', pending)) taskIds.push(row.task_id);
      }
      return { taskGroupId, taskGroupSize: rows.length, cancelledCount: taskIds.length, taskIds };
    });
  }

  // ---- queues and workers --------------------------------------------------------------------

  private touchQueue(taskQueueId: string, now: number) {
    this.db
      .prepare(
        `INSERT INTO task_queues (task_queue_id, expires, last_date_active) VALUES (?, ?, ?)
         ON CONFLICT (task_queue_id) DO UPDATE SET expires = excluded.expires, last_date_active = excluded.last_date_active`,
      )
      .run(taskQueueId, now + 5 * 86400_000, now);
  }

  private getWorkerRow(taskQueueId: string, workerGroup: string, workerId: string) {
    return this.db
      .prepare<[string, string, string], WorkerRow>(
        'SELECT * FROM workers WHERE task_queue_id = ? AND worker_group = ? AND worker_id = ?',
      )
      .get(taskQueueId, workerGroup, workerId);
  }

  private touchWorker(
    taskQueueId: string,
    workerGroup: string,
    workerId: string,
    now: number,
    task?: { taskId: string; runId: number },
  ) {
    const existing = this.getWorkerRow(taskQueueId, workerGroup, workerId);
    const recent = existing
      ? (JSON.parse(existing.recent_tasks) as { taskId: string; runId: number }[])
      : [];
    if (task) recent.push(task);
    this.db
      .prepare(
        `INSERT INTO workers (task_queue_id, worker_group, worker_id, first_claim, last_date_active, expires, recent_tasks)
         VALUES (@q, @g, @w, @now, @now, @expires, @recent)
         ON CONFLICT (task_queue_id, worker_group, worker_id)
         DO UPDATE SET last_date_active = @now, expires = @expires, recent_tasks = @recent`,
      )
      .run({
        q: taskQueueId,
        g: workerGroup,
        w: workerId,
        now,
        expires: now + 86400_000,
        recent: JSON.stringify(recent.slice(-20)),
      });
  }

  listTaskQueues(offset: number, limit: number, provisionerId?: string) {
    const rows = provisionerId
      ? this.db
          .prepare<[string, number, number], QueueRow>(
            "SELECT * FROM task_queues WHERE task_queue_id LIKE ? || '/%' ORDER BY task_queue_id LIMIT ? OFFSET ?",
          )
          .all(provisionerId, limit, offset)
      : this.db
          .prepare<[number, number], QueueRow>(
            'SELECT * FROM task_queues ORDER BY task_queue_id LIMIT ? OFFSET ?',
          )
          .all(limit, offset);
    return rows.map(queueInfo);
  }

  getTaskQueue(taskQueueId: string) {
    const row = this.db
      .prepare<[string], QueueRow>('SELECT * FROM task_queues WHERE task_queue_id = ?')
      .get(taskQueueId);
    if (!row) throw notFound(`Task queue \`${taskQueueId}\` not found`);
    return queueInfo(row);
  }

  listProvisioners(offset: number, limit: number) {
    return this.db
      .prepare<[number, number], { p: string; expires: number; last: number }>(
        `SELECT substr(task_queue_id, 1, instr(task_queue_id, '/') - 1) AS p, max(expires) AS expires,
           max(last_date_active) AS last FROM task_queues GROUP BY p ORDER BY p LIMIT ? OFFSET ?`,
      )
      .all(limit, offset)
      .map((r) => ({
        provisionerId: r.p,
        stability: 'experimental',
        description: '',
        expires: iso(r.expires),
        lastDateActive: iso(r.last),
      }));
  }

  listWorkers(taskQueueId: string, offset: number, limit: number, quarantined?: boolean) {
    const now = this.now();
    const rows = this.db
      .prepare<[string, number, number], WorkerRow>(
        'SELECT * FROM workers WHERE task_queue_id = ? ORDER BY worker_group, worker_id LIMIT ? OFFSET ?',
      )
      .all(taskQueueId, limit, offset)
      .filter(
        (w) =>
          quarantined === undefined ||
          (w.quarantine_until !== null && w.quarantine_until > now) === quarantined,
      );
    return rows.map((w) => {
      const recent = JSON.parse(w.recent_tasks) as { taskId: string; runId: number }[];
      return {
        workerGroup: w.worker_group,
        workerId: w.worker_id,
        firstClaim: iso(w.first_claim),
        lastDateActive: iso(w.last_date_active),
        ...(recent.length ? { latestTask: recent[recent.length - 1] } : {}),
        ...(w.quarantine_until ? { quarantineUntil: iso(w.quarantine_until) } : {}),
      };
    });
  }

  getWorker(taskQueueId: string, workerGroup: string, workerId: string) {
    const w = this.getWorkerRow(taskQueueId, workerGroup, workerId);
    if (!w)
      throw notFound(
        `Worker with workerId \`${workerId}\`, workerGroup \`${workerGroup}\`, and taskQueueId \`${taskQueueId}\` not found. Are you sure it was created?`,
      );
    const [provisionerId, workerType] = splitQueue(taskQueueId);
    return {
      provisionerId,
      workerType,
      taskQueueId,
      workerGroup,
      workerId,
      recentTasks: JSON.parse(w.recent_tasks) as unknown[],
      expires: iso(w.expires),
      firstClaim: iso(w.first_claim),
      lastDateActive: iso(w.last_date_active),
      quarantineUntil: iso(w.quarantine_until ?? w.first_claim - 10 * 365 * 86400_000),
    };
  }

  // ---- artifacts -----------------------------------------------------------------------------

  /** The row and run an artifact call acts on; unknown task/run is a 400 here (queue-spec §7.1). */
  artifactTarget(taskId: string, runId: number) {
    const row = this.getTask(taskId);
    if (!row) throw inputError(`Task \`${taskId}\` not found`);
    const runs = this.runsOf(row);
    const run = runs[runId];
    if (!run) throw inputError(`Run ${runId} not found on task \`${taskId}\``);
    return { row, run };
  }

  getArtifactRow(taskId: string, runId: number, name: string): ArtifactRow | undefined {
    return this.db
      .prepare<[string, number, string], ArtifactRow>(
        'SELECT * FROM artifacts WHERE task_id = ? AND run_id = ? AND name = ?',
      )
      .get(taskId, runId, name);
  }

  /** Creates or idempotently re-creates an artifact (queue-spec §7.1 rules). */
  createArtifact(
    taskId: string,
    runId: number,
    name: string,
    a: {
      storageType: string;
      contentType: string;
      contentLength?: number;
      expires: number;
      details: Record<string, unknown>;
    },
  ) {
    return this.transaction(() => {
      const { row, run } = this.artifactTarget(taskId, runId);
      const now = this.now();
      if (!run.started)
        throw inputError('Run was not claimed by a worker and so no artifacts can exist');
      if (a.expires < now - 15 * 60_000) throw inputError('Expires must be in the future');
      if (a.expires > row.expires)
        throw inputError(
          'Artifact expires after the task expires: it must expire before or with the task',
        );
      const recentException =
        run.state === 'exception' &&
        run.resolved &&
        Date.parse(run.resolved) + ARTIFACT_AFTER_EXCEPTION_MS > now;
      if (run.state !== 'running' && !recentException) {
        throw conflict(
          "Artifacts cannot be created for a task after it is resolved, unless it is resolved 'exception', and even in this case only up to 25 min past resolution.This to ensure that artifacts have been uploaded before a task is 'completed' and output is consumed by a dependent task\n\nTask status: " +
            this.statusJson(row),
        );
      }
      const existing = this.getArtifactRow(taskId, runId, name);
      const details = JSON.stringify(a.details);
      if (existing) {
        const same =
          existing.storage_type === a.storageType &&
          existing.content_type === a.contentType &&
          existing.details === details;
        const allowed =
          (same && a.expires >= existing.expires) ||
          (existing.storage_type === 'reference' &&
            a.storageType === 'reference' &&
            a.expires >= existing.expires) ||
          (existing.storage_type === 'reference' && a.storageType === 'link');
        if (!allowed) {
          throw conflict(
            `Artifact already exists with different properties, and none of the allowed exceptions apply: ${JSON.stringify(
              {
                storageType: existing.storage_type,
                contentType: existing.content_type,
                expires: iso(existing.expires),
              },
            )}`,
          );
        }
      }
      this.db
        .prepare(
          `INSERT INTO artifacts (task_id, run_id, name, storage_type, content_type, content_length, expires, details, created)
           VALUES (@t, @r, @n, @s, @c, @l, @e, @d, @now)
           ON CONFLICT (task_id, run_id, name) DO UPDATE SET storage_type = @s, content_type = @c, content_length = @l,
             expires = @e, details = @d`,
        )
        .run({
          t: taskId,
          r: runId,
          n: name,
          s: a.storageType,
          c: a.contentType,
          l: a.contentLength ?? null,
          e: a.expires,
          d: details,
          now,
        });
    });
  }

  listArtifacts(taskId: string, runId: number, offset: number, limit: number): ArtifactRow[] {
    return this.db
      .prepare<[string, number, number, number], ArtifactRow>(
        'SELECT * FROM artifacts WHERE task_id = ? AND run_id = ? ORDER BY name LIMIT ? OFFSET ?',
      )
      .all(taskId, runId, limit, offset);
  }

  artifactInfo(a: ArtifactRow): Artifact {
    return {
      storageType: a.storage_type as Artifact['storageType'],
      name: a.name,
      expires: iso(a.expires),
      contentType: a.content_type,
      ...(a.content_length !== null ? { contentLength: a.content_length } : {}),
    };
  }

  putBlob(taskId: string, runId: number, name: string, contentType: string, data: Buffer) {
    this.db
      .prepare(
        `INSERT INTO blobs (task_id, run_id, name, content_type, data) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (task_id, run_id, name) DO UPDATE SET content_type = excluded.content_type, data = excluded.data`,
      )
      .run(taskId, runId, name, contentType, data);
  }

  getBlob(taskId: string, runId: number, name: string) {
    return this.db
      .prepare<[string, number, string], { content_type: string; data: Buffer }>(
        'SELECT content_type, data FROM blobs WHERE task_id = ? AND run_id = ? AND name = ?',
      )
      .get(taskId, runId, name);
  }
}

interface QueueRow {
  task_queue_id: string;
  description: string;
  stability: string;
  expires: number;
  last_date_active: number;
}

interface WorkerRow {
  task_queue_id: string;
  worker_group: string;
  worker_id: string;
  first_claim: number;
  last_date_active: number;
  expires: number;
  recent_tasks: string;
  quarantine_until: number | null;
}

function queueInfo(r: QueueRow) {
  return {
    taskQueueId: r.task_queue_id,
    stability: r.stability,
    description: r.description,
    expires: iso(r.expires),
    lastDateActive: iso(r.last_date_active),
  };
}

export function splitQueue(taskQueueId: string): [string, string] {
  const i = taskQueueId.indexOf('/');
  return [taskQueueId.slice(0, i), taskQueueId.slice(i + 1)];
}
