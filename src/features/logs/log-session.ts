/**
 * The viewer's side of one log worker: what has arrived, the decoded lines on screen (and a
 * few screens around them), and the current search's matches. React reads `snapshot`.
 */
import type { FromLogWorker, ToLogWorker } from './log-protocol';

export interface LogSnapshot {
  lines: number;
  bytes: number;
  done: boolean;
  error?: { message: string; status?: number };
  /** Set while the connection is tried again after it dropped. */
  reconnecting?: { attempt: number; reason: string };
  search: { query: string; count: number; matches: Uint32Array; complete: boolean };
  workerBytes: number;
}

/** Decoded lines kept at most; the far ones are dropped first. */
const CACHE_LINES = 6_000;

export class LogSession {
  private worker: Worker;
  private listeners = new Set<() => void>();
  private textListeners = new Set<() => void>();
  private textVersion = 0;
  private texts = new Map<number, string>();
  private inFlight = new Set<number>();
  private nextId = 1;
  private query = '';
  snapshot: LogSnapshot = {
    lines: 0,
    bytes: 0,
    done: false,
    search: { query: '', count: 0, matches: new Uint32Array(), complete: true },
    workerBytes: 0,
  };

  /**
   * Starts the worker at once: its script loads while the page still asks the Queue where the
   * log is stored, instead of after.
   */
  constructor() {
    this.worker = new Worker(new URL('./log.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromLogWorker>) => this.receive(e.data);
    this.worker.onerror = () =>
      this.update({ error: { message: 'The log viewer’s worker failed to start.' } });
  }

  /** Fetches and indexes the log at `url` (once per session). */
  open(url: string, live: boolean): void {
    this.send({ type: 'open', url, live });
  }

  private send(msg: ToLogWorker) {
    this.worker.postMessage(msg);
  }

  private update(patch: Partial<LogSnapshot>) {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of this.listeners) l();
  }

  private receive(msg: FromLogWorker) {
    if (msg.type === 'progress') {
      this.update({
        lines: msg.lines,
        bytes: msg.bytes,
        done: msg.done,
        workerBytes: msg.memoryBytes,
      });
    } else if (msg.type === 'error') {
      this.update({ error: { message: msg.message, status: msg.status }, reconnecting: undefined });
    } else if (msg.type === 'connection') {
      this.update({
        reconnecting:
          msg.state === 'reconnecting' ? { attempt: msg.attempt, reason: msg.reason } : undefined,
      });
    } else if (msg.type === 'lines') {
      msg.indices.forEach((i, k) => {
        this.inFlight.delete(i);
        this.texts.set(i, msg.texts[k]!);
      });
      // Only the rows read decoded lines: the rest of the view does not re-render for them.
      this.textVersion++;
      for (const l of this.textListeners) l();
    } else if (msg.query === this.query) {
      const previous = this.snapshot.search;
      this.update({
        search: {
          query: msg.query,
          count: msg.count,
          matches:
            msg.matches ?? (previous.query === msg.query ? previous.matches : new Uint32Array()),
          complete: msg.complete,
        },
      });
    }
  }

  /** Decoded lines arrived (see `text`): a store of its own, for the rows alone. */
  subscribeText = (listener: () => void) => {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  };

  getTextVersion = () => this.textVersion;

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.snapshot;

  /** Text of line `i` if decoded; asks the worker (once) otherwise. */
  text(i: number): string | undefined {
    return this.texts.get(i);
  }

  /** Makes sure these lines are decoded or on their way; keeps the cache near them. */
  want(indices: number[]): void {
    const missing = indices.filter((i) => !this.texts.has(i) && !this.inFlight.has(i));
    if (!missing.length) return;
    if (this.texts.size + missing.length > CACHE_LINES) {
      const keep = new Set(indices);
      for (const k of this.texts.keys()) if (!keep.has(k)) this.texts.delete(k);
    }
    for (const i of missing) this.inFlight.add(i);
    this.send({ type: 'lines', id: this.nextId++, indices: missing });
  }

  /** Results for the previous query stay on screen until the worker answers this one. */
  search(query: string): void {
    this.query = query;
    if (!query)
      this.update({ search: { query, count: 0, matches: new Uint32Array(), complete: true } });
    this.send({ type: 'search', query });
  }

  close(): void {
    this.worker.terminate();
    this.listeners.clear();
    this.textListeners.clear();
  }
}
