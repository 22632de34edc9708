import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { Link } from 'react-router';
import { formatDuration, formatTime } from '../../components/format';
import { paths } from '../../components/paths';
import {
  duration,
  type GroupRow,
  type SortDir,
  type SortKey,
} from '../../queries/task-group/group-rows';
import classes from './TaskGroup.module.css';

export interface TaskGroupTableProps {
  rows: readonly GroupRow[];
  /** Indices into `rows`, in display order. */
  view: Int32Array;
  sort?: { key: SortKey; dir: SortDir };
  onSort: (key: SortKey) => void;
  now: number;
  /** The filter the rows were computed for (exposed for measurements and tests). */
  filterKey?: string;
  /** Changes whenever rows changed in place. */
  version: number;
}

const ROW_HEIGHT = 36;
const COLUMNS: { key: SortKey | 'runs' | 'queue'; label: string; sortable: boolean }[] = [
  { key: 'name', label: 'Name', sortable: true },
  { key: 'state', label: 'State', sortable: true },
  { key: 'runs', label: 'Runs', sortable: false },
  { key: 'queue', label: 'Task queue', sortable: false },
  { key: 'started', label: 'Started', sortable: true },
  { key: 'resolved', label: 'Resolved', sortable: true },
  { key: 'duration', label: 'Duration', sortable: true },
];

/**
 * One row. Plain elements with CSS-module classes, not Mantine components: a keystroke in the
 * search box re-renders every visible row, and this keeps that well under a frame.
 */
const Row = memo(function Row({
  row,
  index,
  start,
  now,
}: {
  row: GroupRow;
  index: number;
  start: number;
  now: number;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-task-row
      className={classes.row}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
    >
      <div role="cell" className={classes.col_name}>
        <Link
          to={paths.task(row.taskId)}
          className={`${classes.link} ${classes.ellipsis}`}
          title={row.name}
        >
          {row.name}
        </Link>
      </div>
      <div role="cell" className={classes.col_state}>
        <span className={classes.badge} data-state={row.state}>
          {row.state}
        </span>
      </div>
      <div role="cell" className={classes.col_runs}>
        {row.runs}
      </div>
      <div role="cell" className={classes.col_queue}>
        <Link
          to={paths.workerType(row.taskQueueId)}
          className={`${classes.link} ${classes.dim} ${classes.ellipsis}`}
        >
          {row.taskQueueId}
        </Link>
      </div>
      <div role="cell" className={classes.col_started}>
        {row.started ? formatTime(row.started) : '—'}
      </div>
      <div role="cell" className={classes.col_resolved}>
        {row.resolved ? formatTime(row.resolved) : '—'}
      </div>
      <div role="cell" className={classes.col_duration}>
        {formatDuration(duration(row, now))}
      </div>
    </div>
  );
});

/** The group's tasks, virtualized: only the rows in view exist in the DOM. */
export const TaskGroupTable = memo(function TaskGroupTable({
  rows,
  view,
  sort,
  onSort,
  now,
  filterKey,
}: TaskGroupTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();

  return (
    <div
      role="table"
      aria-label="Tasks"
      aria-rowcount={view.length + 1}
      className={classes.table}
      data-filter={filterKey}
      data-view-count={view.length}
    >
      <div role="rowgroup">
        <div role="row" className={`${classes.row} ${classes.header}`}>
          {COLUMNS.map((c) => {
            const active = sort?.key === c.key;
            return (
              <div
                key={c.key}
                role="columnheader"
                className={classes[`col_${c.key}`]}
                aria-sort={active ? (sort!.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                {c.sortable ? (
                  <button
                    type="button"
                    onClick={() => onSort(c.key as SortKey)}
                    className={classes.sortButton}
                    aria-label={`Sort by ${c.label}`}
                  >
                    {c.label}{' '}
                    <span aria-hidden>{active ? (sort!.dir === 'asc' ? '▲' : '▼') : '⇅'}</span>
                  </button>
                ) : (
                  c.label
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div ref={scrollRef} className={classes.scroll} data-testid="task-table-scroll">
        <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[view[item.index]!]!;
            return (
              <Row key={row.taskId} row={row} index={item.index} start={item.start} now={now} />
            );
          })}
        </div>
      </div>
    </div>
  );
});
