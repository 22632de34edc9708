/**
 * Uploaded artifact bodies, kept so that a 200 MB log is never one value in memory: a body up
 * to `CHUNK_BYTES` lives in its `blobs` row; a bigger one in `blob_chunks` rows of exactly
 * `CHUNK_BYTES` (the last may be shorter) under the row's `body_id`. Uploads are written chunk
 * by chunk as they arrive and become visible in one transaction at the end; downloads read one
 * chunk per pull, so the first byte leaves before the rest is read.
 */
import { randomUUID } from 'node:crypto';
import type { DB } from '../../common/db';

export const CHUNK_BYTES = 1 << 20;

export const BODY_SCHEMA = `
CREATE TABLE IF NOT EXISTS blob_chunks (
  body_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (body_id, seq)
);
`;

/**
 * Adds the chunk columns to a database made before them, and triggers that drop a body's chunks
 * with its row, whoever deletes or replaces it (expiry, purge, re-upload). Chunks of an upload
 * interrupted by a restart belong to no row and go too.
 */
export function migrateBodies(db: DB): void {
  const columns = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('blobs')")
      .all()
      .map((c) => c.name),
  );
  if (!columns.has('size')) db.exec('ALTER TABLE blobs ADD COLUMN size INTEGER');
  if (!columns.has('body_id')) db.exec('ALTER TABLE blobs ADD COLUMN body_id TEXT');
  db.exec(`
    CREATE TRIGGER IF NOT EXISTS blobs_drop_chunks AFTER DELETE ON blobs
      WHEN OLD.body_id IS NOT NULL
      BEGIN DELETE FROM blob_chunks WHERE body_id = OLD.body_id; END;
    CREATE TRIGGER IF NOT EXISTS blobs_replace_chunks AFTER UPDATE OF body_id ON blobs
      WHEN OLD.body_id IS NOT NULL AND OLD.body_id IS NOT NEW.body_id
      BEGIN DELETE FROM blob_chunks WHERE body_id = OLD.body_id; END;
    DELETE FROM blob_chunks
      WHERE body_id NOT IN (SELECT body_id FROM blobs WHERE body_id IS NOT NULL);
  `);
}

export interface BodyInfo {
  contentType: string;
  size: number;
  /** Set when the body is in `blob_chunks`; otherwise it is the row's `data`. */
  bodyId: string | null;
}

type Key = [taskId: string, runId: number, name: string];

export class ArtifactBodies {
  constructor(private db: DB) {}

  private upsert(key: Key, contentType: string, data: Buffer, size: number, bodyId: string | null) {
    this.db
      .prepare(
        `INSERT INTO blobs (task_id, run_id, name, content_type, data, size, body_id)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (task_id, run_id, name) DO UPDATE SET content_type = excluded.content_type,
           data = excluded.data, size = excluded.size, body_id = excluded.body_id`,
      )
      .run(...key, contentType, data, size, bodyId);
  }

  private insertChunk(bodyId: string, seq: number, data: Uint8Array) {
    this.db
      .prepare('INSERT INTO blob_chunks (body_id, seq, data) VALUES (?, ?, ?)')
      .run(bodyId, seq, data);
  }

  /** Stores a body held in memory (demo data, small uploads). */
  put(key: Key, contentType: string, data: Buffer): void {
    if (data.length <= CHUNK_BYTES) return this.upsert(key, contentType, data, data.length, null);
    const bodyId = randomUUID();
    this.db.transaction(() => {
      for (let seq = 0; seq * CHUNK_BYTES < data.length; seq++)
        this.insertChunk(bodyId, seq, data.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES));
      this.upsert(key, contentType, Buffer.alloc(0), data.length, bodyId);
    })();
  }

  /**
   * Stores a body as it streams in, one chunk at a time; readers keep seeing the previous body
   * until the last byte has arrived. Returns the size.
   */
  async putStream(
    key: Key,
    contentType: string,
    body: ReadableStream<Uint8Array> | null,
  ): Promise<number> {
    const bodyId = randomUUID();
    let seq = 0;
    let size = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const flush = (bytes: number) => {
      const all = Buffer.concat(pending, pendingBytes);
      this.insertChunk(bodyId, seq++, all.subarray(0, bytes));
      const rest = all.subarray(bytes);
      pending = rest.length ? [rest] : [];
      pendingBytes = rest.length;
    };
    try {
      const reader = body?.getReader();
      for (;;) {
        const next = reader ? await reader.read() : { done: true as const };
        if (next.done) break;
        pending.push(next.value);
        pendingBytes += next.value.length;
        size += next.value.length;
        while (pendingBytes >= CHUNK_BYTES) flush(CHUNK_BYTES);
      }
      if (seq === 0) {
        this.upsert(key, contentType, Buffer.concat(pending, pendingBytes), size, null);
        return size;
      }
      this.db.transaction(() => {
        if (pendingBytes) flush(pendingBytes);
        this.upsert(key, contentType, Buffer.alloc(0), size, bodyId);
      })();
      return size;
    } catch (err) {
      this.db.prepare('DELETE FROM blob_chunks WHERE body_id = ?').run(bodyId);
      throw err;
    }
  }

  info(...key: Key): BodyInfo | undefined {
    const row = this.db
      .prepare<Key, { content_type: string; size: number; body_id: string | null }>(
        `SELECT content_type, COALESCE(size, length(data)) AS size, body_id FROM blobs
         WHERE task_id = ? AND run_id = ? AND name = ?`,
      )
      .get(...key);
    return row && { contentType: row.content_type, size: row.size, bodyId: row.body_id };
  }

  /**
   * Bytes `[start, end)` of a body, at most one chunk's worth from `start` (fewer when `end`
   * is nearer); undefined when the body has been replaced or deleted meanwhile.
   */
  read(key: Key, info: BodyInfo, start: number, end: number): Buffer | undefined {
    if (info.bodyId === null) {
      const row = this.db
        .prepare<[number, number, ...Key], { part: Buffer }>(
          `SELECT substr(data, ?, ?) AS part FROM blobs
           WHERE task_id = ? AND run_id = ? AND name = ? AND body_id IS NULL`,
        )
        .get(start + 1, end - start, ...key);
      return row?.part;
    }
    const seq = Math.floor(start / CHUNK_BYTES);
    const offset = start - seq * CHUNK_BYTES;
    const row = this.db
      .prepare<[number, number, string, number], { part: Buffer }>(
        'SELECT substr(data, ?, ?) AS part FROM blob_chunks WHERE body_id = ? AND seq = ?',
      )
      .get(offset + 1, Math.min(CHUNK_BYTES - offset, end - start), info.bodyId, seq);
    return row?.part;
  }

  /** A stream of bytes `[start, end)` that reads a chunk only when the reader wants more. */
  stream(key: Key, info: BodyInfo, start: number, end: number): ReadableStream<Uint8Array> {
    let at = start;
    return new ReadableStream<Uint8Array>({
      pull: (controller) => {
        if (at >= end) return controller.close();
        const part = this.read(key, info, at, end);
        if (!part?.length) return controller.error(new Error('The artifact changed while read'));
        at += part.length;
        controller.enqueue(new Uint8Array(part.buffer, part.byteOffset, part.length));
      },
    });
  }
}
