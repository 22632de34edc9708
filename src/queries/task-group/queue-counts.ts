/**
 * Tasks per task queue, counted as rows arrive. Counting every row again at each page of a
 * 50,000-task group costs more than the page itself; rows only grow by appending, and a row
 * replaced in place keeps its taskId and so its task queue, so only the new tail needs counting.
 * A new rows array (the stream dropped expired tasks) is counted from scratch.
 */
import type { GroupRow } from './group-rows';

export function createQueueCounter(): (rows: readonly GroupRow[]) => ReadonlyMap<string, number> {
  let seen: readonly GroupRow[] | undefined;
  let counted = 0;
  let counts = new Map<string, number>();
  return (rows) => {
    if (rows !== seen || rows.length < counted) {
      seen = rows;
      counted = 0;
      counts = new Map();
    }
    for (; counted < rows.length; counted++) {
      const q = rows[counted]!.taskQueueId;
      counts.set(q, (counts.get(q) ?? 0) + 1);
    }
    return counts;
  };
}
