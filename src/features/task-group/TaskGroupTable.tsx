import {
  memo,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useSyncExternalStore,
  type MouseEvent,
  type KeyboardEvent,
} from 'react';
import { useNavigate } from 'react-router';
import { formatDuration, formatTableTime, formatTime } from '../../components/format';
import { paths } from '../../components/paths';
import {
  duration,
  type GroupRow,
  type SortDir,
  type SortKey,
} from '../../queries/task-group/group-rows';
import type { Selection } from '../../queries/bulk/selection';
import type { RowMark } from '../../queries/task-group/task-group-stream';
import { SelectAllCheckbox } from './SelectAllCheckbox';
import { useRowWindow } from './row-window';
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
  /** Row checkboxes and the header's select-all, when given. */
  selection?: Selection;
  /** Rows a revisit found new or changed since the last visit, by taskId. */
  marks?: ReadonlyMap<string, RowMark>;
}

const ROW_HEIGHT = 36;
/** Rows rendered beyond each edge of the viewport, so a fast wheel finds them in place. */
const OVERSCAN = 8;
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
 * One row. Plain elements with CSS-module classes, not Mantine components, and plain anchors, not
 * router links (the table navigates for them, see onTableClick): a keystroke in the search box
 * re-renders every visible row, and this keeps that well under a frame.
 */
const Row = memo(function Row({
  row,
  index,
  start,
  now,
  rowIndex,
  onSelect,
  selection,
  mark,
}: {
  row: GroupRow;
  index: number;
  start: number;
  now: number;
  /** The row's index in the stream's rows (the selection's key). */
  rowIndex: number;
  onSelect?: (rowIndex: number, range: boolean) => void;
  selection?: Selection;
  mark?: RowMark;
}) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      data-task-row
      data-mark={mark}
      className={classes.row}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT }}
      onKeyDown={
        onSelect
          ? (e: KeyboardEvent) => {
              // Space on the row (its links included) toggles it; the checkbox does so itself.
              if (e.key !== ' ' || (e.target as HTMLElement).tagName === 'INPUT') return;
              e.preventDefault();
              onSelect(rowIndex, e.shiftKey);
            }
          : undefined
      }
    >
      <div role="cell" className={classes.col_select}>
        {onSelect && selection && (
          <RowCheckbox selection={selection} rowIndex={rowIndex} row={row} onSelect={onSelect} />
        )}
      </div>
      <div role="cell" className={`${classes.col_name} ${mark ? classes.marked : ''}`}>
        <a
          href={paths.task(row.taskId)}
          className={`${classes.link} ${classes.ellipsis}`}
          title={row.name}
        >
          <bdi>{row.name}</bdi>
        </a>
        {mark && (
          <span
            className={classes.mark}
            data-mark={mark}
            title={mark === 'new' ? 'New since your last visit' : 'Changed since your last visit'}
          >
            {mark}
          </span>
        )}
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
        <a
          href={paths.workerType(row.taskQueueId)}
          className={`${classes.link} ${classes.dim} ${classes.ellipsis}`}
        >
          {row.taskQueueId}
        </a>
      </div>
      <div
        role="cell"
        className={classes.col_started}
        title={row.started ? formatTime(row.started) : undefined}
      >
        {row.started ? formatTableTime(row.started, now) : '—'}
      </div>
      <div
        role="cell"
        className={classes.col_resolved}
        title={row.resolved ? formatTime(row.resolved) : undefined}
      >
        {row.resolved ? formatTableTime(row.resolved, now) : '—'}
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
  selection,
  marks,
}: TaskGroupTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  // The handler reads the view through a ref, so that it stays the same function across filter
  // changes and rows whose position did not change are not rendered again.
  const viewRef = useRef(view);
  useLayoutEffect(() => {
    viewRef.current = view;
  }, [view]);
  const onSelect = useMemo(
    () =>
      selection
        ? (rowIndex: number, range: boolean) =>
            range ? selection.range(viewRef.current, rowIndex) : selection.toggle(rowIndex)
        : undefined,
    [selection],
  );
  // Rows hold plain anchors; a plain left click on one navigates inside the app, as a router link
  // would. Modified and middle clicks keep the browser's own behaviour (new tab, new window).
  const onTableClick = useCallback(
    (e: MouseEvent<HTMLDivElement>) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
        return;
      const anchor = (e.target as HTMLElement).closest('a');
      const href = anchor?.getAttribute('href');
      if (!anchor || !href?.startsWith('/') || anchor.target) return;
      e.preventDefault();
      void navigate(href);
    },
    [navigate],
  );
  const { start, end, slots } = useRowWindow(scrollRef, view.length, ROW_HEIGHT, OVERSCAN);
  const items: number[] = [];
  for (let k = start; k < end; k++) items.push(k);

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
          <div role="columnheader" className={classes.col_select}>
            {selection && <SelectAllCheckbox selection={selection} view={view} />}
          </div>
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
      {/* Delegates the anchors' own clicks (Enter on an anchor fires click too). */}
      <div
        ref={scrollRef}
        className={classes.scroll}
        data-testid="task-table-scroll"
        onClick={onTableClick}
      >
        <div role="rowgroup" style={{ height: view.length * ROW_HEIGHT, position: 'relative' }}>
          {items.map((index) => {
            const rowIndex = view[index]!;
            const row = rows[rowIndex]!;
            return (
              // Keyed by slot, not by task: a filter change or a jump refills the same row
              // elements with other tasks instead of removing and creating them all, and a row
              // keeps its slot while it stays in view.
              <Row
                key={index % slots}
                row={row}
                index={index}
                start={index * ROW_HEIGHT}
                now={now}
                rowIndex={rowIndex}
                onSelect={onSelect}
                selection={selection}
                mark={marks?.get(row.taskId)}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
});

const noop = () => undefined;

/**
 * A row's checkbox subscribes to the selection itself: selecting all re-renders these small
 * inputs, not the rows with their links. It sets the row's highlight (`data-selected`) itself.
 */
function RowCheckbox({
  selection,
  rowIndex,
  row,
  onSelect,
}: {
  selection: Selection;
  rowIndex: number;
  row: GroupRow;
  onSelect: (rowIndex: number, range: boolean) => void;
}) {
  const checked = useSyncExternalStore(selection.subscribe, () => selection.has(rowIndex));
  const ref = useRef<HTMLInputElement>(null);
  // The row's highlight: set on the row element here, so that selecting all re-renders only
  // these inputs and not the rows.
  useLayoutEffect(() => {
    ref.current?.closest('[data-task-row]')?.toggleAttribute('data-selected', checked);
  }, [checked]);
  return (
    <>
      <input
        ref={ref}
        type="checkbox"
        className={classes.check}
        checked={checked}
        aria-label={`Select ${row.name}`}
        aria-describedby={`sel-${row.taskId}`}
        // The click (also fired by Space) carries the shift key; onChange would lose it.
        onClick={(e: MouseEvent<HTMLInputElement>) => onSelect(rowIndex, e.shiftKey)}
        onChange={noop}
      />
      <span id={`sel-${row.taskId}`} hidden>
        {row.taskId}
      </span>
    </>
  );
}
