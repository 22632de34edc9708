import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type DB = Database.Database;

/** Tables every service may use; each service creates its own on start. */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/**
 * Opens (and creates) the deployment's one database. WAL with `synchronous = NORMAL`: a commit
 * is in the WAL file (the OS holds it) before the client hears of it, so a killed process
 * (`kill -9`) loses no acknowledged write; only a power loss or OS crash may roll back the last
 * commits, never corrupt the database. `FULL` would fsync every commit, and better-sqlite3
 * blocks the event loop while it does: every request would wait on the disk (about 20 ms here).
 */
export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Reads through a memory map instead of a pread per page: a listTaskGroup page of 1000 tasks
  // reads some 2,000 pages, and took 2-4x longer in SQL without it (writes still go through the
  // journal as before, so durability is unchanged). Address space only, clamped by SQLite.
  db.pragma('mmap_size = 2147483648');
  db.exec(SCHEMA);
  return db;
}
