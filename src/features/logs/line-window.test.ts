import { describe, expect, it } from 'vitest';
import {
  lineWindow,
  SAFE_MAX_HEIGHT,
  rowOffset,
  scrollHeight,
  scrollTopFor,
  scrollTopForOffset,
} from './line-window';

const maxHeight = SAFE_MAX_HEIGHT;
const small = { count: 1_000, rowHeight: 18, viewport: 360, maxHeight };
const huge = { count: 2_000_000, rowHeight: 18, viewport: 360, maxHeight };

describe('line window', () => {
  it('maps scrollTop to rows one to one below the cap', () => {
    expect(scrollHeight(small)).toBe(18_000);
    const w = lineWindow(small, 18 * 100, 5);
    expect([w.first, w.last]).toEqual([95, 125]);
    expect(w.top(100)).toBe(1_800);
    expect(scrollTopFor(small, 500, 'start')).toBe(9_000);
    expect(scrollTopFor(small, 500, 'end')).toBe(9_018 - 360);
    expect(scrollTopFor(small, 500, 'center')).toBe(9_000 - 171);
    // Clamped to the ends.
    expect(scrollTopFor(small, 0, 'end')).toBe(0);
    expect(scrollTopFor(small, 999, 'start')).toBe(18_000 - 360);
  });

  it('caps the scroll height of a 2,000,000-line log and still reaches its last line', () => {
    expect(scrollHeight(huge)).toBe(maxHeight);
    const bottom = maxHeight - 360;
    const end = lineWindow(huge, bottom, 0);
    expect(end.last).toBe(1_999_999);
    // The last row sits at the viewport's bottom edge, inside the scroll content.
    expect(end.top(1_999_999) + 18).toBe(maxHeight);
    expect(end.top(1_999_999) + 18 - bottom).toBe(360);
    const start = lineWindow(huge, 0, 0);
    expect([start.first, start.last, start.top(0)]).toEqual([0, 20, 0]);
  });

  it('keeps rows one row high and contiguous when scaled', () => {
    const scrollTop = 7_777_777;
    const w = lineWindow(huge, scrollTop, 2);
    expect(w.top(w.first + 1) - w.top(w.first)).toBe(18);
    // The rows cover the viewport: the first starts above its top, the last ends below its bottom.
    expect(w.top(w.first)).toBeLessThanOrEqual(scrollTop);
    expect(w.top(w.last) + 18).toBeGreaterThanOrEqual(scrollTop + 360);
  });

  it('scrolls a far line into the centre of the view when scaled', () => {
    const row = 1_234_567;
    const top = scrollTopFor(huge, row, 'center');
    const w = lineWindow(huge, top, 0);
    const y = w.top(row) - top;
    expect(y).toBeCloseTo((360 - 18) / 2, 6);
  });

  it('turns an offset into a scrollTop and back, scaled or not', () => {
    for (const g of [small, huge]) {
      const offset = (g.count * g.rowHeight - g.viewport) / 3;
      expect(rowOffset(g, scrollTopForOffset(g, offset))).toBeCloseTo(offset, 6);
    }
    // A log that grows keeps its offset at a new scrollTop.
    const grown = { ...huge, count: 2_500_000 };
    const offset = rowOffset(huge, 5_000_000);
    expect(scrollTopForOffset(grown, offset)).toBeLessThan(5_000_000);
    expect(rowOffset(grown, scrollTopForOffset(grown, offset))).toBeCloseTo(offset, 6);
  });

  it('renders nothing for an empty log', () => {
    const w = lineWindow({ ...small, count: 0 }, 0, 20);
    expect(w.last).toBeLessThan(w.first);
  });
});
