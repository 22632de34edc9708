import { Alert, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { TaskState } from '../../../api';
import { formatDuration } from '../../../components/format';
import { paths } from '../../../components/paths';
import { insightKey } from '../../../queries/insight/insight-client';
import type { Histogram, TimingRow, Timings } from '../../../queries/insight/timings';
import { useInsight } from '../../../queries/insight/useInsight';
import { useQueue } from '../../../queries/queue-session';
import type { GroupSnapshot } from '../../../queries/task-group/task-group-stream';
import classes from './Insight.module.css';

export interface TimingsTabProps {
  taskGroupId: string;
  stream: GroupSnapshot;
}

/** Run and waiting times of the group: percentiles, histograms, by queue and kind, slowest. */
export function TimingsTab({ taskGroupId }: TimingsTabProps) {
  const queue = useQueue();
  const state = useInsight<'timings'>({ what: 'timings', key: insightKey(queue, taskGroupId) });
  const t = state.result?.timings;
  if (state.error)
    return (
      <Alert color="red" title="Timings could not be computed" role="alert">
        {state.error}
      </Alert>
    );
  if (!t)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Computing timings…</Text>
      </Group>
    );
  return (
    <Stack gap="md" className={classes.timings} data-testid="timings" style={{ overflow: 'auto' }}>
      <Text size="sm" c="dimmed">
        {t.tasks.toLocaleString()} tasks{state.done ? '' : ' so far'} · {t.computeHours.toFixed(1)}{' '}
        compute hours · {t.retriedRuns.toLocaleString()} retried runs. Percentiles by nearest rank
        over each task's last run.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <DistributionPanel title="Run time" timings={t} kind="run" taskGroupId={taskGroupId} />
        <DistributionPanel title="Waiting time" timings={t} kind="wait" taskGroupId={taskGroupId} />
      </SimpleGrid>
      <BreakdownTable title="By task queue" rows={t.byQueue} by="queue" taskGroupId={taskGroupId} />
      <BreakdownTable title="By kind" rows={t.byKind} by="kind" taskGroupId={taskGroupId} />
      <Slowest timings={t} />
    </Stack>
  );
}

function DistributionPanel({
  title,
  timings,
  kind,
  taskGroupId,
}: {
  title: string;
  timings: Timings;
  kind: 'run' | 'wait';
  taskGroupId: string;
}) {
  const d = kind === 'run' ? timings.run : timings.wait;
  const h = kind === 'run' ? timings.runHistogram : timings.waitHistogram;
  const link = paths.groupTasks(taskGroupId, { sort: { key: 'duration', dir: 'desc' } });
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5">
        {title}
      </Title>
      <Group gap="lg" my={6} aria-label={`${title} percentiles`}>
        {(['p5', 'p50', 'p95', 'max'] as const).map((p) => (
          <Stack gap={0} key={p}>
            <Text size="xs" c="dimmed">
              {p}
            </Text>
            <Link to={link} className={classes.numLink} data-testid={`${kind}-${p}`}>
              {formatDuration(d[p])}
            </Link>
          </Stack>
        ))}
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            tasks
          </Text>
          <Link to={paths.groupTasks(taskGroupId)} className={classes.numLink}>
            {d.count.toLocaleString()}
          </Link>
        </Stack>
      </Group>
      <HistogramBars h={h} label={title} />
    </Paper>
  );
}

function HistogramBars({ h, label }: { h: Histogram; label: string }) {
  const max = Math.max(1, ...h.last.map((v, k) => v + h.retried[k]!));
  return (
    <figure style={{ margin: 0 }}>
      <div className={classes.bars} role="list" aria-label={`${label} histogram`}>
        {h.last.map((v, k) => {
          const r = h.retried[k]!;
          const range = `${formatDuration(k * h.width)}–${formatDuration((k + 1) * h.width)}`;
          return (
            <div
              key={k}
              className={classes.bar}
              role="listitem"
              title={`${range}: ${v} last runs, ${r} retried runs`}
              aria-label={`${range}: ${v} last runs, ${r} retried runs`}
            >
              <div
                style={{ height: `${(v / max) * 100}%`, background: 'var(--mantine-color-blue-6)' }}
              />
              <div
                style={{
                  height: `${(r / max) * 100}%`,
                  background: 'var(--mantine-color-orange-5)',
                }}
              />
            </div>
          );
        })}
      </div>
      <figcaption>
        <Text size="xs" c="dimmed">
          0 – {formatDuration(h.width * h.last.length)} in steps of {formatDuration(h.width)} ·{' '}
          <span style={{ color: 'var(--mantine-color-blue-6)' }}>■</span> last runs{' '}
          <span style={{ color: 'var(--mantine-color-orange-5)' }}>■</span> retried runs
        </Text>
      </figcaption>
    </figure>
  );
}

type Col = keyof TimingRow;
const COLS: { key: Col; label: string }[] = [
  { key: 'key', label: '' },
  { key: 'count', label: 'Tasks' },
  { key: 'failures', label: 'Failures' },
  { key: 'p50Run', label: 'p50 run' },
  { key: 'p95Run', label: 'p95 run' },
  { key: 'p95Wait', label: 'p95 wait' },
  { key: 'computeHours', label: 'Compute hours' },
];

function useSorted<T>(rows: T[], initial: keyof T) {
  const [sort, setSort] = useState<{ key: keyof T; dir: 1 | -1 }>({ key: initial, dir: -1 });
  const sorted = useMemo(
    () =>
      [...rows].sort((a, b) => {
        const x = a[sort.key];
        const y = b[sort.key];
        if (x === y) return 0;
        if (x == null) return 1;
        if (y == null) return -1;
        return (x < y ? -1 : 1) * sort.dir;
      }),
    [rows, sort],
  );
  const header = (key: keyof T, label: string) => (
    <Table.Th
      key={String(key)}
      aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
    >
      <button
        type="button"
        onClick={() => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : -1 }))}
      >
        {label} {sort.key === key ? (sort.dir === 1 ? '▲' : '▼') : '⇅'}
      </button>
    </Table.Th>
  );
  return { sorted, header };
}

function BreakdownTable({
  title,
  rows,
  by,
  taskGroupId,
}: {
  title: string;
  rows: TimingRow[];
  by: 'queue' | 'kind';
  taskGroupId: string;
}) {
  const { sorted, header } = useSorted(rows, 'count');
  const href = (row: TimingRow, extra: { states?: TaskState[]; sort?: boolean } = {}) =>
    paths.groupTasks(taskGroupId, {
      [by]: row.key,
      states: extra.states,
      sort: extra.sort ? { key: 'duration', dir: 'desc' } : undefined,
    });
  return (
    <section aria-label={title}>
      <Title order={2} size="h5" mb={4}>
        {title}
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table striped className={classes.table} data-testid={`timings-by-${by}`}>
          <Table.Thead>
            <Table.Tr>
              {COLS.map((c) =>
                header(c.key, c.key === 'key' ? (by === 'queue' ? 'Task queue' : 'Kind') : c.label),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>
                  <Link to={href(r)} className={classes.numLink}>
                    {r.key}
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Link to={href(r)} className={classes.numLink}>
                    {r.count.toLocaleString()}
                  </Link>
                </Table.Td>
                <Table.Td>
                  <Link
                    to={href(r, { states: ['failed', 'exception'] })}
                    className={classes.numLink}
                  >
                    {r.failures.toLocaleString()}
                  </Link>
                </Table.Td>
                {(['p50Run', 'p95Run', 'p95Wait'] as const).map((k) => (
                  <Table.Td key={k}>
                    <Link to={href(r, { sort: true })} className={classes.numLink}>
                      {formatDuration(r[k])}
                    </Link>
                  </Table.Td>
                ))}
                <Table.Td>
                  <Link to={href(r, { sort: true })} className={classes.numLink}>
                    {r.computeHours.toFixed(2)}
                  </Link>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}

function Slowest({ timings }: { timings: Timings }) {
  const { sorted, header } = useSorted(timings.slowest, 'run');
  return (
    <section aria-label="Slowest tasks">
      <Title order={2} size="h5" mb={4}>
        {timings.slowest.length} slowest tasks
      </Title>
      <Table.ScrollContainer minWidth={640}>
        <Table striped className={classes.table} data-testid="timings-slowest">
          <Table.Thead>
            <Table.Tr>
              {header('name', 'Task')}
              {header('queue', 'Task queue')}
              {header('state', 'State')}
              {header('wait', 'Waited')}
              {header('run', 'Run time')}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sorted.map((s) => (
              <Table.Tr key={s.taskId}>
                <Table.Td>
                  <Link to={paths.task(s.taskId)}>
                    <bdi>{s.name}</bdi>
                  </Link>
                </Table.Td>
                <Table.Td>{s.queue}</Table.Td>
                <Table.Td>{s.state}</Table.Td>
                <Table.Td>{formatDuration(s.wait)}</Table.Td>
                <Table.Td>
                  <Link to={paths.task(s.taskId)} className={classes.numLink}>
                    {formatDuration(s.run)}
                  </Link>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
