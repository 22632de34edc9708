import { Badge, Button, Group, Paper, Progress, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { paths } from '../../components/paths';
import type { BulkItem, BulkJob, ItemState } from '../../queries/bulk/bulk-job';
import { dismissBulkJob, markBulkJobSeen } from '../../queries/bulk/bulk-jobs';
import { confirmLabel } from '../../queries/bulk/bulk-preview';
import { useQueue } from '../../queries/queue-session';
import classes from './TaskGroup.module.css';

const COLORS: Record<ItemState, string> = {
  queued: 'gray',
  'in-flight': 'blue',
  done: 'green',
  failed: 'red',
  skipped: 'gray',
};
const ORDER: Record<ItemState, number> = {
  failed: 0,
  'in-flight': 1,
  queued: 2,
  done: 3,
  skipped: 4,
};
const ITEM_HEIGHT = 28;

/** One bulk job's progress, Stop, Retry failed and results; loaded once this group has a job. */
export function BulkJobResults({ job }: { job: BulkJob }) {
  // A retry goes out with the credentials signed in now, not those the job started with.
  const queue = useQueue();
  const c = job.counts();
  const finished = c.done + c.failed;
  const calls = c.total - c.skipped;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Its outcome is on screen: the notice shown elsewhere in the app may forget it.
  const ended = !job.active;
  useEffect(() => {
    if (ended) markBulkJobSeen(job);
  }, [job, ended]);
  // Failures first: they are what needs a look.
  const items: BulkItem[] = [...job.items].sort((a, b) => ORDER[a.state] - ORDER[b.state]);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual is designed for this
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ITEM_HEIGHT,
    overscan: 6,
  });
  const title = job.wholeGroup
    ? `Change the group's priority to ${job.newPriority}`
    : confirmLabel(job.action, calls);
  return (
    <Paper
      withBorder
      p="sm"
      role="region"
      aria-label="Bulk action results"
      data-job-state={job.state}
      data-job-passes={job.passes}
    >
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Text size="sm" fw={600}>
          {title}:{' '}
          {job.state === 'starting'
            ? 'reading statuses…'
            : job.state === 'stopping'
              ? 'stopping after the calls in flight…'
              : job.state === 'stopped'
                ? 'stopped'
                : job.state === 'finished'
                  ? 'finished'
                  : 'running'}
        </Text>
        <Group gap="xs">
          <Text size="sm" data-testid="bulk-counts">
            {c.done} done · {c.failed} failed · {c.skipped} skipped
            {c.queued ? ` · ${c.queued} waiting` : ''}
          </Text>
          {job.active ? (
            <Button
              size="xs"
              variant="default"
              onClick={() => job.stop()}
              disabled={job.state === 'stopping'}
            >
              Stop
            </Button>
          ) : (
            <>
              {(c.failed > 0 || c.queued > 0) && (
                <Button size="xs" onClick={() => void job.retryFailed(queue)}>
                  {c.failed > 0 ? 'Retry failed' : 'Continue'}
                </Button>
              )}
              <Button size="xs" variant="subtle" onClick={() => dismissBulkJob(job)}>
                Dismiss
              </Button>
            </>
          )}
        </Group>
      </Group>
      <Progress
        mt={6}
        value={calls ? (finished / calls) * 100 : 100}
        aria-label="Bulk action progress"
        color={c.failed ? 'orange' : undefined}
        animated={job.active}
      />
      <div
        ref={scrollRef}
        className={classes.results}
        style={{ height: Math.min(items.length * ITEM_HEIGHT, 8 * ITEM_HEIGHT) + 2 }}
        role="list"
        aria-label="Results"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const item = items[v.index]!;
            return (
              <div
                key={item.taskId}
                role="listitem"
                className={classes.resultItem}
                style={{ transform: `translateY(${v.start}px)`, height: ITEM_HEIGHT }}
                data-result={item.state}
              >
                <Badge size="xs" variant="light" color={COLORS[item.state]} w={64}>
                  {item.state}
                </Badge>
                <Link
                  to={paths.task(item.taskId)}
                  className={`${classes.link} ${classes.ellipsis}`}
                >
                  <bdi>{item.name}</bdi>
                </Link>
                <Text
                  size="xs"
                  c={item.state === 'failed' ? 'red' : 'dimmed'}
                  truncate
                  title={item.message}
                >
                  {item.message}
                </Text>
              </div>
            );
          })}
        </div>
      </div>
    </Paper>
  );
}
