import { Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { GroupSnapshot } from '../../../queries/task-group/task-group-stream';
import { paths } from '../../../components/paths';

export interface FailuresTabProps {
  taskGroupId: string;
  stream: GroupSnapshot;
}

/**
 * The Failures tab. Failure triage (log tails, error lines, clusters) belongs to its own module
 * here; until it lands, the tab counts the failures and links to them.
 */
export function FailuresTab({ taskGroupId, stream }: FailuresTabProps) {
  const { failed, exception } = stream.counts;
  if (failed + exception === 0) {
    return (
      <Text c="dimmed">
        {stream.done ? 'No task in this group failed.' : 'No failures so far.'}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Text>
        <Anchor component={Link} to={paths.groupTasks(taskGroupId, { states: ['failed'] })}>
          {failed.toLocaleString()} failed
        </Anchor>
        {' · '}
        <Anchor component={Link} to={paths.groupTasks(taskGroupId, { states: ['exception'] })}>
          {exception.toLocaleString()} exceptions
        </Anchor>
      </Text>
    </Stack>
  );
}
