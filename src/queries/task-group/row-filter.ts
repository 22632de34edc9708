/**
 * The task list's filter with a memory of its last answer. Typing forward only narrows a search:
 * when the rows, their order and the other filters are unchanged and the new search extends the
 * last one, the last answer is filtered again instead of every row, so each keystroke after the
 * first costs less than the one before it. Anything else filters from scratch: with the group's
 * search index when given (search-index.ts), else with `filterRows` (group-rows.ts), which stays
 * the definition of the answer.
 */
import type { TaskState } from '../../api';
import { filterRows, type GroupRow, type ViewParams } from './group-rows';
import type { SearchIndex } from './search-index';

export type FilterParams = Pick<ViewParams, 'states' | 'search' | 'queue' | 'kind'>;

function sameStates(a: ReadonlySet<TaskState>, b: ReadonlySet<TaskState>): boolean {
  if (a.size !== b.size) return false;
  for (const s of a) if (!b.has(s)) return false;
  return true;
}

/**
 * A filter with the same answers as `filterRows`, for one task list. Rows that change in place
 * must come with a new `order` (the page recomputes it per data version): that is what tells the
 * filter to forget its last answer.
 */
export function createRowFilter(): (
  rows: readonly GroupRow[],
  order: Int32Array,
  params: FilterParams,
  index?: SearchIndex,
) => Int32Array {
  let last:
    | { rows: readonly GroupRow[]; order: Int32Array; params: FilterParams; out: Int32Array }
    | undefined;
  return (rows, order, params, index) => {
    const needle = params.search.trim().toLowerCase();
    const previous = last?.params.search.trim().toLowerCase() ?? '';
    const narrows =
      last !== undefined &&
      last.rows === rows &&
      last.order === order &&
      last.params.queue === params.queue &&
      last.params.kind === params.kind &&
      sameStates(last.params.states, params.states) &&
      previous !== '' &&
      needle.startsWith(previous);
    // The last answer is a subsequence of `order`; filtering it by the same predicate keeps its
    // order, and every row it dropped fails the longer search too.
    const out = narrows
      ? filterRows(rows, last!.out, params)
      : index && needle
        ? filterIndexed(rows, order, params, needle, index)
        : filterRows(rows, order, params);
    last = { rows, order, params, out };
    return out;
  };
}

/** `filterRows` with the name search answered by the index: the same rows, in `order`. */
function filterIndexed(
  rows: readonly GroupRow[],
  order: Int32Array,
  params: FilterParams,
  needle: string,
  index: SearchIndex,
): Int32Array {
  const hits = new Uint8Array(rows.length);
  if (!index.match(rows, needle, hits)) return filterRows(rows, order, params);
  const anyState = params.states.size === 0;
  const { queue, kind } = params;
  const out = new Int32Array(order.length);
  let n = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (!hits[i]) continue;
    const r = rows[i]!;
    if (!anyState && !params.states.has(r.state)) continue;
    if (queue && r.taskQueueId !== queue) continue;
    if (kind && r.kind !== kind) continue;
    out[n++] = i;
  }
  return out.subarray(0, n);
}
