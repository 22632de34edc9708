/**
 * The task list's sort order, kept up to date as rows arrive and change instead of sorted again
 * from scratch: while a sort column is active, every page of a loading group (and every live
 * refresh) used to re-sort all rows on the main thread, O(n log n) per page. Here a page costs
 * O(n): the rows that are new or were replaced since the last answer are taken out, sorted among
 * themselves (a page's worth) and merged back. The answer is exactly `sortOrder`'s (group-rows.ts),
 * which stays the definition: its comparison ends with the row index, so the order is total and
 * a merge cannot differ from a full sort.
 */
import { sortOrder, sortValue, type GroupRow, type ViewParams } from './group-rows';

type Sort = NonNullable<ViewParams['sort']>;

/** Above this share of rows changed, a full sort is cheaper than taking them out and merging. */
const FULL_SORT_SHARE = 0.25;

/** `sortOrder`'s comparison of rows `a` and `b` (indices into `rows`). */
function comparator(rows: readonly GroupRow[], sort: Sort, now: number) {
  const dir = sort.dir === 'asc' ? 1 : -1;
  if (sort.key === 'name') {
    return (a: number, b: number) => {
      const na = rows[a]!.search;
      const nb = rows[b]!.search;
      return na < nb ? -dir : na > nb ? dir : a - b;
    };
  }
  const key = sort.key;
  return (a: number, b: number) => {
    const va = sortValue(rows[a]!, key, now);
    const vb = sortValue(rows[b]!, key, now);
    if (Number.isNaN(va) || Number.isNaN(vb))
      return Number.isNaN(va) ? (Number.isNaN(vb) ? a - b : 1) : -1;
    return va === vb ? a - b : (va - vb) * dir;
  };
}

/**
 * Creates the order keeper for one task list. Call it with the current rows whenever they may
 * have changed; rows change by being appended or replaced by a new object at their index (as the
 * group stream does). A new rows array, another sort, or no sort starts over.
 */
export function createSortedOrder(): (
  rows: readonly GroupRow[],
  sort: ViewParams['sort'],
  now: number,
) => Int32Array {
  let last:
    | {
        rows: readonly GroupRow[];
        sort: Sort;
        /** The `now` of the last full sort: durations of running tasks keep that reference. */
        now: number;
        /** The row objects the order was computed for, by index. */
        seen: GroupRow[];
        order: Int32Array;
      }
    | undefined;
  return (rows, sort, now) => {
    if (!sort) {
      last = undefined;
      return sortOrder(rows, undefined, now);
    }
    const same =
      last !== undefined &&
      last.rows === rows &&
      last.sort.key === sort.key &&
      last.sort.dir === sort.dir &&
      rows.length >= last.seen.length;
    if (!same) {
      const order = sortOrder(rows, sort, now);
      last = { rows, sort, now, seen: rows.slice(), order };
      return order;
    }
    const state = last!;
    const before = state.seen.length;
    // Rows replaced in place since the last answer (a new object at the same index).
    const changed: number[] = [];
    for (let i = 0; i < before; i++) if (rows[i] !== state.seen[i]) changed.push(i);
    const added = rows.length - before;
    if (!changed.length && !added) return state.order;
    if (changed.length + added > rows.length * FULL_SORT_SHARE) {
      const order = sortOrder(rows, sort, now);
      last = { rows, sort, now, seen: rows.slice(), order };
      return order;
    }
    const compare = comparator(rows, sort, state.now);
    // The rows to place: changed and new ones, sorted among themselves.
    const moving = new Int32Array(changed.length + added);
    moving.set(changed);
    for (let k = 0; k < added; k++) moving[changed.length + k] = before + k;
    moving.sort(compare);
    // The rows that stay keep their relative order; take the moving ones out and merge.
    const isMoving = new Uint8Array(rows.length);
    for (const i of changed) isMoving[i] = 1;
    const order = new Int32Array(rows.length);
    let n = 0;
    let m = 0;
    for (let k = 0; k < state.order.length; k++) {
      const i = state.order[k]!;
      if (isMoving[i]) continue;
      while (m < moving.length && compare(moving[m]!, i) < 0) order[n++] = moving[m++]!;
      order[n++] = i;
    }
    while (m < moving.length) order[n++] = moving[m++]!;
    for (const i of changed) state.seen[i] = rows[i]!;
    for (let k = 0; k < added; k++) state.seen.push(rows[before + k]!);
    state.order = order;
    return order;
  };
}
