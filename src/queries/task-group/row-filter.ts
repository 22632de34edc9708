/**
 * The task list's filter with a memory of its last answer. Typing forward only narrows a search:
 * when the rows, their order and the other filters are unchanged and the new search extends the
 * last one, the last answer is filtered again instead of every row, so each keystroke after the
 * first costs less than the one before it. Anything else filters from scratch with `filterRows`
 * (group-rows.ts), which stays the definition of the answer.
 */
import type { TaskState } from '../../api';
import { filterRows, type GroupRow, type ViewParams } from './group-rows';

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
) => Int32Array {
  let last:
    | { rows: readonly GroupRow[]; order: Int32Array; params: FilterParams; out: Int32Array }
    | undefined;
  return (rows, order, params) => {
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
    const out = filterRows(rows, narrows ? last!.out : order, params);
    last = { rows, order, params, out };
    return out;
  };
}
