import { Anchor, Text, UnstyledButton } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link } from 'react-router';
import { formatDuration, formatTime } from '../../components/format';
import { paths } from '../../components/paths';
import { StateBadge } from '../../components/StateBadge';
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

/** The group's tasks, virtualized: only the rows in view exist in the DOM. */
export function TaskGroupTable({ rows, view, sort, onSort, now }: TaskGroupTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is designed for this
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();

  return (
    <div role="table" aria-label="Tasks" aria-rowcount={view.length + 1} className={classes.table}>
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
                  <UnstyledButton
                    onClick={() => onSort(c.key as SortKey)}
                    className={classes.sortButton}
                    aria-label={`Sort by ${c.label}`}
                  >
                    {c.label}{' '}
                    <span aria-hidden>{active ? (sort!.dir === 'asc' ? '▲' : '▼') : '⇅'}</span>
                  </UnstyledButton>
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
              <div
                key={row.taskId}
                role="row"
                aria-rowindex={item.index + 2}
                data-task-row
                className={classes.row}
                style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <div role="cell" className={classes.col_name}>
                  <Anchor
                    component={Link}
                    to={paths.task(row.taskId)}
                    size="sm"
                    className={classes.ellipsis}
                    title={row.name}
                  >
                    {row.name}
                  </Anchor>
                </div>
                <div role="cell" className={classes.col_state}>
                  <StateBadge state={row.state} size="xs" />
                </div>
                <div role="cell" className={classes.col_runs}>
                  <Text size="sm">{row.runs}</Text>
                </div>
                <div role="cell" className={classes.col_queue}>
                  <Anchor
                    component={Link}
                    to={paths.workerType(row.taskQueueId)}
                    size="sm"
                    c="dimmed"
                    className={classes.ellipsis}
                  >
                    {row.taskQueueId}
                  </Anchor>
                </div>
                <div role="cell" className={classes.col_started}>
                  <Text size="sm">{row.started ? formatTime(row.started) : '—'}</Text>
                </div>
                <div role="cell" className={classes.col_resolved}>
                  <Text size="sm">{row.resolved ? formatTime(row.resolved) : '—'}</Text>
                </div>
                <div role="cell" className={classes.col_duration}>
                  <Text size="sm">{formatDuration(duration(row, now))}</Text>
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
