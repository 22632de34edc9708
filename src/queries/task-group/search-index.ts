/**
 * The task names of a group as a few long strings, for search: finding a needle is then one
 * `indexOf` scan per chunk (native, memchr-fast) instead of a property load and an `includes`
 * call per row, which at 50,000 rows was the largest part of a keystroke's work.
 *
 * Built lazily, at the first search, and kept up to date by appending: rows only grow at the end,
 * and the stream says when a name changed in place (`invalidate`).
 */
import type { GroupRow } from './group-rows';

/** Between names in a chunk. A needle holding it cannot use the index (see `match`). */
const SEPARATOR = '\u0000';

interface Chunk {
  /** Lower-cased names of rows `first` … `first + starts.length - 1`, separated. */
  text: string;
  /** Where each row's name starts in `text`. */
  starts: Int32Array;
  first: number;
}

export class SearchIndex {
  private chunks: Chunk[] = [];
  private indexed = 0;
  private rows?: readonly GroupRow[];

  /**
   * Takes names already in the index's form for `rows` (a revisit's cached rows: see readRows),
   * so that the first search does not read 50,000 names first. Rows appended later are indexed
   * as usual.
   */
  seed(rows: readonly GroupRow[], text: string, starts: Int32Array): void {
    this.rows = rows;
    this.chunks = rows.length ? [{ text, starts, first: 0 }] : [];
    this.indexed = rows.length;
  }

  /** A row's name changed in place: the index is rebuilt at the next search. */
  invalidate(): void {
    this.rows = undefined;
  }

  private sync(rows: readonly GroupRow[]) {
    if (rows !== this.rows || rows.length < this.indexed) {
      this.rows = rows;
      this.chunks = [];
      this.indexed = 0;
    }
    const n = rows.length - this.indexed;
    if (n <= 0) return;
    const parts = new Array<string>(n);
    const starts = new Int32Array(n);
    let at = 0;
    for (let k = 0; k < n; k++) {
      const s = rows[this.indexed + k]!.search;
      parts[k] = s;
      starts[k] = at;
      at += s.length + 1;
    }
    this.chunks.push({ text: parts.join(SEPARATOR), starts, first: this.indexed });
    this.indexed = rows.length;
  }

  /**
   * Sets `hits[i]` to 1 for every row `i` of `rows` whose `search` contains `needle` (already
   * lower-cased), leaving the others untouched. Returns false, with nothing marked, for a needle
   * the index cannot answer (empty, or holding the separator): filter row by row instead.
   */
  match(rows: readonly GroupRow[], needle: string, hits: Uint8Array): boolean {
    if (!needle || needle.includes(SEPARATOR)) return false;
    this.sync(rows);
    for (const { text, starts, first } of this.chunks) {
      const last = starts.length - 1;
      let k = 0;
      let pos = text.indexOf(needle);
      while (pos !== -1) {
        while (k < last && starts[k + 1]! <= pos) k++;
        hits[first + k] = 1;
        if (k === last) break;
        // One hit per row is enough: go on from the next name.
        pos = text.indexOf(needle, starts[k + 1]!);
      }
    }
    return true;
  }
}
