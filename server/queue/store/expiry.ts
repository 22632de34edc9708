/**
 * Expiry, as the real Queue's expire-tasks and expire-task-groups jobs do it: a task past its
 * `expires` is deleted with what belongs to it (its artifacts and their bodies, and the record
 * of what it depended on), and a group past its `expires` (its last task's expiry + 1 hour) is
 * deleted too, so that listing it answers 404. Until then a group lists only its live tasks.
 */
import type { StoreCore } from './core';

export interface ExpiryCounts {
  tasks: number;
  taskGroups: number;
}

/** Deletes in batches, each its own transaction, so a large sweep never blocks requests long. */
const BATCH = 500;

export function expireTasks(core: StoreCore): ExpiryCounts {
  const now = core.now();
  const db = core.db;
  const due = db.prepare<[number, number], { task_id: string }>(
    'SELECT task_id FROM tasks WHERE expires <= ? LIMIT ?',
  );
  const statements = [
    'DELETE FROM blobs WHERE task_id = ?',
    'DELETE FROM artifacts WHERE task_id = ?',
    'DELETE FROM task_dependencies WHERE dependent_task_id = ?',
    'DELETE FROM tasks WHERE task_id = ?',
  ].map((sql) => db.prepare<[string]>(sql));
  let tasks = 0;
  for (;;) {
    const ids = due.all(now, BATCH);
    if (!ids.length) break;
    core.transaction(() => {
      for (const { task_id } of ids) for (const s of statements) s.run(task_id);
    });
    tasks += ids.length;
  }
  const taskGroups = core.transaction(
    () => db.prepare<[number]>('DELETE FROM task_groups WHERE expires <= ?').run(now).changes,
  );
  return { tasks, taskGroups };
}
