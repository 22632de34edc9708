/**
 * The revisit cache: each loaded task group's compact rows in IndexedDB, keyed by root URL and
 * group, so that reopening a group after a reload shows it at once while the normal load runs.
 * Plain module (no React, no Queue client). Every failure of the storage (disabled, full,
 * damaged) reads as a miss: the dashboard works the same without it, only slower to first rows.
 *
 * Two object stores: `entries` holds what the LRU budget needs (small, read whole on each
 * write), `rows` the encoded rows themselves (read only when a group is opened).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { GroupRow, StateCounts } from '../task-group/group-rows';
import { DEFAULT_BUDGET_BYTES, evictionPlan } from './lru';
import { encodeRows, readRows, type StoredRows } from './row-codec';

export const CACHE_DB_NAME = 'queue-dashboard-cache';
const DB_VERSION = 1;

type Key = [rootUrl: string, taskGroupId: string];

export interface CacheEntry {
  rootUrl: string;
  taskGroupId: string;
  /** byteLength of the stored rows: what the budget counts. */
  bytes: number;
  rowCount: number;
  /** When the rows were loaded from the Queue (ms). */
  savedAt: number;
  /** When the entry was last read or written (ms), for the LRU. */
  lastUsed: number;
}

interface Schema extends DBSchema {
  entries: { key: Key; value: CacheEntry; indexes: { rootUrl: string } };
  rows: { key: Key; value: ArrayBuffer };
}

export interface CachedGroup {
  /** Rows that read the stored columns when asked (see readRows). */
  rows: GroupRow[];
  counts: StateCounts;
  /** The names as the search index holds them, when they could be read whole. */
  search?: StoredRows['search'];
  savedAt: number;
  bytes: number;
}

export interface GroupCacheOptions {
  /** Bytes stored in all (default 200 MB). */
  budgetBytes?: number;
  dbName?: string;
  now?: () => number;
}

const keyString = (rootUrl: string, taskGroupId: string) => `${rootUrl}\n${taskGroupId}`;

/** How long a read started by `preload` waits for its `load`. */
const EARLY_READ_TTL_MS = 10_000;

export class GroupCache {
  private db?: Promise<IDBPDatabase<Schema> | undefined>;
  private readonly budget: number;
  private readonly dbName: string;
  private readonly now: () => number;
  /** Bumped by every clear: a load that started before one must not store rows after it. */
  private clears = 0;
  private deploymentClears = new Map<string, number>();
  /** Reads started ahead of their `load` (see preload), by keyString. */
  private early = new Map<string, Promise<CachedGroup | undefined>>();

  constructor(options: GroupCacheOptions = {}) {
    this.budget = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
    this.dbName = options.dbName ?? CACHE_DB_NAME;
    this.now = options.now ?? Date.now;
  }

  private open(): Promise<IDBPDatabase<Schema> | undefined> {
    this.db ??= (async () => {
      if (typeof indexedDB === 'undefined') return undefined;
      try {
        return await openDB<Schema>(this.dbName, DB_VERSION, {
          upgrade(db) {
            const entries = db.createObjectStore('entries');
            entries.createIndex('rootUrl', 'rootUrl');
            db.createObjectStore('rows');
          },
          // Another tab upgrades the layout: let it, and open again on the next call.
          blocking: () => {
            void this.db?.then((d) => d?.close());
            this.db = undefined;
          },
        });
      } catch {
        return undefined;
      }
    })();
    return this.db;
  }

  /**
   * Starts reading a group's rows before anything asks for them: at page start-up, while the
   * view's code and the runtime configuration still load (the stream that asks waits for both).
   * The next `load` of the same group takes this read; one nobody takes (the configuration chose
   * another deployment) is dropped after a while.
   */
  preload(rootUrl: string, taskGroupId: string): void {
    const key = keyString(rootUrl, taskGroupId);
    if (this.early.has(key)) return;
    const read = this.read(rootUrl, taskGroupId);
    this.early.set(key, read);
    setTimeout(() => {
      if (this.early.get(key) === read) this.early.delete(key);
    }, EARLY_READ_TTL_MS);
  }

  /** The cached rows of a group, if any; marks the entry as just used. */
  load(rootUrl: string, taskGroupId: string): Promise<CachedGroup | undefined> {
    const key = keyString(rootUrl, taskGroupId);
    const early = this.early.get(key);
    this.early.delete(key);
    return early ?? this.read(rootUrl, taskGroupId);
  }

  private async read(rootUrl: string, taskGroupId: string): Promise<CachedGroup | undefined> {
    const db = await this.open();
    if (!db) return undefined;
    const key: Key = [rootUrl, taskGroupId];
    let entry: CacheEntry | undefined;
    let buffer: ArrayBuffer | undefined;
    try {
      const tx = db.transaction(['entries', 'rows'], 'readonly');
      [entry, buffer] = await Promise.all([
        tx.objectStore('entries').get(key),
        tx.objectStore('rows').get(key),
      ]);
    } catch {
      return undefined;
    }
    if (!entry || !buffer) return undefined;
    let stored: StoredRows;
    try {
      stored = readRows(buffer);
    } catch {
      // Another version's layout, or damaged: it can only be dropped.
      await this.remove(rootUrl, taskGroupId);
      return undefined;
    }
    // Not awaited: a later write to the entries waits for this transaction anyway.
    void this.touch(db, key, this.now());
    return { ...stored, savedAt: entry.savedAt, bytes: entry.bytes };
  }

  private async touch(db: IDBPDatabase<Schema>, key: Key, lastUsed: number) {
    try {
      const tx = db.transaction('entries', 'readwrite');
      const entry = await tx.store.get(key);
      if (entry) await tx.store.put({ ...entry, lastUsed }, key);
      await tx.done;
    } catch {
      // A lost touch only makes the entry look older.
    }
  }

  /**
   * A token for "no clear since": a load takes it when it starts and hands it to `save`, so that
   * signing out or "Clear cached data" during a load is not undone when the load ends.
   */
  epoch(rootUrl: string): string {
    return `${this.clears}:${this.deploymentClears.get(rootUrl) ?? 0}`;
  }

  /**
   * Stores a group's rows, evicting the least recently used groups to stay within the budget.
   * Returns false when nothing was stored (no storage, the group alone exceeds the budget, or
   * the cache was cleared since `options.epoch`).
   */
  async save(
    rootUrl: string,
    taskGroupId: string,
    rows: readonly GroupRow[],
    options: { savedAt?: number; epoch?: string } = {},
  ): Promise<boolean> {
    if (options.epoch !== undefined && options.epoch !== this.epoch(rootUrl)) return false;
    const db = await this.open();
    if (!db) return false;
    if (options.epoch !== undefined && options.epoch !== this.epoch(rootUrl)) return false;
    const savedAt = options.savedAt ?? this.now();
    const buffer = encodeRows(rows);
    const key: Key = [rootUrl, taskGroupId];
    const entry: CacheEntry = {
      rootUrl,
      taskGroupId,
      bytes: buffer.byteLength,
      rowCount: rows.length,
      savedAt,
      lastUsed: this.now(),
    };
    try {
      const tx = db.transaction(['entries', 'rows'], 'readwrite');
      const entries = tx.objectStore('entries');
      const all = await entries.getAll();
      const plan = evictionPlan(
        all.map((e) => ({ key: keyString(e.rootUrl, e.taskGroupId), ...e })),
        this.budget,
        { key: keyString(rootUrl, taskGroupId), bytes: entry.bytes, lastUsed: entry.lastUsed },
      );
      const evict = new Set(plan ?? []);
      if (!plan) evict.add(keyString(rootUrl, taskGroupId));
      const writes: Promise<unknown>[] = [];
      for (const e of all) {
        if (!evict.has(keyString(e.rootUrl, e.taskGroupId))) continue;
        const k: Key = [e.rootUrl, e.taskGroupId];
        writes.push(entries.delete(k), tx.objectStore('rows').delete(k));
      }
      if (plan) writes.push(entries.put(entry, key), tx.objectStore('rows').put(buffer, key));
      await Promise.all(writes);
      await tx.done;
      return !!plan;
    } catch {
      return false;
    }
  }

  /** Drops one group (it answered 404, or its entry is damaged). */
  async remove(rootUrl: string, taskGroupId: string): Promise<void> {
    this.early.delete(keyString(rootUrl, taskGroupId));
    const db = await this.open();
    if (!db) return;
    const key: Key = [rootUrl, taskGroupId];
    try {
      const tx = db.transaction(['entries', 'rows'], 'readwrite');
      await Promise.all([
        tx.objectStore('entries').delete(key),
        tx.objectStore('rows').delete(key),
      ]);
      await tx.done;
    } catch {
      // Nothing more to do: a later load drops it again if it cannot be read.
    }
  }

  /** Drops every group of one deployment (signing out). */
  async clearDeployment(rootUrl: string): Promise<void> {
    this.deploymentClears.set(rootUrl, (this.deploymentClears.get(rootUrl) ?? 0) + 1);
    for (const key of this.early.keys()) if (key.startsWith(`${rootUrl}\n`)) this.early.delete(key);
    const db = await this.open();
    if (!db) return;
    try {
      const tx = db.transaction(['entries', 'rows'], 'readwrite');
      const keys = await tx.objectStore('entries').index('rootUrl').getAllKeys(rootUrl);
      await Promise.all(
        keys.flatMap((k) => [
          tx.objectStore('entries').delete(k),
          tx.objectStore('rows').delete(k),
        ]),
      );
      await tx.done;
    } catch {
      // As in remove.
    }
  }

  /** Drops everything ("Clear cached data"). */
  async clearAll(): Promise<void> {
    this.clears++;
    this.early.clear();
    const db = await this.open();
    if (!db) return;
    const tx = db.transaction(['entries', 'rows'], 'readwrite');
    await Promise.all([tx.objectStore('entries').clear(), tx.objectStore('rows').clear()]);
    await tx.done;
  }

  /** What is stored: the groups, and their bytes in all. */
  async usage(): Promise<{ groups: number; bytes: number; entries: CacheEntry[] }> {
    const db = await this.open();
    if (!db) return { groups: 0, bytes: 0, entries: [] };
    const entries = await db.getAll('entries');
    return {
      groups: entries.length,
      bytes: entries.reduce((sum, e) => sum + e.bytes, 0),
      entries,
    };
  }
}

/** The dashboard's one cache. */
export const groupCache = new GroupCache();
