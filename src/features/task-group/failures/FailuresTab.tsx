import { Alert, Anchor, Group, Loader, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { paths } from '../../../components/paths';
import { insightKey } from '../../../queries/insight/insight-client';
import { useInsight } from '../../../queries/insight/useInsight';
import { useQueue } from '../../../queries/queue-session';
import type { GroupSnapshot } from '../../../queries/task-group/task-group-stream';
import { useTriage } from '../../../queries/triage/useTriage';
import { ClusterList } from './ClusterList';
import { ExceptionsPanel } from './ExceptionsPanel';
import { TriageProgressBar } from './TriageProgressBar';
import classes from './Failures.module.css';

export interface FailuresTabProps {
  taskGroupId: string;
  stream: GroupSnapshot;
  /** Makes these tasks the group's selection and shows them on the Tasks tab. */
  onSelectTasks?: (taskIds: string[]) => void;
}

/**
 * The Failures tab: exceptions by reason, and the failed tasks clustered by the first error line
 * of their logs' tails. The summary comes from the insight worker, the triage from its own
 * worker; neither runs on the main thread.
 */
export function FailuresTab({ taskGroupId, stream, onSelectTasks }: FailuresTabProps) {
  const queue = useQueue();
  const insight = useInsight<'failures'>({ what: 'failures', key: insightKey(queue, taskGroupId) });
  const summary = insight.result?.summary;
  // Start once the first walk is over, so that a loading group does not restart it each page.
  const triage = useTriage(queue, summary && insight.done ? summary.failed : undefined);

  if (insight.error)
    return (
      <Alert color="red" title="Failures could not be computed" role="alert">
        {insight.error}
      </Alert>
    );
  if (!summary)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Looking for failures…</Text>
      </Group>
    );
  if (!summary.failed.length && !summary.exceptions.length)
    return (
      <Text c="dimmed" data-testid="no-failures">
        {stream.done ? 'No task in this group failed.' : 'No failures so far.'}
      </Text>
    );
  const progress = triage.progress;
  return (
    <Stack gap="md" className={classes.tab} data-testid="failures">
      {summary.exceptions.length > 0 && (
        <ExceptionsPanel taskGroupId={taskGroupId} groups={summary.exceptions} />
      )}
      <Stack gap="xs" component="section" aria-label="Failed tasks">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600}>
            <Anchor component={Link} to={paths.groupTasks(taskGroupId, { states: ['failed'] })}>
              {summary.failed.length.toLocaleString()} failed task
              {summary.failed.length === 1 ? '' : 's'}
            </Anchor>
            {summary.failed.length > 0 && ', clustered by the first error line of their logs'}
          </Text>
        </Group>
        {summary.failed.length > 0 && (
          <TriageProgressBar state={triage} total={summary.failed.length} waiting={!insight.done} />
        )}
        {progress && progress.forbidden > 0 && (
          <Alert color="yellow" title="Some logs are not public" data-testid="logs-forbidden">
            {progress.forbidden.toLocaleString()} log{progress.forbidden === 1 ? '' : 's'} could not
            be read.{' '}
            {queue.credentials
              ? `Your identity (${queue.credentials.clientId}) lacks the scope to read them.`
              : 'Signing in would show them.'}
          </Alert>
        )}
        {progress && (
          <ClusterList
            clusters={progress.clusters}
            unclassified={progress.unclassified}
            onSelect={onSelectTasks}
          />
        )}
        {progress && progress.errors.length > 0 && (
          <Text size="xs" c="dimmed">
            Some logs could not be read: {progress.errors.join('; ')}
          </Text>
        )}
      </Stack>
    </Stack>
  );
}
