/**
 * Case-insensitive search over a log's bytes, as the user sees the text: terminal escape codes
 * are skipped, so `error` matches `ERR\e[0mOR` and never the `31m` of `\e[31m`. ASCII letters
 * fold; other characters match as typed (lower-cased), which covers what logs search for.
 */
import type { LineIndex } from './line-index';

const ESC = 0x1b;
const FOLD = new Uint8Array(256).map((_, b) => (b >= 0x41 && b <= 0x5a ? b + 32 : b));

/** The query's bytes, folded; empty when there is nothing to search for. */
export function compileNeedle(query: string): Uint8Array {
  return new TextEncoder().encode(query.toLowerCase()).map((b) => FOLD[b]!);
}

/** Index after the escape sequence starting at `p` (CSI `ESC [ … final` or OSC `ESC ] … BEL`). */
function skipEscape(b: Uint8Array, p: number, end: number): number {
  let q = p + 1;
  if (q >= end) return q;
  const kind = b[q]!;
  q++;
  if (kind === 0x5b) {
    // Parameters and intermediates, then one final byte in @..~.
    while (q < end && (b[q]! < 0x40 || b[q]! > 0x7e)) q++;
    return q + 1;
  }
  if (kind === 0x5d) {
    while (q < end && b[q] !== 0x07) q++;
    return q + 1;
  }
  return q;
}

/** Whether bytes `[start, end)` of `b` contain the needle, escape codes skipped. */
export function lineMatches(
  b: Uint8Array,
  start: number,
  end: number,
  needle: Uint8Array,
): boolean {
  const m = needle.length;
  const first = needle[0]!;
  let p = start;
  while (p < end) {
    const c = b[p]!;
    if (c === ESC) {
      p = skipEscape(b, p, end);
      continue;
    }
    if (FOLD[c] === first) {
      let q = p + 1;
      let k = 1;
      while (k < m && q < end) {
        const d = b[q]!;
        if (d === ESC) {
          q = skipEscape(b, q, end);
          continue;
        }
        if (FOLD[d] !== needle[k]) break;
        q++;
        k++;
      }
      if (k === m) return true;
    }
    p++;
  }
  return false;
}

/** Line indices in `[from, to)` that match, appended to `out`. */
export function searchRange(
  index: LineIndex,
  needle: Uint8Array,
  from: number,
  to: number,
  out: MatchList,
): void {
  if (!needle.length) return;
  const visit = (i: number, b: Uint8Array, s: number, e: number) => {
    if (e - s >= needle.length && lineMatches(b, s, e, needle)) out.push(i);
  };
  const first = needle[0]!;
  // A match starts with the needle's first byte, in either case, outside an escape code: only
  // lines holding that byte need the full check.
  if (first === ESC) index.forEachLine(from, to, visit);
  else {
    const upper = first >= 0x61 && first <= 0x7a ? first - 32 : first;
    index.forEachLineWith(from, to, first, upper, visit);
  }
}

/** Of the lines in `candidates`, those that match, appended to `out` (narrowing a search). */
export function searchCandidates(
  index: LineIndex,
  needle: Uint8Array,
  candidates: Uint32Array,
  out: MatchList,
): void {
  for (const i of candidates)
    index.forEachLine(i, i + 1, (_, b, s, e) => {
      if (e - s >= needle.length && lineMatches(b, s, e, needle)) out.push(i);
    });
}

/** A growing, sorted list of line indices in a typed array. */
export class MatchList {
  private items = new Uint32Array(256);
  length = 0;

  push(i: number): void {
    if (this.length === this.items.length) {
      const grown = new Uint32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = i;
  }

  /** A copy of the list, to transfer. */
  toArray(): Uint32Array {
    return this.items.slice(0, this.length);
  }

  view(): Uint32Array {
    return this.items.subarray(0, this.length);
  }
}

/** Position of `line` in a sorted list, or of the first entry after it (binary search). */
export function lowerBound(sorted: ArrayLike<number>, line: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
