import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';
import { Link } from 'react-router';
import type { TaskState } from '../../api';
import { formatDuration } from '../../components/format';
import { paths } from '../../components/paths';
import { StateBadge } from '../../components/StateBadge';
import type { CompareEntry, Comparison } from '../../queries/insight/compare';
import classes from './Compare.module.css';

export type SectionKind = Exclude<keyof Comparison, 'matched'>;

const ROW_PX = 36;
/** Rows shown before the section scrolls (only the rows in view exist in the DOM). */
const VISIBLE_ROWS = 12;

const COLORS: Record<SectionKind, string> = {
  newlyFailing: 'red',
  fixed: 'green',
  stillFailing: 'orange',
  onlyA: 'gray',
  onlyB: 'gray',
  slower: 'yellow',
};

export interface CompareSectionProps {
  kind: SectionKind;
  title: string;
  hint: string;
  entries: CompareEntry[];
  /** Both groups have loaded: an empty section is final. */
  final: boolean;
}

/** One section of a comparison: a heading, and its tasks in a virtualized list. */
export const CompareSection = memo(function CompareSection({
  kind,
  title,
  hint,
  entries,
  final,
}: CompareSectionProps) {
  const headingId = `compare-${kind}`;
  return (
    <Paper
      withBorder
      component="section"
      aria-labelledby={headingId}
      className={classes.section}
      data-testid={`section-${kind}`}
      data-count={entries.length}
    >
      <Group gap="xs" className={classes.sectionHead} wrap="wrap">
        <Title order={2} size="h5" id={headingId} className={classes.sectionTitle}>
          {title}
        </Title>
        <Badge color={COLORS[kind]} variant={entries.length ? 'filled' : 'light'} size="sm">
          {entries.length.toLocaleString()}
        </Badge>
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      </Group>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed" px="sm" pb="sm">
          {final ? 'None.' : 'None so far.'}
        </Text>
      ) : (
        <EntryList entries={entries} kind={kind} label={title} />
      )}
    </Paper>
  );
});

function EntryList({
  entries,
  kind,
  label,
}: {
  entries: CompareEntry[];
  kind: SectionKind;
  label: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is designed for this
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 6,
    initialRect: { width: 800, height: VISIBLE_ROWS * ROW_PX },
  });
  return (
    <div
      ref={scrollRef}
      className={classes.scroll}
      style={{ height: Math.min(entries.length, VISIBLE_ROWS) * ROW_PX }}
      tabIndex={entries.length > VISIBLE_ROWS ? 0 : undefined}
      aria-label={entries.length > VISIBLE_ROWS ? `${label}: scrollable list` : undefined}
    >
      <ul
        aria-label={label}
        className={classes.list}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((item) => (
          <EntryRow
            key={item.key}
            entry={entries[item.index]!}
            kind={kind}
            top={item.start}
            index={item.index}
            count={entries.length}
          />
        ))}
      </ul>
    </div>
  );
}

function Side({
  side,
  taskId,
  state,
  run,
  name,
}: {
  side: 'A' | 'B';
  taskId?: string;
  state?: string;
  run?: number;
  name: string;
}) {
  if (!taskId)
    return (
      <Text size="xs" c="dimmed" className={classes.side}>
        not in {side}
      </Text>
    );
  return (
    <Link
      to={paths.task(taskId)}
      className={classes.sideLink}
      aria-label={`${name} in ${side}: ${state}${run !== undefined ? `, ran ${formatDuration(run)}` : ''}`}
    >
      <span className={classes.sideLetter}>{side}</span>
      <StateBadge state={state as TaskState} size="xs" />
      <span className={classes.runTime}>{formatDuration(run)}</span>
    </Link>
  );
}

function EntryRow({
  entry,
  kind,
  top,
  index,
  count,
}: {
  entry: CompareEntry;
  kind: SectionKind;
  top: number;
  index: number;
  count: number;
}) {
  const delta =
    entry.aRun !== undefined && entry.bRun !== undefined ? entry.bRun - entry.aRun : undefined;
  return (
    <li
      className={classes.row}
      style={{ transform: `translateY(${top}px)`, height: ROW_PX }}
      aria-setsize={count}
      aria-posinset={index + 1}
      data-compare-row={entry.name}
    >
      <Text size="sm" className={classes.name} title={entry.name}>
        <bdi>{entry.name}</bdi>
      </Text>
      <Side
        side="A"
        taskId={entry.aTaskId}
        state={entry.aState}
        run={entry.aRun}
        name={entry.name}
      />
      <Side
        side="B"
        taskId={entry.bTaskId}
        state={entry.bState}
        run={entry.bRun}
        name={entry.name}
      />
      <Text
        size="xs"
        className={classes.delta}
        c={kind === 'slower' ? 'red' : 'dimmed'}
        fw={kind === 'slower' ? 600 : undefined}
      >
        {delta !== undefined && kind === 'slower'
          ? `+${formatDuration(delta)}`
          : delta !== undefined && entry.aState === entry.bState
            ? `${delta >= 0 ? '+' : '−'}${formatDuration(Math.abs(delta))}`
            : ''}
      </Text>
    </li>
  );
}
