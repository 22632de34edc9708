/**
 * Hooks and their last fires in the deployment's SQLite database, so they survive a restart.
 * A definition is kept as the JSON the API reads back (`bindings, metadata, task, schedule,
 * triggerSchema`).
 */
import type { DB } from '../common/db';

export interface HookDefinition {
  bindings: { exchange: string; routingKeyPattern: string }[];
  metadata: { name: string; description: string; owner: string; emailOnError: boolean };
  task: Record<string, unknown>;
  schedule: string[];
  triggerSchema: Record<string, unknown>;
}

export interface LastFire {
  hookGroupId: string;
  hookId: string;
  firedBy: string;
  taskId: string;
  taskCreateTime: string;
  result: 'success' | 'error';
  /** The error as JSON text, `""` on success. */
  error: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS hooks (
  hook_group_id TEXT NOT NULL,
  hook_id TEXT NOT NULL,
  definition TEXT NOT NULL,
  PRIMARY KEY (hook_group_id, hook_id)
);
CREATE TABLE IF NOT EXISTS hook_last_fires (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  hook_group_id TEXT NOT NULL,
  hook_id TEXT NOT NULL,
  fired_by TEXT NOT NULL,
  task_id TEXT NOT NULL,
  task_create_time TEXT NOT NULL,
  result TEXT NOT NULL,
  error TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS hook_last_fires_by_hook ON hook_last_fires (hook_group_id, hook_id, seq);
`;

interface FireRow {
  hook_group_id: string;
  hook_id: string;
  fired_by: string;
  task_id: string;
  task_create_time: string;
  result: 'success' | 'error';
  error: string;
}

const toFire = (r: FireRow): LastFire => ({
  hookGroupId: r.hook_group_id,
  hookId: r.hook_id,
  firedBy: r.fired_by,
  taskId: r.task_id,
  taskCreateTime: r.task_create_time,
  result: r.result,
  error: r.error,
});

export class HooksStore {
  constructor(readonly db: DB) {
    db.exec(SCHEMA);
  }

  get(hookGroupId: string, hookId: string): HookDefinition | undefined {
    const row = this.db
      .prepare<[string, string], { definition: string }>(
        'SELECT definition FROM hooks WHERE hook_group_id = ? AND hook_id = ?',
      )
      .get(hookGroupId, hookId);
    return row ? (JSON.parse(row.definition) as HookDefinition) : undefined;
  }

  put(hookGroupId: string, hookId: string, definition: HookDefinition): void {
    this.db
      .prepare(
        `INSERT INTO hooks (hook_group_id, hook_id, definition) VALUES (?, ?, ?)
         ON CONFLICT (hook_group_id, hook_id) DO UPDATE SET definition = excluded.definition`,
      )
      .run(hookGroupId, hookId, JSON.stringify(definition));
  }

  /** Deletes a hook and its last fires; false when there was no such hook. */
  remove(hookGroupId: string, hookId: string): boolean {
    return this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM hook_last_fires WHERE hook_group_id = ? AND hook_id = ?')
        .run(hookGroupId, hookId);
      return (
        this.db
          .prepare('DELETE FROM hooks WHERE hook_group_id = ? AND hook_id = ?')
          .run(hookGroupId, hookId).changes > 0
      );
    })();
  }

  groups(): string[] {
    return this.db
      .prepare<[], { g: string }>('SELECT DISTINCT hook_group_id AS g FROM hooks ORDER BY g')
      .all()
      .map((r) => r.g);
  }

  list(hookGroupId: string): { hookId: string; definition: HookDefinition }[] {
    return this.db
      .prepare<[string], { hook_id: string; definition: string }>(
        'SELECT hook_id, definition FROM hooks WHERE hook_group_id = ? ORDER BY hook_id',
      )
      .all(hookGroupId)
      .map((r) => ({ hookId: r.hook_id, definition: JSON.parse(r.definition) as HookDefinition }));
  }

  addFire(fire: LastFire): void {
    this.db
      .prepare(
        `INSERT INTO hook_last_fires
           (hook_group_id, hook_id, fired_by, task_id, task_create_time, result, error)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        fire.hookGroupId,
        fire.hookId,
        fire.firedBy,
        fire.taskId,
        fire.taskCreateTime,
        fire.result,
        fire.error,
      );
  }

  /** Newest first. */
  fires(hookGroupId: string, hookId: string, offset: number, limit: number): LastFire[] {
    return this.db
      .prepare<[string, string, number, number], FireRow>(
        `SELECT * FROM hook_last_fires WHERE hook_group_id = ? AND hook_id = ?
         ORDER BY seq DESC LIMIT ? OFFSET ?`,
      )
      .all(hookGroupId, hookId, limit, offset)
      .map(toFire);
  }
}
