/**
 * The log's rows on screen (`line-window`), kept in step with a scrolling element. Every row is
 * one fixed height, so nothing is measured and nothing is kept per row: a general-purpose
 * virtualizer keeps a start and a size per row and rebuilds them each time the line count
 * grows, which for a 2,000,000-line log is tens of MB on the page and a long task at every
 * progress update while it loads.
 */
import { useLayoutEffect, useMemo, useState, useSyncExternalStore } from 'react';
import {
  lineWindow,
  SAFE_MAX_HEIGHT,
  rowOffset,
  scrollHeight,
  scrollTopFor,
  scrollTopForOffset,
  type Align,
  type Geometry,
} from './line-window';

let browserMaxHeight: number | undefined;

/**
 * The tallest scroll content this browser lays out, measured once: an element asked to be
 * 10^9 px high comes out at the browser's cap. Scaling only past it keeps scrolling one to one
 * for as long as the browser allows (Chromium: 1,800,000 lines of 18 px; Firefox: 960,000).
 */
function maxScrollHeight(): number {
  if (browserMaxHeight === undefined) {
    const box = document.createElement('div');
    // Contained and hidden: measuring it lays out nothing else.
    box.style.cssText =
      'position:absolute;top:0;left:0;width:0;height:0;overflow:hidden;contain:strict;visibility:hidden';
    const tall = document.createElement('div');
    tall.style.cssText = 'height:1000000000px;width:1px';
    box.appendChild(tall);
    document.body.appendChild(box);
    const measured = tall.offsetHeight;
    box.remove();
    // A margin below the cap; anything implausible keeps the safe value.
    browserMaxHeight =
      measured > SAFE_MAX_HEIGHT && measured < 1e9 ? Math.floor(measured * 0.98) : SAFE_MAX_HEIGHT;
  }
  return browserMaxHeight;
}

interface Position {
  scrollTop: number;
  viewport: number;
}

/** The scrolling element's position, as an external store for React. */
export class ScrollPosition {
  private element: HTMLElement | null = null;
  private listeners = new Set<() => void>();
  private count = 0;
  /** Offset into the rows at the top of the view, kept when the count changes the scale. */
  private offset = 0;
  position: Position = { scrollTop: 0, viewport: 0 };

  readonly maxHeight = maxScrollHeight();

  constructor(readonly rowHeight: number) {}

  private geometry(): Geometry {
    const { count, rowHeight, maxHeight } = this;
    return { count, rowHeight, maxHeight, viewport: this.position.viewport };
  }

  private read = () => {
    const el = this.element;
    if (!el) return;
    const next = { scrollTop: el.scrollTop, viewport: el.clientHeight };
    if (next.scrollTop === this.position.scrollTop && next.viewport === this.position.viewport)
      return;
    this.position = next;
    this.offset = rowOffset(this.geometry(), next.scrollTop);
    for (const l of this.listeners) l();
  };

  /** A callback ref for the scrolling element. */
  attach = (el: HTMLElement | null) => {
    if (!el) return;
    this.element = el;
    const resize = new ResizeObserver(this.read);
    el.addEventListener('scroll', this.read, { passive: true });
    resize.observe(el);
    this.read();
    return () => {
      el.removeEventListener('scroll', this.read);
      resize.disconnect();
      if (this.element === el) this.element = null;
    };
  };

  /**
   * The line count changed: past the scroll cap the same `scrollTop` would now show other
   * lines, so it moves to keep the lines in view where they are.
   */
  setCount(count: number) {
    if (count === this.count) return;
    const scaled = (n: number) => n * this.rowHeight > this.maxHeight;
    const wasScaled = scaled(this.count);
    this.count = count;
    const el = this.element;
    // One to one, the same scrollTop shows the same lines (the browser clamps it when the
    // content shrinks, and says so with a scroll event): nothing to read, so no forced layout
    // at each progress update.
    if (!el || (!wasScaled && !scaled(count))) return;
    const top = scrollTopForOffset(this.geometry(), this.offset);
    if (Math.abs(top - this.position.scrollTop) >= 1) el.scrollTop = top;
    this.read();
  }

  scrollToRow = (row: number, align: Align) => {
    const el = this.element;
    if (!el) return;
    el.scrollTop = scrollTopFor({ ...this.geometry(), viewport: el.clientHeight }, row, align);
    this.read();
  };

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = () => this.position;
}

/**
 * The scrolling element's position, for `useLineWindow`; the owner scrolls with
 * `scrollToRow` without re-rendering on every scroll itself. `attach` is the scrolling
 * element's callback ref.
 */
export function useScrollPosition(rowHeight: number): ScrollPosition {
  const [store] = useState(() => new ScrollPosition(rowHeight));
  return store;
}

/**
 * Rows to render for `count` rows: `height` goes on the scroll content, and each row at
 * `window.top(row)`.
 */
export function useLineWindow(scroll: ScrollPosition, count: number, overscan: number) {
  // Store updates render synchronously, so the rows move in the frame the scrollbar moves.
  const { scrollTop, viewport } = useSyncExternalStore(scroll.subscribe, scroll.getSnapshot);
  useLayoutEffect(() => scroll.setCount(count), [scroll, count]);
  const { rowHeight, maxHeight } = scroll;
  const geometry = useMemo(
    () => ({ count, rowHeight, viewport, maxHeight }),
    [count, rowHeight, viewport, maxHeight],
  );
  const window = useMemo(
    () => lineWindow(geometry, scrollTop, overscan),
    [geometry, scrollTop, overscan],
  );
  return { window, height: scrollHeight(geometry) };
}
