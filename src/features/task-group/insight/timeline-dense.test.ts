import { describe, expect, it } from 'vitest';
import { DenseRaster } from './timeline-dense';

/** Segments as [row, start, end, style]; lists per style sorted by row, as the render worker keeps them. */
function layoutOf(segs: [number, number, number, number][], styles = 2) {
  const l = {
    segRow: Int32Array.from(segs, (s) => s[0]),
    segStart: Float64Array.from(segs, (s) => s[1]),
    segEnd: Float64Array.from(segs, (s) => s[2]),
    segStyle: Uint8Array.from(segs, (s) => s[3]),
  };
  const byStyle = Array.from({ length: styles }, (_, st) =>
    Int32Array.from(
      segs
        .map((s, k) => [s, k] as const)
        .filter(([s]) => s[3] === st)
        .sort((a, b) => a[0][0] - b[0][0])
        .map(([, k]) => k),
    ),
  );
  return { l, byStyle };
}

function draw(segs: [number, number, number, number][], rows: number, w: number, h: number) {
  const { l, byStyle } = layoutOf(segs);
  const out: string[] = [];
  let style = -1;
  const inView = new DenseRaster().runs(
    l,
    byStyle,
    { t0: 0, t1: w, r0: 0, r1: rows },
    0,
    rows - 1,
    w,
    h,
    (s) => (style = s),
    (x, y, width) => out.push(`${style}:${y}:${x}+${width}`),
  );
  return { out, inView };
}

describe('dense timeline raster', () => {
  it('merges overlapping bars of one style on a pixel row into one run, gaps kept', () => {
    // 4 rows on 2 pixel rows: rows 0-1 share pixel row 0, rows 2-3 pixel row 1.
    const { out, inView } = draw(
      [
        [0, 10, 20, 0],
        [1, 15, 30, 0],
        [1, 40, 50, 0],
        [2, 5, 8, 0],
        [3, 60, 70, 1],
      ],
      4,
      100,
      2,
    );
    expect(out).toEqual(['0:0:10+20', '0:0:40+10', '0:1:5+3', '1:1:60+10']);
    expect(inView).toBe(5);
  });

  it('draws every style in order and leaves out what is outside the view', () => {
    const { out, inView } = draw(
      [
        [0, -50, -10, 0], // before the view
        [0, 150, 200, 1], // after it
        [1, 0.2, 0.4, 1], // under a pixel: still one pixel wide
        [0, 90, 120, 0], // cut at the right edge
      ],
      2,
      100,
      1,
    );
    expect(out).toEqual(['0:0:90+10', '1:0:0+1']);
    expect(inView).toBe(2);
  });

  it('keeps runs apart on a row shared by many bars, as many as fit, sorted', () => {
    // 200 rows on 10 pixel rows, each bar 1 px apart from the next in its pixel row.
    const segs: [number, number, number, number][] = [];
    for (let row = 0; row < 200; row++) segs.push([row, (row % 20) * 3, (row % 20) * 3 + 1, 0]);
    const { out } = draw(segs, 200, 100, 10);
    expect(out).toHaveLength(200);
    expect(out.slice(0, 3)).toEqual(['0:0:0+1', '0:0:3+1', '0:0:6+1']);
  });

  it('sorts large buckets too (more bars on a pixel row than the insertion sort takes)', () => {
    // 60 bars per pixel row, in reverse order of start.
    const segs: [number, number, number, number][] = [];
    for (let row = 0; row < 600; row++)
      segs.push([row, (59 - (row % 60)) * 3, (59 - (row % 60)) * 3 + 2, 0]);
    const { out } = draw(segs, 600, 200, 10);
    expect(out).toHaveLength(600);
    expect(out.slice(0, 2)).toEqual(['0:0:0+2', '0:0:3+2']);
    expect(out[59]).toBe('0:0:177+2');
  });
});
