/**
 * The task-group view's selection, outside React state: one byte per row of the group's stream,
 * indexed like the stream's rows. A row keeps its index for the stream's life (live updates
 * replace it in place, sorting and filtering only permute indices), so this is a selection by
 * taskId that survives re-sorting, live updates and filter changes, and selecting all 50,000
 * tasks of a filter is one pass over a typed array with no strings hashed.
 */
import type { GroupRow } from '../task-group/group-rows';

export class Selection {
  private bits = new Uint8Array(1024);
  private count = 0;
  private listeners = new Set<() => void>();
  private version = 0;
  /** Cached `countIn` of the last view asked about, valid for one version. */
  private cached?: { view: Int32Array; version: number; count: number };
  /** The row index last toggled by a plain click: the start of a shift-click range. */
  anchor?: number;

  get size(): number {
    return this.count;
  }

  has(index: number): boolean {
    return this.bits[index] === 1;
  }

  private set(index: number, on: boolean) {
    if (index >= this.bits.length) {
      if (!on) return;
      const grown = new Uint8Array(Math.max(index + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const was = this.bits[index] === 1;
    if (was === on) return;
    this.bits[index] = on ? 1 : 0;
    this.count += on ? 1 : -1;
  }

  /** The selected rows' taskIds, in the stream's order. */
  taskIds(rows: readonly GroupRow[]): string[] {
    return this.indices(rows.length).map((i) => rows[i]!.taskId);
  }

  /** The selected row indices below `limit`. */
  indices(limit = this.bits.length): number[] {
    const out: number[] = [];
    const n = Math.min(limit, this.bits.length);
    for (let i = 0; i < n && out.length < this.count; i++) if (this.bits[i]) out.push(i);
    return out;
  }

  toggle(index: number): void {
    this.set(index, !this.has(index));
    this.anchor = index;
    this.changed();
  }

  /**
   * Shift-click: every row of `view` between the anchor and `index` takes the clicked row's new
   * state. Without an anchor in view, it toggles the one row.
   */
  range(view: Int32Array, index: number): void {
    const anchor = this.anchor;
    let from = -1;
    let to = -1;
    for (let k = 0; k < view.length && (from < 0 || to < 0); k++) {
      if (view[k] === anchor) from = k;
      if (view[k] === index) to = k;
    }
    if (from < 0 || to < 0) return this.toggle(index);
    const on = !this.has(index);
    const [lo, hi] = from < to ? [from, to] : [to, from];
    for (let k = lo; k <= hi; k++) this.set(view[k]!, on);
    this.anchor = index;
    this.changed();
  }

  /** Selects (or with `on` false, deselects) every row of `view`: all tasks matching a filter. */
  setView(view: Int32Array, on: boolean): void {
    for (let k = 0; k < view.length; k++) this.set(view[k]!, on);
    this.changed();
    this.cached = { view, version: this.version, count: on ? view.length : 0 };
  }

  /** How many rows of `view` are selected (the rest of the selection is hidden by the filter). */
  countIn(view: Int32Array): number {
    if (this.count === 0) return 0;
    const c = this.cached;
    if (c && c.view === view && c.version === this.version) return c.count;
    let n = 0;
    const bits = this.bits;
    for (let k = 0; k < view.length; k++) n += bits[view[k]!] ?? 0;
    this.cached = { view, version: this.version, count: n };
    return n;
  }

  /**
   * Makes the rows of `taskIds` the whole selection (a failure cluster's tasks, say); ids not in
   * `rows` are ignored. Returns how many rows are now selected.
   */
  selectOnly(rows: readonly GroupRow[], taskIds: Iterable<string>): number {
    const wanted = new Set(taskIds);
    this.bits.fill(0);
    this.count = 0;
    this.anchor = undefined;
    for (let i = 0; i < rows.length && this.count < wanted.size; i++) {
      if (wanted.has(rows[i]!.taskId)) this.set(i, true);
    }
    this.changed();
    return this.count;
  }

  clear(): void {
    if (this.count === 0) return;
    this.bits.fill(0);
    this.count = 0;
    this.anchor = undefined;
    this.changed();
  }

  private changed() {
    this.version++;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes on every change of the selection (for useSyncExternalStore). */
  getVersion = (): number => this.version;
}
