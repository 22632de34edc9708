/**
 * Which lines of a log are on screen, for rows of one fixed height, without a per-line array:
 * a 2,000,000-line log costs the same as a 20-line one. Browsers cap an element's height
 * (Chromium near 33.5 million px, Firefox near 17.9 million), and 2,000,000 lines of 18 px are
 * 36 million: past `maxHeight` the scrollbar spans the log at a scale, and rows are placed
 * relative to the scroll position so that each stays exactly one row high.
 */

/** A cap below every browser's, for when the browser's own is not known. */
export const SAFE_MAX_HEIGHT = 15_000_000;

export interface Geometry {
  count: number;
  rowHeight: number;
  /** Height of the scrolling element's viewport, px. */
  viewport: number;
  /** Highest scroll content, px: below the browser's cap on an element's height. */
  maxHeight: number;
}

/** Height of the scroll content: the rows', or `maxHeight` for very long logs. */
export function scrollHeight({ count, rowHeight, maxHeight }: Geometry): number {
  return Math.min(count * rowHeight, maxHeight);
}

/** Furthest `scrollTop` and furthest offset into the rows (equal below the cap). */
function extents(g: Geometry): { maxScroll: number; maxOffset: number } {
  return {
    maxScroll: Math.max(0, scrollHeight(g) - g.viewport),
    maxOffset: Math.max(0, g.count * g.rowHeight - g.viewport),
  };
}

/** Offset into the rows (px from the first row's top) shown at the top for `scrollTop`. */
export function rowOffset(g: Geometry, scrollTop: number): number {
  const { maxScroll, maxOffset } = extents(g);
  if (maxScroll === maxOffset) return Math.max(0, Math.min(scrollTop, maxOffset));
  if (maxScroll === 0) return 0;
  return (Math.max(0, Math.min(scrollTop, maxScroll)) / maxScroll) * maxOffset;
}

export interface LineWindow {
  /** First and last row rendered (inclusive; `last < first` when there are none). */
  first: number;
  last: number;
  /** `top(row)`: px from the scroll content's top to that row's top. */
  top(row: number): number;
}

/** The rows on screen at `scrollTop`, and `overscan` more on each side. */
export function lineWindow(g: Geometry, scrollTop: number, overscan: number): LineWindow {
  const offset = rowOffset(g, scrollTop);
  const top = Math.max(0, Math.min(scrollTop, extents(g).maxScroll));
  const first = Math.max(0, Math.floor(offset / g.rowHeight) - overscan);
  const last = Math.min(g.count - 1, Math.ceil((offset + g.viewport) / g.rowHeight) + overscan);
  return { first, last, top: (row) => top + row * g.rowHeight - offset };
}

export type Align = 'start' | 'center' | 'end';

/** The `scrollTop` that shows `row` at the viewport's start, centre or end. */
export function scrollTopFor(g: Geometry, row: number, align: Align): number {
  const rowTop = row * g.rowHeight;
  const wanted =
    align === 'start'
      ? rowTop
      : align === 'end'
        ? rowTop + g.rowHeight - g.viewport
        : rowTop - (g.viewport - g.rowHeight) / 2;
  return scrollTopForOffset(g, wanted);
}

/** The `scrollTop` that shows the rows from `offset` px on (clamped to the rows' extent). */
export function scrollTopForOffset(g: Geometry, offset: number): number {
  const { maxScroll, maxOffset } = extents(g);
  const clamped = Math.max(0, Math.min(offset, maxOffset));
  if (maxScroll === maxOffset) return clamped;
  return maxOffset === 0 ? 0 : (clamped / maxOffset) * maxScroll;
}
