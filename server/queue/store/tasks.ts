/** Tasks: creation (with dependencies), scheduling, cancelling, reruns, priority, deadlines. */
import type { TaskDefinition, TaskRun } from '../../../src/api/types';
import { conflict, inputError } from '../../common/errors';
import {
  canonical,
  isResolved,
  MAX_RUNS,
  PRIORITY_RANK,
  type StoreCore,
  type TaskRow,
} from './core';
import type { TaskGroupStore } from './task-groups';
import type { TaskQueueStore } from './task-queues';

export class TaskStore {
  private stmt;

  constructor(
    private core: StoreCore,
    private groups: TaskGroupStore,
    private queues: TaskQueueStore,
  ) {
    this.stmt = {
      insertTask: core.db.prepare(
        `INSERT INTO tasks (task_id, task_group_id, task_queue_id, scheduler_id, project_id, priority, priority_rank,
           retries, retries_left, deadline, expires, requires, definition, runs, state)
         VALUES (@task_id, @task_group_id, @task_queue_id, @scheduler_id, @project_id, @priority, @priority_rank,
           @retries, @retries_left, @deadline, @expires, @requires, @definition, '[]', 'unscheduled')`,
      ),
    };
  }

  listDependents(taskId: string, offset: number, limit: number): TaskRow[] {
    return this.core.db
      .prepare<[string, number, number], TaskRow>(
        `SELECT t.* FROM task_dependencies d JOIN tasks t ON t.task_id = d.dependent_task_id
         WHERE d.required_task_id = ? ORDER BY d.dependent_task_id LIMIT ? OFFSET ?`,
      )
      .all(taskId, limit, offset);
  }

  /**
   * Creates a task from a validated, defaulted definition. Idempotent for an identical
   * definition (answers the current state); 409 for a different one.
   */
  createTask(taskId: string, def: TaskDefinition, options: { define?: boolean } = {}): TaskRow {
    return this.core.transaction((pending) => {
      const now = this.core.now();
      const existing = this.core.getTask(taskId);
      if (existing) {
        if (canonical(this.core.definitionOf(existing)) === canonical(def)) return existing;
        throw conflict(
          `taskId \`${taskId}\` already used by another task.\nThis could be the result of faulty idempotency!`,
        );
      }
      const group = this.groups.groupRow(def.taskGroupId);
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
          this.core.db
            .prepare('UPDATE task_groups SET expires = ? WHERE task_group_id = ?')
            .run(expires + 3600_000, def.taskGroupId);
        }
      } else {
        this.core.db
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
        const d = this.core.getTask(id);
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
      this.queues.touchQueue(def.taskQueueId!, now);
      const insertDep = this.core.db.prepare(
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
      const row = this.core.getTask(taskId)!;
      if (open === 0 && !options.define) {
        const runs: TaskRun[] = [];
        this.core.addPendingRun(row, runs, 'scheduled', pending);
        this.core.save(row, runs);
      }
      return row;
    });
  }

  scheduleTask(taskId: string): TaskRow {
    return this.core.transaction((pending) => {
      const row = this.core.requireTask(taskId);
      this.core.checkDeadline(row, 'scheduled');
      const runs = this.core.runsOf(row);
      if (runs.length === 0) {
        this.core.addPendingRun(row, runs, 'scheduled', pending);
        this.core.save(row, runs);
      }
      return row;
    });
  }

  cancelTask(taskId: string): TaskRow {
    return this.core.transaction((pending) => {
      const row = this.core.requireTask(taskId);
      this.core.checkDeadline(row, 'canceled');
      this.core.cancelRow(row, 'canceled', pending);
      return row;
    });
  }

  rerunTask(taskId: string): TaskRow {
    return this.core.transaction((pending) => {
      const row = this.core.requireTask(taskId);
      this.core.checkDeadline(row, 'rescheduled');
      const runs = this.core.runsOf(row);
      if (row.state === 'pending' || row.state === 'running') return row;
      if (runs.length >= MAX_RUNS) throw conflict(`Maximum number of runs reached (${MAX_RUNS}).`);
      this.core.addPendingRun(row, runs, 'rerun', pending);
      row.retries_left = Math.min(row.retries, MAX_RUNS - runs.length);
      this.core.save(row, runs);
      return row;
    });
  }

  changeTaskPriority(taskId: string, priority: string): TaskRow {
    return this.core.transaction(() => {
      const row = this.core.requireTask(taskId);
      this.core.checkDeadline(row, 'reprioritized');
      // The real Queue answers the same 409 when the priority would not change.
      if (isResolved(row.state) || row.priority === priority) {
        throw conflict(`Task \`${taskId}\` is already resolved and cannot be reprioritized.`);
      }
      const def = this.core.definitionOf(row);
      def.priority = priority as TaskDefinition['priority'];
      this.core.db
        .prepare(
          'UPDATE tasks SET priority = ?, priority_rank = ?, definition = ? WHERE task_id = ?',
        )
        .run(priority, PRIORITY_RANK[priority] ?? 6, JSON.stringify(def), taskId);
      return this.core.getTask(taskId)!;
    });
  }

  /** Resolves unresolved tasks past their deadline as `deadline-exceeded`. */
  expireDeadlines(): number {
    const now = this.core.now();
    const ids = this.core.db
      .prepare<[number], { task_id: string }>(
        "SELECT task_id FROM tasks WHERE state IN ('unscheduled', 'pending', 'running') AND deadline <= ?",
      )
      .all(now);
    let n = 0;
    for (const { task_id } of ids) {
      this.core.transaction((pending) => {
        const row = this.core.getTask(task_id);
        if (row && row.deadline <= now && this.core.cancelRow(row, 'deadline-exceeded', pending))
          n++;
      });
    }
    return n;
  }
}
