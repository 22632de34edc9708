/**
 * The timeline's viewport: a time range and a (fractional) row range, changed by wheel, drag
 * and keys on the main thread — a few arithmetic operations per event; drawing happens in the
 * render worker.
 */
export interface Viewport {
  t0: number;
  t1: number;
  r0: number;
  r1: number;
}

export interface Extent {
  t0: number;
  t1: number;
  rows: number;
}

const MIN_SPAN_MS = 1000;
const MIN_ROWS = 4;

/** Everything in view: the whole time range and every row. */
export function fitAll(e: Extent): Viewport {
  const pad = (e.t1 - e.t0) * 0.01;
  return { t0: e.t0 - pad, t1: e.t1 + pad, r0: 0, r1: Math.max(e.rows, MIN_ROWS) };
}

export function clamp(v: Viewport, e: Extent): Viewport {
  const all = fitAll(e);
  let { t0, t1, r0, r1 } = v;
  const span = Math.min(Math.max(t1 - t0, MIN_SPAN_MS), all.t1 - all.t0);
  if (t0 < all.t0) t0 = all.t0;
  t1 = t0 + span;
  if (t1 > all.t1) {
    t1 = all.t1;
    t0 = t1 - span;
  }
  const rows = Math.min(Math.max(r1 - r0, MIN_ROWS), all.r1);
  if (r0 < 0) r0 = 0;
  r1 = r0 + rows;
  if (r1 > all.r1) {
    r1 = all.r1;
    r0 = r1 - rows;
  }
  return { t0, t1, r0, r1 };
}

/**
 * Zooms by `factor` (< 1 in, > 1 out) around the point at fractions (fx, fy) of the plot;
 * `timeOnly` keeps the rows.
 */
export function zoom(
  v: Viewport,
  e: Extent,
  factor: number,
  fx = 0.5,
  fy = 0.5,
  timeOnly = false,
): Viewport {
  const t = v.t0 + (v.t1 - v.t0) * fx;
  const r = v.r0 + (v.r1 - v.r0) * fy;
  const next = {
    t0: t - (t - v.t0) * factor,
    t1: t + (v.t1 - t) * factor,
    r0: timeOnly ? v.r0 : r - (r - v.r0) * factor,
    r1: timeOnly ? v.r1 : r + (v.r1 - r) * factor,
  };
  return clamp(next, e);
}

/** Pans by fractions of the view (positive: later / further down). */
export function pan(v: Viewport, e: Extent, fx: number, fy: number): Viewport {
  const dt = (v.t1 - v.t0) * fx;
  const dr = (v.r1 - v.r0) * fy;
  return clamp({ t0: v.t0 + dt, t1: v.t1 + dt, r0: v.r0 + dr, r1: v.r1 + dr }, e);
}

/** A 1-2-5-like step for time-axis ticks, about `px` apart. */
export function tickStep(spanMs: number, widthPx: number, px = 100): number {
  const raw = (spanMs / Math.max(1, widthPx)) * px;
  const steps = [
    1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
    3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
  ];
  return steps.find((s) => s >= raw) ?? 86_400_000 * Math.ceil(raw / 86_400_000);
}
