import { describe, expect, it } from 'vitest';
import { clamp, fitAll, pan, tickStep, zoom } from './timeline-view';

const e = { t0: 0, t1: 100_000, rows: 1000 };

describe('timeline viewport', () => {
  it('fits everything, and zooms around the pointer', () => {
    const all = fitAll(e);
    expect(all).toEqual({ t0: -1000, t1: 101_000, r0: 0, r1: 1000 });
    const z = zoom(all, e, 0.5, 0, 0);
    expect(z).toEqual({ t0: -1000, t1: 50_000, r0: 0, r1: 500 });
    const t = zoom(z, e, 0.5, 0.5, 0.5, true);
    expect(t.r0).toBe(0);
    expect(t.r1).toBe(500);
    expect(t.t1 - t.t0).toBe(25_500);
  });

  it('never zooms out past everything nor pans off the data', () => {
    expect(zoom(fitAll(e), e, 4)).toEqual(fitAll(e));
    const far = pan(zoom(fitAll(e), e, 0.1), e, 100, 100);
    expect(far.t1).toBe(101_000);
    expect(far.r1).toBe(1000);
    expect(clamp({ t0: 5, t1: 5, r0: 3, r1: 3 }, e)).toEqual({ t0: 5, t1: 1005, r0: 3, r1: 7 });
  });

  it('picks readable tick steps', () => {
    expect(tickStep(3_600_000, 1200)).toBe(300_000);
    expect(tickStep(10_000, 1000)).toBe(1000);
  });
});
