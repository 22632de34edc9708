/**
 * The timeline drawn fully zoomed out: more rows than device pixels, so tens of bars share each
 * pixel row. Each visible segment becomes a whole-pixel span on its pixel row; spans are bucketed
 * by style and pixel row (a counting sort), each bucket is sorted and merged, and each merged run
 * is reported once. Cost: linear in the segments in view, with no per-pixel work.
 */
import type { TimelineLayout } from '../../../queries/insight/timeline-layout';
import type { Viewport } from './timeline-view';

/** A span is packed as start × 2^15 + end (device pixels below 2^15): sorting sorts by start. */
const SHIFT = 32768;

type Segments = Pick<TimelineLayout, 'segRow' | 'segStart' | 'segEnd' | 'segStyle'>;

/** First position in `list` (segment indices sorted by row) whose row is ≥ `row`. */
export function lowerBound(list: Int32Array, segRow: Int32Array, row: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segRow[list[mid]!]! < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function sortRange(a: Int32Array, lo: number, hi: number) {
  if (hi - lo > 48) {
    a.subarray(lo, hi).sort();
    return;
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= lo && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** Scratch buffers kept between frames. */
export class DenseRaster {
  /** Pass 1's segments in view, then pass 2's packed spans by bucket. */
  private spans = new Int32Array(0);
  private bucket = new Int32Array(0);
  private out = new Int32Array(0);
  private start = new Int32Array(0);

  /**
   * Reports, style by style (in `byStyle` order), the merged runs of the segments of rows
   * `first` … `last` on a plot of `w` × `h` device pixels showing `view`: `onStyle(style)` before a
   * style's runs, `onRun(x, y, width)` for each. Returns the number of segments in view.
   */
  runs(
    l: Segments,
    byStyle: readonly Int32Array[],
    view: Viewport,
    first: number,
    last: number,
    w: number,
    h: number,
    onStyle: (style: number) => void,
    onRun: (x: number, y: number, width: number) => void,
  ): number {
    const { t0, t1, r0, r1 } = view;
    const width = Math.min(w, SHIFT - 1);
    const styles = byStyle.length;
    const xs = width / (t1 - t0);
    const ys = h / (r1 - r0);
    const buckets = styles * h;
    if (this.start.length < buckets + 1) this.start = new Int32Array(buckets + 1);
    else this.start.fill(0, 0, buckets + 1);
    if (this.spans.length < l.segRow.length) this.spans = new Int32Array(l.segRow.length);
    if (this.out.length < l.segRow.length) this.out = new Int32Array(l.segRow.length);
    const start = this.start;
    const spans = this.spans;
    const out = this.out;
    // Pass 1: each segment in view, its bucket (kept for pass 2) and the bucket sizes.
    if (this.bucket.length < l.segRow.length) this.bucket = new Int32Array(l.segRow.length);
    const bucket = this.bucket;
    let inView = 0;
    for (let style = 0; style < styles; style++) {
      const list = byStyle[style]!;
      for (let p = lowerBound(list, l.segRow, first); p < list.length; p++) {
        const k = list[p]!;
        const row = l.segRow[k]!;
        if (row > last) break;
        if (l.segEnd[k]! < t0 || l.segStart[k]! > t1) continue;
        const pr = Math.floor((row - r0) * ys);
        if (pr < 0 || pr >= h) continue;
        const bk = style * h + pr;
        spans[inView] = k;
        bucket[inView++] = bk;
        start[bk + 1]!++;
      }
    }
    for (let bk = 0; bk < buckets; bk++) start[bk + 1]! += start[bk]!;
    // Pass 2: the segments' pixel spans into their buckets (each bucket's start moves to its end,
    // then back).
    for (let j = 0; j < inView; j++) {
      const k = spans[j]!;
      const xa = Math.min(width - 1, Math.max(0, Math.floor((l.segStart[k]! - t0) * xs)));
      const xb = Math.min(width, Math.max(xa + 1, Math.ceil((l.segEnd[k]! - t0) * xs)));
      out[start[bucket[j]!]!++] = xa * SHIFT + xb;
    }
    for (let bk = buckets; bk > 0; bk--) start[bk] = start[bk - 1]!;
    start[0] = 0;
    // Pass 3: per style and pixel row, sort and merge.
    for (let style = 0; style < styles; style++) {
      if (start[(style + 1) * h] === start[style * h]) continue;
      onStyle(style);
      for (let pr = 0; pr < h; pr++) {
        const lo = start[style * h + pr]!;
        const hi = start[style * h + pr + 1]!;
        if (hi === lo) continue;
        sortRange(out, lo, hi);
        let from = (out[lo]! / SHIFT) | 0;
        let to = out[lo]! % SHIFT;
        for (let i = lo + 1; i < hi; i++) {
          const xa = (out[i]! / SHIFT) | 0;
          const xb = out[i]! % SHIFT;
          if (xa <= to) {
            if (xb > to) to = xb;
          } else {
            onRun(from, pr, to - from);
            from = xa;
            to = xb;
          }
        }
        onRun(from, pr, to - from);
      }
    }
    return inView;
  }
}
