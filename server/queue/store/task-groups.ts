/** Task groups: listing, sealing, cancelling, priorities, and purging (demo data only). */
import { conflict, notFound } from '../../common/errors';
import { iso, PRIORITY_RANK, type StoreCore, type TaskRow } from './core';

export interface TaskGroupRow {
  task_group_id: string;
  scheduler_id: string;
  expires: number;
  sealed: number | null;
}

export class TaskGroupStore {
  private stmt;

  constructor(private core: StoreCore) {
    const db = core.db;
    this.stmt = {
      group: db.prepare<[string], TaskGroupRow>(
        'SELECT * FROM task_groups WHERE task_group_id = ?',
      ),
      listGroup: db.prepare<[string, number, number], TaskRow>(
        'SELECT * FROM tasks WHERE task_group_id = ? ORDER BY task_id LIMIT ? OFFSET ?',
      ),
    };
  }

  /** The stored group, if it exists. */
  groupRow(taskGroupId: string): TaskGroupRow | undefined {
    return this.stmt.group.get(taskGroupId);
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

  sealTaskGroup(taskGroupId: string) {
    return this.core.transaction(() => {
      this.getTaskGroup(taskGroupId);
      this.core.db
        .prepare('UPDATE task_groups SET sealed = coalesce(sealed, ?) WHERE task_group_id = ?')
        .run(this.core.now(), taskGroupId);
      return this.getTaskGroup(taskGroupId);
    });
  }

  cancelTaskGroup(taskGroupId: string) {
    return this.core.transaction((pending) => {
      const group = this.getTaskGroup(taskGroupId);
      if (!group.sealed) throw conflict(`Cannot cancel unsealed task group: \`${taskGroupId}\``);
      const rows = this.core.db
        .prepare<[string], TaskRow>('SELECT * FROM tasks WHERE task_group_id = ? ORDER BY task_id')
        .all(taskGroupId);
      const taskIds: string[] = [];
      for (const stale of rows) {
        // Cancelling one task may already have scheduled or resolved another: reread each.
        const row = this.core.getTask(stale.task_id)!;
        if (row.deadline <= this.core.now()) continue;
        if (this.core.cancelRow(row, 'canceled', pending)) taskIds.push(row.task_id);
      }
      return { taskGroupId, taskGroupSize: rows.length, cancelledCount: taskIds.length, taskIds };
    });
  }

  /**
   * Sets the priority of every unresolved task of the group whose priority differs, as the real
   * Queue does: resolved tasks keep theirs, and a repeated call affects nothing.
   */
  changeTaskGroupPriority(taskGroupId: string, priority: string) {
    return this.core.transaction(() => {
      const group = this.getTaskGroup(taskGroupId);
      const rows = this.core.db
        .prepare<[string, string], TaskRow>(
          `SELECT * FROM tasks WHERE task_group_id = ? AND priority != ?
             AND state IN ('unscheduled', 'pending', 'running') ORDER BY task_id`,
        )
        .all(taskGroupId, priority);
      const update = this.core.db.prepare(
        'UPDATE tasks SET priority = ?, priority_rank = ?, definition = ? WHERE task_id = ?',
      );
      for (const row of rows) {
        const def = this.core.definitionOf(row);
        def.priority = priority as typeof def.priority;
        update.run(priority, PRIORITY_RANK[priority] ?? 6, JSON.stringify(def), row.task_id);
      }
      return {
        taskGroupId,
        schedulerId: group.schedulerId,
        newPriority: priority,
        tasksAffected: rows.length,
        taskIds: rows.map((r) => r.task_id),
      };
    });
  }

  /**
   * Deletes task groups with their tasks, dependencies and artifacts, in one transaction. The
   * real Queue only expires groups; this serves the demo, which is rebuilt under the same IDs.
   */
  purgeTaskGroups(taskGroupIds: string[]): void {
    const inGroup = 'SELECT task_id FROM tasks WHERE task_group_id = @id';
    const statements = [
      `DELETE FROM blobs WHERE task_id IN (${inGroup})`,
      `DELETE FROM artifacts WHERE task_id IN (${inGroup})`,
      `DELETE FROM task_dependencies
         WHERE required_task_id IN (${inGroup}) OR dependent_task_id IN (${inGroup})`,
      'DELETE FROM tasks WHERE task_group_id = @id',
      'DELETE FROM task_groups WHERE task_group_id = @id',
    ].map((sql) => this.core.db.prepare<{ id: string }>(sql));
    this.core.transaction(() => {
      for (const id of taskGroupIds) for (const statement of statements) statement.run({ id });
    });
  }
}
