import { describe, expect, it } from 'vitest';
import { orderRows } from './row-order';

/** The order the timeline promises, by a plain comparator sort. */
function reference(start: number[], ids: string[], bucket?: number[]) {
  const key = (i: number) => (Number.isNaN(start[i]!) ? Infinity : start[i]!);
  return start
    .map((_, i) => i)
    .sort(
      (a, b) =>
        (bucket ? bucket[a]! - bucket[b]! : 0) ||
        (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) ||
        (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0),
    );
}

describe('timeline row order', () => {
  it('sorts by start, ties by taskId, missing starts last', () => {
    const start = [300, 100, NaN, 100, 200, NaN, 100];
    const ids = ['a', 'z', 'c', 'm', 'b', 'b', 'd'];
    expect([...orderRows(Float64Array.from(start), ids)]).toEqual([6, 3, 1, 4, 0, 5, 2]);
  });

  it('keeps buckets in their order, each sorted by start', () => {
    const start = [5, 1, 3, 2, 4];
    const ids = ['e', 'a', 'c', 'b', 'd'];
    const bucket = [1, 1, 0, 2, 0];
    const rows = orderRows(Float64Array.from(start), ids, Int32Array.from(bucket), 3);
    expect([...rows]).toEqual([2, 4, 1, 0, 3]);
  });

  it('agrees with a comparator sort on a large random group, whole and fractional times', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const fractional of [false, true]) {
      const n = 5000;
      const start = Array.from({ length: n }, () =>
        rand() < 0.01 ? NaN : 1.7e12 + Math.floor(rand() * 600) * 1000 + (fractional ? rand() : 0),
      );
      const ids = Array.from({ length: n }, (_, i) => `t${(i * 7919) % n}`);
      const bucket = Array.from({ length: n }, () => Math.floor(rand() * 4));
      expect([...orderRows(Float64Array.from(start), ids, Int32Array.from(bucket), 4)]).toEqual(
        reference(start, ids, bucket),
      );
      expect([...orderRows(Float64Array.from(start), ids)]).toEqual(reference(start, ids));
    }
  });
});
