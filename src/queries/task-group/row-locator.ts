/**
 * Finds one task's row as rows arrive, without scanning every row at each page: a group whose
 * decision task is not among its tasks would otherwise cost a full scan per page. Rows only grow
 * by appending and are replaced in place, so the position, once found, stays right; a new rows
 * array is searched from scratch.
 */
import type { GroupRow } from './group-rows';

export function createRowLocator(
  taskId: string,
): (rows: readonly GroupRow[]) => GroupRow | undefined {
  let seen: readonly GroupRow[] | undefined;
  let scanned = 0;
  let at = -1;
  return (rows) => {
    if (rows !== seen || rows.length < scanned) {
      seen = rows;
      scanned = 0;
      at = -1;
    }
    for (; at < 0 && scanned < rows.length; scanned++)
      if (rows[scanned]!.taskId === taskId) at = scanned;
    return at < 0 ? undefined : rows[at];
  };
}
