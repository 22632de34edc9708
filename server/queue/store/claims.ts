/** Claims: claimWork and claimTask, reclaims, run reports, and expiry of lapsed claims. */
import type { TaskRun } from '../../../src/api/types';
import { conflict, notFound } from '../../common/errors';
import { iso, type StoreCore, type TaskRow } from './core';
import type { TaskQueueStore } from './task-queues';

export class ClaimStore {
  private stmt;

  constructor(
    private core: StoreCore,
    private queues: TaskQueueStore,
  ) {
    this.stmt = {
      nextPending: core.db.prepare<[string, number], TaskRow>(
        "SELECT * FROM tasks WHERE task_queue_id = ? AND state = 'pending' ORDER BY priority_rank, pending_seq LIMIT ?",
      ),
    };
  }

  /** Claims up to `count` pending tasks of a queue, highest priority first, then FIFO. */
  claimWork(taskQueueId: string, workerGroup: string, workerId: string, count: number) {
    return this.core.transaction(() => {
      const now = this.core.now();
      this.queues.touchQueue(taskQueueId, now);
      const worker = this.queues.getWorkerRow(taskQueueId, workerGroup, workerId);
      if (worker?.quarantine_until && worker.quarantine_until > now) return [];
      const claims = [];
      for (const row of this.stmt.nextPending.all(taskQueueId, count)) {
        if (row.deadline <= now) continue;
        claims.push(this.claimRow(row, this.core.runsOf(row).length - 1, workerGroup, workerId));
      }
      return claims;
    });
  }

  /** The deprecated single-run claim. */
  claimTask(taskId: string, runId: number, workerGroup: string, workerId: string) {
    return this.core.transaction(() => {
      const row = this.core.requireTask(taskId);
      const runs = this.core.runsOf(row);
      const run = runs[runId];
      if (!run) throw notFound(`Task with taskId: \`${taskId}\` has no run with runId: ${runId}`);
      this.core.checkDeadline(row, 'claimed');
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
    const now = this.core.now();
    const runs = this.core.runsOf(row);
    const run = runs[runId]!;
    run.state = 'running';
    run.workerGroup = workerGroup;
    run.workerId = workerId;
    run.takenUntil = iso(now + this.core.claimTimeoutMs);
    run.started = iso(now);
    row.claimed_at = now;
    this.core.save(row, runs);
    this.queues.touchWorker(row.task_queue_id, workerGroup, workerId, now, {
      taskId: row.task_id,
      runId,
    });
    return { row, run, runId };
  }

  reclaimTask(taskId: string, runId: number) {
    return this.core.transaction(() => {
      const row = this.core.requireTask(taskId);
      const { runs, run } = this.core.requireRun(row, runId);
      this.core.checkDeadline(row, 'reclaimed');
      if (runId !== runs.length - 1 || run.state !== 'running') {
        throw conflict(`Run ${runId} on task \`${taskId}\` is resolved or not running.`);
      }
      const now = this.core.now();
      run.takenUntil = iso(now + this.core.claimTimeoutMs);
      this.core.save(row, runs);
      this.queues.touchWorker(row.task_queue_id, run.workerGroup!, run.workerId!, now);
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
    return this.core.transaction((pending) => {
      const row = this.core.requireTask(taskId);
      const { runs, run } = this.core.requireRun(row, runId);
      const resolvedReason = (reason ?? target) as NonNullable<TaskRun['reasonResolved']>;
      if (runId !== runs.length - 1 || run.state !== 'running') {
        // Repeating the same report is idempotent.
        if (run.state === target && run.reasonResolved === resolvedReason) return row;
        if (target === 'exception' && run.state === 'exception') {
          throw conflict(`Run ${runId} on task \`${taskId}\` is resolved or not running.`);
        }
        throw conflict(`Run ${runId} of task \`${taskId}\` is not running or ${target}.`);
      }
      this.core.resolveRun(row, runs, target, resolvedReason, pending);
      return row;
    });
  }

  /** Resolves claims whose takenUntil passed: `claim-expired`, with a retry while retries remain. */
  expireClaims(): number {
    const now = this.core.now();
    const ids = this.core.db
      .prepare<[number], { task_id: string }>(
        "SELECT task_id FROM tasks WHERE state = 'running' AND taken_until <= ?",
      )
      .all(now);
    let n = 0;
    for (const { task_id } of ids) {
      this.core.transaction((pending) => {
        const row = this.core.getTask(task_id);
        if (!row || row.state !== 'running' || (row.taken_until ?? Infinity) > now) return;
        if (row.deadline <= now) return; // the deadline resolver owns it
        this.core.resolveRun(row, this.core.runsOf(row), 'exception', 'claim-expired', pending);
        n++;
      });
    }
    return n;
  }
}
