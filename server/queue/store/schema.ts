/** The Queue's tables (tasks, dependencies, groups, artifacts and blobs, task queues, workers). */
import type { DB } from '../../common/db';
import { BODY_SCHEMA, migrateBodies } from './artifact-bodies';

export const QUEUE_SCHEMA = `
CREATE TABLE IF NOT EXISTS tasks (
  task_id TEXT PRIMARY KEY,
  task_group_id TEXT NOT NULL,
  task_queue_id TEXT NOT NULL,
  scheduler_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  priority TEXT NOT NULL,
  priority_rank INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  retries_left INTEGER NOT NULL,
  deadline INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  requires TEXT NOT NULL,
  definition TEXT NOT NULL,
  runs TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL,
  taken_until INTEGER,
  pending_seq INTEGER,
  claimed_at INTEGER
);
CREATE INDEX IF NOT EXISTS tasks_group ON tasks (task_group_id, task_id);
CREATE INDEX IF NOT EXISTS tasks_queue_state ON tasks (task_queue_id, state, priority_rank, pending_seq);
CREATE INDEX IF NOT EXISTS tasks_state_deadline ON tasks (state, deadline);
CREATE INDEX IF NOT EXISTS tasks_running_taken ON tasks (state, taken_until);

CREATE TABLE IF NOT EXISTS task_dependencies (
  required_task_id TEXT NOT NULL,
  dependent_task_id TEXT NOT NULL,
  requires TEXT NOT NULL,
  satisfied INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (required_task_id, dependent_task_id)
);
CREATE INDEX IF NOT EXISTS deps_dependent ON task_dependencies (dependent_task_id, satisfied);

CREATE TABLE IF NOT EXISTS task_groups (
  task_group_id TEXT PRIMARY KEY,
  scheduler_id TEXT NOT NULL,
  expires INTEGER NOT NULL,
  sealed INTEGER
);

CREATE TABLE IF NOT EXISTS artifacts (
  task_id TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  storage_type TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content_length INTEGER,
  expires INTEGER NOT NULL,
  details TEXT NOT NULL DEFAULT '{}',
  created INTEGER NOT NULL,
  PRIMARY KEY (task_id, run_id, name)
);

CREATE TABLE IF NOT EXISTS blobs (
  task_id TEXT NOT NULL,
  run_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  data BLOB NOT NULL,
  size INTEGER,
  body_id TEXT,
  PRIMARY KEY (task_id, run_id, name)
);

CREATE TABLE IF NOT EXISTS task_queues (
  task_queue_id TEXT PRIMARY KEY,
  description TEXT NOT NULL DEFAULT '',
  stability TEXT NOT NULL DEFAULT 'experimental',
  expires INTEGER NOT NULL,
  last_date_active INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS workers (
  task_queue_id TEXT NOT NULL,
  worker_group TEXT NOT NULL,
  worker_id TEXT NOT NULL,
  first_claim INTEGER NOT NULL,
  last_date_active INTEGER NOT NULL,
  expires INTEGER NOT NULL,
  recent_tasks TEXT NOT NULL DEFAULT '[]',
  quarantine_until INTEGER,
  PRIMARY KEY (task_queue_id, worker_group, worker_id)
);
`;

/** Creates the Queue's tables where they do not exist yet. */
export function createQueueTables(db: DB): void {
  db.exec(QUEUE_SCHEMA);
  db.exec(BODY_SCHEMA);
  migrateBodies(db);
}
