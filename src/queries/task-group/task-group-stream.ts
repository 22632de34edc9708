import type { QueueClient, TaskStatus } from '../../api';
import { attachInsight, detachInsight, insightKey } from '../insight/insight-client';
import type { FromLoader, LoaderError, ToLoader } from './group-protocol';
import { emptyCounts, type GroupRow, type StateCounts } from './group-rows';

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
}

/**
 * The main-thread side of a task-group load: rows arrive from the loader worker and are kept in
 * one array (indexed by taskId) with running state counts. Listeners hear of changes at most
 * once per frame.
 */
export class TaskGroupStream {
  private rows: GroupRow[] = [];
  private index = new Map<string, number>();
  private counts = emptyCounts();
  private listeners = new Set<() => void>();
  private snapshot: GroupSnapshot;
  private scheduled = false;
  private worker: Worker;
  private onVisibility = () => this.send({ type: 'visibility', hidden: document.hidden });
  private insightKey: string;
  private attemptListeners = new Set<(attempt: { status: number; answered: boolean }) => void>();

  constructor(
    queue: QueueClient,
    taskGroupId: string,
    options: { pageSize?: number; liveIntervalMs?: number } = {},
  ) {
    this.snapshot = {
      rows: this.rows,
      counts: { ...this.counts },
      loaded: 0,
      done: false,
      version: 0,
      fatal: false,
      refreshing: false,
    };
    this.worker = new Worker(new URL('./group-loader.worker.ts', import.meta.url), {
      type: 'module',
    });
    this.worker.onmessage = (event: MessageEvent<FromLoader>) => this.receive(event.data);
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

  private receive(msg: FromLoader) {
    if (msg.type === 'page' || msg.type === 'update') {
      for (const row of msg.rows) {
        const at = this.index.get(row.taskId);
        if (at === undefined) {
          this.index.set(row.taskId, this.rows.length);
          this.rows.push(row);
        } else {
          this.counts[this.rows[at]!.state]--;
          this.rows[at] = row;
        }
        this.counts[row.state]++;
      }
      this.update(
        msg.type === 'page'
          ? { done: msg.done, version: this.snapshot.version + 1 }
          : { version: this.snapshot.version + 1 },
      );
    } else if (msg.type === 'attempt') {
      for (const l of this.attemptListeners) l(msg);
    } else if (msg.type === 'error') {
      this.update({ error: msg.error, fatal: msg.fatal });
    } else {
      this.update({
        refreshing: msg.refreshing,
        ...(msg.refreshing ? {} : { error: this.snapshot.fatal ? this.snapshot.error : undefined }),
      });
    }
  }

  private pending: Partial<GroupSnapshot> = {};

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
        counts: { ...this.counts },
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

  /** Rows take these statuses (answers of actions) without waiting for the next refresh. */
  applyStatuses(statuses: TaskStatus[]) {
    if (statuses.length) this.send({ type: 'statuses', statuses });
  }

  dispose() {
    this.send({ type: 'stop' });
    this.worker.terminate();
    detachInsight(this.insightKey);
    document.removeEventListener('visibilitychange', this.onVisibility);
    this.listeners.clear();
  }
}
