/**
 * Windowing for a list of fixed-height rows: which rows to render for a scroll position. Rows
 * all have one height, so a row's place is its index times that height and the window is two
 * divisions. A general virtualizer keeps a measurement per row and rebuilds them whenever the
 * count changes, which is every page while a 200,000-task group loads and every keystroke of a
 * search: O(rows) work where O(rows on screen) will do.
 */
import { useLayoutEffect, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';

export interface RowWindow {
  /** First row to render (inclusive). */
  start: number;
  /** Row after the last to render (exclusive). */
  end: number;
  /**
   * How many rows a window can hold at this viewport height: `index % slots` is a key that no
   * two rendered rows share and that a row keeps while it stays in view.
   */
  slots: number;
}

/** Rows of `count` that a viewport of `height` px at `scrollTop` shows, `overscan` each side. */
export function rowWindow(
  scrollTop: number,
  height: number,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  const slots = Math.ceil(height / rowHeight) + 1 + 2 * overscan;
  if (count <= 0 || height <= 0) return { start: 0, end: 0, slots };
  const first = Math.min(count - 1, Math.max(0, Math.floor(scrollTop / rowHeight)));
  const last = Math.min(
    count - 1,
    Math.max(first, Math.ceil((scrollTop + height) / rowHeight) - 1),
  );
  return { start: Math.max(0, first - overscan), end: Math.min(count, last + 1 + overscan), slots };
}

interface Viewport {
  /** The first row at the top of the viewport (scrollTop in rows, rounded down). */
  top: number;
  height: number;
}

/**
 * The window of rows for the scroll element in `ref`. Re-renders only when the first visible row
 * or the viewport's height changes, and synchronously in the scroll event, so the rows are in
 * place in the frame that scrolls.
 */
export function useRowWindow(
  ref: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): RowWindow {
  const [viewport, setViewport] = useState<Viewport>({ top: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const read = (sync: boolean) => {
      const next = { top: Math.floor(el.scrollTop / rowHeight), height: el.clientHeight };
      const apply = () =>
        setViewport((v) => (v.top === next.top && v.height === next.height ? v : next));
      if (sync) flushSync(apply);
      else apply();
    };
    read(false);
    const onScroll = () => read(true);
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer =
      typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => read(false));
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
  }, [ref, rowHeight]);
  return rowWindow(viewport.top * rowHeight, viewport.height, count, rowHeight, overscan);
}
