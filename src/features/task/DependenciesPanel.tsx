import { Anchor, Loader, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { TaskDefinition } from '../../api';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { statusesQuery, taskQuery } from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';

function DependencyName({ taskId }: { taskId: string }) {
  const queue = useQueue();
  const task = useQuery({ ...taskQuery(queue, taskId), retry: false });
  return (
    <Anchor component={Link} to={`/tasks/${taskId}`} size="sm">
      {task.data ? <bdi>{task.data.metadata.name}</bdi> : taskId}
    </Anchor>
  );
}

/** The task's dependencies with their live states, and what `requires` means for them. */
export function DependenciesPanel({ task, taskId }: { task: TaskDefinition; taskId: string }) {
  const queue = useQueue();
  const deps = task.dependencies.filter((d) => d !== taskId);
  const statuses = useQuery(statusesQuery(queue, deps));
  const self = task.dependencies.includes(taskId);
  if (!task.dependencies.length)
    return (
      <Text size="sm" c="dimmed">
        No dependencies.
      </Text>
    );
  return (
    <Stack gap="xs">
      <Text size="sm">
        {task.requires === 'all-completed'
          ? 'Runs once every dependency has completed successfully.'
          : 'Runs once every dependency has resolved, whatever the outcome.'}
        {self && ' It also depends on itself, so it waits to be scheduled explicitly.'}
      </Text>
      {statuses.isError && (
        <QueryError
          error={statuses.error}
          what="dependency states"
          onRetry={() => void statuses.refetch()}
        />
      )}
      <Table>
        <Table.Tbody>
          {deps.slice(0, 200).map((id) => {
            const status = statuses.data?.get(id);
            return (
              <Table.Tr key={id}>
                <Table.Td>
                  <DependencyName taskId={id} />
                </Table.Td>
                <Table.Td w={120}>
                  {status ? (
                    <StateBadge state={status.state} size="xs" />
                  ) : statuses.isPending ? (
                    <Loader size="xs" />
                  ) : (
                    <Text size="xs" c="dimmed">
                      expired
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {deps.length > 200 && (
        <Text size="xs" c="dimmed">
          …and {deps.length - 200} more (see the definition).
        </Text>
      )}
    </Stack>
  );
}
