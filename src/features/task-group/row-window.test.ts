import { describe, expect, it } from 'vitest';
import { rowWindow } from './row-window';

describe('rowWindow', () => {
  it('renders the rows in view and the overscan around them', () => {
    // 10 rows of 36 px: 360 px; scrolled to row 100 of 1,000.
    expect(rowWindow(3600, 360, 1000, 36, 8)).toEqual({ start: 92, end: 118, slots: 27 });
  });

  it('counts a row cut at the bottom edge as in view', () => {
    // 3600 + 370 px ends 10 px into row 110.
    expect(rowWindow(3600, 370, 1000, 36, 0)).toEqual({ start: 100, end: 111, slots: 12 });
  });

  it('stops at both ends of the list', () => {
    expect(rowWindow(0, 360, 1000, 36, 8)).toEqual({ start: 0, end: 18, slots: 27 });
    expect(rowWindow(36 * 995, 360, 1000, 36, 8)).toEqual({ start: 987, end: 1000, slots: 27 });
  });

  it('clamps a scroll position left over from a longer list', () => {
    // A filter shrank the list to 5 rows before the browser clamped scrollTop.
    expect(rowWindow(36 * 5000, 360, 5, 36, 8)).toEqual({ start: 0, end: 5, slots: 27 });
  });

  it('gives every rendered row its own slot, kept while it stays in view', () => {
    for (const scrollTop of [0, 17, 3600, 3601, 36 * 990 + 20]) {
      const w = rowWindow(scrollTop, 370, 1000, 36, 8);
      expect(w.end - w.start).toBeLessThanOrEqual(w.slots);
      const slots = new Set<number>();
      for (let i = w.start; i < w.end; i++) slots.add(i % w.slots);
      expect(slots.size).toBe(w.end - w.start);
    }
  });

  it('renders nothing for an empty list or a viewport not measured yet', () => {
    expect(rowWindow(0, 360, 0, 36, 8)).toMatchObject({ start: 0, end: 0 });
    expect(rowWindow(0, 0, 1000, 36, 8)).toMatchObject({ start: 0, end: 0 });
  });
});
