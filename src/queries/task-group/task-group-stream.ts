import type { QueueClient, TaskStatus } from '../../api';
import { groupCache, type CachedGroup, type GroupCache } from '../cache/group-cache';
import { diffRows, type GroupChanges } from '../cache/row-diff';
import { decodeRows } from '../cache/row-codec';
import { attachInsight, detachInsight, insightKey } from '../insight/insight-client';
import { mayCacheGroup } from './cache-policy';
import type { FromLoader, LoaderError, ToLoader } from './group-protocol';
import { emptyCounts, sameRow, type GroupRow, type StateCounts } from './group-rows';
import { SearchIndex } from './search-index';

/** What a row is marked with after a revisit, until the next visit. */
export type RowMark = 'new' | 'changed';

/** What a revisit found changed since the cached rows; `marked` are the rows to flag. */
export interface RevisitChanges extends GroupChanges {
  marked: ReadonlyMap<string, RowMark>;
  /** When the cached rows had been loaded (ms). */
  since: number;
  /** The cached rows were on screen before the load ended (not only compared). */
  shown: boolean;
}

export interface GroupSnapshot {
  rows: readonly GroupRow[];
  counts: StateCounts;
  loaded: number;
  done: boolean;
  /** Bumped on every change of `rows`; views cache derived data by it. */
  version: number;
  error?: LoaderError;
  /** The error stopped the load (a failed live refresh is not fatal). */
  fatal: boolean;
  refreshing: boolean;
  /**
   * The rows shown include rows cached at an earlier visit, not yet confirmed by the load that
   * runs (a revisit after a reload): interactive, but possibly stale.
   */
  cached: boolean;
  /** When the cached rows had been loaded (ms), while `cached`. */
  cachedAt?: number;
  /** Rows the current load delivered so far (`loaded` counts cached rows too). */
  fresh: number;
  /** Once a revisit's load finished: what changed since the cached rows. */
  changes?: RevisitChanges;
  /** The revisit cache: being read, held this group, held nothing, or not used. */
  cache: 'reading' | 'hit' | 'miss' | 'off';
  /** Whether this load's rows went into the cache (set once it was decided). */
  stored?: boolean;
  /** The names of `rows` for search, shared by every snapshot of the stream. */
  searchIndex?: SearchIndex;
  /**
   * Bumped when rows were taken out (cached rows of tasks that expired since): row indices,
   * which selections key on, changed.
   */
  generation: number;
}

function sameCounts(a: StateCounts, b: StateCounts): boolean {
  for (const state in b)
    if (a[state as keyof StateCounts] !== b[state as keyof StateCounts]) return false;
  return true;
}

/** After a live change, the cache is rewritten this long after the last one. */
const SAVE_DELAY_MS = 5_000;

/**
 * The main-thread side of a task-group load: rows arrive from the loader worker and are kept in
 * one array (indexed by taskId) with running state counts. Listeners hear of changes at most
 * once per frame.
 */
export class TaskGroupStream {
  private rows: GroupRow[] = [];
  private searchIndex = new SearchIndex();
  private index = new Map<string, number>();
  /** Rows 0 … indexed - 1 are in `index` (cached rows are indexed when a page needs them). */
  private indexed = 0;
  /**
   * Messages that arrived while cached rows were not indexed yet: indexing 50,000 task IDs waits
   * until the cached rows are on screen and the page is idle, and these wait for it, in order.
   */
  private held?: FromLoader[];
  private counts = emptyCounts();
  private listeners = new Set<() => void>();
  private snapshot: GroupSnapshot;
  private scheduled = false;
  private worker: Worker;
  private onVisibility = () => this.send({ type: 'visibility', hidden: document.hidden });
  private insightKey: string;
  private attemptListeners = new Set<(attempt: { status: number; answered: boolean }) => void>();
  // The revisit cache (see cache/group-cache): rows of the last visit shown until the load ends.
  private cache: GroupCache | null;
  private cacheEpoch = '';
  /** Read, or nothing to read; until then the end of the load waits to compare. */
  private cacheSettled = false;
  /** The cached rows, kept to compare with the load's until it ends. */
  private baseline?: CachedGroup;
  /** TaskIds the load delivered. */
  private delivered = new Set<string>();
  private walkDone = false;
  private shownCached = false;
  private failed = false;
  private disposed = false;
  private saveTimer?: ReturnType<typeof setTimeout>;
  private savePending = false;
  private storable?: Promise<boolean>;

  constructor(
    private queue: QueueClient,
    private taskGroupId: string,
    options: { pageSize?: number; liveIntervalMs?: number; cache?: GroupCache | null } = {},
  ) {
    this.snapshot = {
      rows: this.rows,
      counts: { ...this.counts },
      loaded: 0,
      done: false,
      version: 0,
      fatal: false,
      refreshing: false,
      cached: false,
      fresh: 0,
      generation: 0,
      cache: 'reading',
      searchIndex: this.searchIndex,
    };
    this.cache = options.cache === undefined ? groupCache : options.cache;
    if (!this.cache) this.snapshot.cache = 'off';
    if (this.cache) {
      this.cacheEpoch = this.cache.epoch(queue.rootUrl);
      this.cache.load(queue.rootUrl, taskGroupId).then(
        (cached) => this.applyCache(cached),
        () => this.applyCache(undefined),
      );
    } else {
      this.cacheSettled = true;
    }
    this.worker = new Worker(new URL('./group-loader.worker.ts', import.meta.url), {
      type: 'module',
    });
    this.worker.onmessage = (event: MessageEvent<FromLoader>) => this.hold(event.data);
    this.worker.onerror = (event) => {
      this.update({
        error: { status: 0, code: 'UnknownError', message: event.message || 'The loader stopped' },
        fatal: true,
      });
    };
    // The insight views' data travels from the loader to the insight worker directly.
    this.insightKey = insightKey(queue, taskGroupId);
    const insight = attachInsight(this.insightKey);
    this.worker.postMessage(
      {
        type: 'start',
        rootUrl: queue.rootUrl,
        credentials: queue.credentials,
        taskGroupId,
        pageSize: options.pageSize ?? 1000,
        liveIntervalMs: options.liveIntervalMs ?? 5_000,
        insight,
      } satisfies ToLoader,
      [insight],
    );
    document.addEventListener('visibilitychange', this.onVisibility);
  }

  private send(message: ToLoader) {
    this.worker.postMessage(message);
  }

  /** Takes a message from the loader now, or once the cached rows are indexed (see `held`). */
  private hold(msg: FromLoader) {
    if (this.disposed) return;
    if (this.held) {
      this.held.push(msg);
      return;
    }
    if (this.indexed === this.rows.length) {
      this.receive(msg);
      return;
    }
    this.held = [msg];
    const release = () => {
      const held = this.held;
      this.held = undefined;
      if (this.disposed || !held) return;
      this.indexRows();
      for (const m of held) this.receive(m);
    };
    // After the frame that shows the cached rows, when nothing else waits (at most 1 s later).
    if (typeof requestIdleCallback === 'function') requestIdleCallback(release, { timeout: 1_000 });
    else setTimeout(release, 50);
  }

  private indexRows() {
    for (; this.indexed < this.rows.length; this.indexed++)
      this.index.set(this.rows[this.indexed]!.taskId, this.indexed);
  }

  private receive(msg: FromLoader) {
    if (msg.type === 'page' || msg.type === 'update') {
      this.indexRows();
      const rows = decodeRows(msg.rows);
      if (msg.type === 'page') for (const row of rows) this.delivered.add(row.taskId);
      // A page that only confirms cached rows changes nothing on screen: no new version, so
      // views do not re-sort and re-filter the whole group for it.
      let changed = false;
      for (const row of rows) {
        const at = this.index.get(row.taskId);
        if (at === undefined) {
          this.index.set(row.taskId, this.rows.length);
          this.rows.push(row);
          this.indexed = this.rows.length;
          changed = true;
        } else {
          const prev = this.rows[at]!;
          if (!sameRow(prev, row)) changed = true;
          if (prev.search !== row.search) this.searchIndex.invalidate();
          this.counts[prev.state]--;
          this.rows[at] = row;
        }
        this.counts[row.state]++;
      }
      const version = changed ? { version: this.nextVersion() } : {};
      this.update(
        msg.type === 'page' ? { done: msg.done, fresh: this.delivered.size, ...version } : version,
      );
      if (msg.type === 'page' && msg.done) {
        this.walkDone = true;
        if (this.cacheSettled) this.reconcile();
      } else if (msg.type === 'update' && this.walkDone) {
        this.scheduleSave(SAVE_DELAY_MS);
      }
    } else if (msg.type === 'stored') {
      this.update({ stored: msg.stored });
      this.onStored?.();
    } else if (msg.type === 'attempt') {
      for (const l of this.attemptListeners) l(msg);
    } else if (msg.type === 'error') {
      if (msg.fatal) this.fail(msg.error);
      this.update({ error: msg.error, fatal: msg.fatal });
    } else {
      this.update({
        refreshing: msg.refreshing,
        ...(msg.refreshing ? {} : { error: this.snapshot.fatal ? this.snapshot.error : undefined }),
      });
    }
  }

  private pending: Partial<GroupSnapshot> = {};

  /** Versions count every change, also those still waiting for the next frame. */
  private nextVersion() {
    const next = (this.pending.version ?? this.snapshot.version) + 1;
    return next;
  }

  /** Cached rows arrive: shown at once unless the load already finished (then only compared). */
  private applyCache(cached: CachedGroup | undefined) {
    if (this.disposed) return;
    this.cacheSettled = true;
    if (this.failed) return;
    if (!cached) this.update({ cache: 'miss' });
    if (cached) {
      this.baseline = cached;
      if (!this.walkDone && this.rows.length === 0) {
        // Nothing loaded yet (the usual revisit): the cached rows as they are, counted from
        // their state column, their names already in the search index's form. Their task IDs
        // are indexed when the first page needs them (see `hold`). A copy: `baseline` keeps
        // the cached rows as they were, to compare at the end.
        this.rows = cached.rows.slice();
        this.counts = { ...cached.counts };
        if (cached.search)
          this.searchIndex.seed(this.rows, cached.search.text, cached.search.starts);
      } else if (!this.walkDone) {
        // The load's rows are newer: cached rows only fill in the tasks it has not reached yet.
        this.indexRows();
        for (const row of cached.rows) {
          if (this.index.has(row.taskId)) continue;
          this.index.set(row.taskId, this.rows.length);
          this.rows.push(row);
          this.counts[row.state]++;
        }
        this.indexed = this.rows.length;
      }
      if (!this.walkDone) {
        this.shownCached = true;
        this.update({
          cache: 'hit',
          cached: true,
          cachedAt: cached.savedAt,
          version: this.nextVersion(),
        });
      } else {
        this.update({ cache: 'hit' });
      }
    }
    if (this.walkDone) this.reconcile();
  }

  /** The load finished and the cache was read: drop what expired, say what changed, store. */
  private reconcile() {
    const baseline = this.baseline;
    this.baseline = undefined;
    const patch: Partial<GroupSnapshot> = { cached: false, cachedAt: undefined };
    if (baseline) {
      if (this.rows.length > this.delivered.size) {
        this.keepRows((r) => this.delivered.has(r.taskId));
        patch.generation = (this.pending.generation ?? this.snapshot.generation) + 1;
      }
      const changes = diffRows(baseline.rows, this.rows);
      patch.changes = {
        ...changes,
        marked: new Map<string, RowMark>([
          ...changes.changed.map((id) => [id, 'changed'] as const),
          ...changes.added.map((id) => [id, 'new'] as const),
        ]),
        since: baseline.savedAt,
        shown: this.shownCached,
      };
    }
    patch.version = this.nextVersion();
    this.update(patch);
    this.scheduleSave(0);
  }

  /** Keeps only the rows that pass `keep`, re-indexing them. */
  private keepRows(keep: (row: GroupRow) => boolean) {
    this.rows = this.rows.filter(keep);
    this.index.clear();
    this.counts = emptyCounts();
    this.rows.forEach((r, i) => {
      this.index.set(r.taskId, i);
      this.counts[r.state]++;
    });
    this.indexed = this.rows.length;
  }

  /**
   * The load failed for good. A group that answers 404 is gone: its cache goes too. Rows of
   * the last visit stay on screen through other failures (offline, 5xx: better stale than
   * nothing, and marked so), but not when this identity may no longer read the group.
   */
  private fail(error: LoaderError) {
    this.failed = true;
    clearTimeout(this.saveTimer);
    if (error.status === 404) void this.cache?.remove(this.queue.rootUrl, this.taskGroupId);
    if (error.status === 404 || error.status === 401 || error.status === 403) {
      this.baseline = undefined;
      const hadRows = this.rows.length > 0;
      this.keepRows(() => false);
      this.update({
        cached: false,
        cachedAt: undefined,
        version: this.nextVersion(),
        ...(hadRows
          ? { generation: (this.pending.generation ?? this.snapshot.generation) + 1 }
          : {}),
      });
    }
  }

  private scheduleSave(delay: number) {
    if (!this.cache || this.failed || this.disposed) return;
    clearTimeout(this.saveTimer);
    this.savePending = true;
    this.saveTimer = setTimeout(() => void this.save(), delay);
  }

  private async save() {
    this.savePending = false;
    const cache = this.cache;
    if (!cache || this.failed || this.disposed) return;
    this.storable ??= mayCacheGroup(this.queue, this.taskGroupId);
    // Not stored: private and not remembered, or the cache was cleared since this load began.
    if (
      !(await this.storable) ||
      this.failed ||
      this.disposed ||
      this.cacheEpoch !== cache.epoch(this.queue.rootUrl)
    ) {
      this.update({ stored: false });
      return;
    }
    // The loader holds the same rows; it encodes and writes them off the main thread.
    this.send({ type: 'store', rootUrl: this.queue.rootUrl, taskGroupId: this.taskGroupId });
  }

  /** Called once the loader answered `store` (a stream being disposed waits for it). */
  private onStored?: () => void;

  private update(patch: Partial<GroupSnapshot>) {
    Object.assign(this.pending, patch);
    if (this.scheduled) return;
    this.scheduled = true;
    // Coalesce a burst of pages into one render per frame.
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.snapshot = {
        ...this.snapshot,
        ...this.pending,
        rows: this.rows,
        // The same object while no count changed: the counts' view skips renders (a live
        // refresh that changed nothing, a keystroke) by identity.
        counts: sameCounts(this.snapshot.counts, this.counts)
          ? this.snapshot.counts
          : { ...this.counts },
        loaded: this.rows.length,
      };
      this.pending = {};
      for (const l of this.listeners) l();
    });
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  /** Hears of the loader's failed attempts and of the answer that ends them. */
  onAttempt(listener: (attempt: { status: number; answered: boolean }) => void) {
    this.attemptListeners.add(listener);
    return () => void this.attemptListeners.delete(listener);
  }

  /**
   * Walks the group again after a load that failed outright; the rows already shown stay and
   * are updated, none is added twice. Answers whether it restarted.
   */
  restart(): boolean {
    if (!this.failed || this.disposed) return false;
    this.failed = false;
    this.walkDone = false;
    // What the new walk delivers decides, at its end, which cached rows are gone.
    this.delivered = new Set();
    this.update({ error: undefined, fatal: false, done: false });
    this.send({ type: 'restart' });
    return true;
  }

  /**
   * Restarts a load that the network or the service ended (no answer, 5xx): called when the
   * Queue answers again, so the view recovers without a click. Other errors (404, 403) stay.
   */
  restartAfterOutage(): boolean {
    const error = 'error' in this.pending ? this.pending.error : this.snapshot.error;
    if (!this.failed || !error || !(error.status === 0 || error.status >= 500)) return false;
    return this.restart();
  }

  /** Rows take these statuses (answers of actions) without waiting for the next refresh. */
  applyStatuses(statuses: TaskStatus[]) {
    if (statuses.length) this.send({ type: 'statuses', statuses });
  }

  dispose() {
    clearTimeout(this.saveTimer);
    const storeFirst = this.savePending;
    this.disposed = true;
    this.send({ type: 'stop' });
    if (storeFirst) {
      // Live changes seen in the last seconds are stored before the loader goes (if allowed).
      void this.storable?.then((ok) => {
        if (!ok || !this.cache || this.cacheEpoch !== this.cache.epoch(this.queue.rootUrl)) {
          this.worker.terminate();
          return;
        }
        const stop = setTimeout(() => this.worker.terminate(), 5_000);
        this.onStored = () => {
          clearTimeout(stop);
          this.worker.terminate();
        };
        this.send({ type: 'store', rootUrl: this.queue.rootUrl, taskGroupId: this.taskGroupId });
      });
      if (!this.storable) this.worker.terminate();
    } else {
      this.worker.terminate();
    }
    detachInsight(this.insightKey);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.listeners.clear();
  }
}
