import { Anchor, Button, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { dependentsQuery } from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';

/** Tasks that depend on this one, a page at a time. */
export function DependentsPanel({ taskId }: { taskId: string }) {
  const queue = useQueue();
  const dependents = useInfiniteQuery(dependentsQuery(queue, taskId));
  if (dependents.isPending) return <Loader size="sm" />;
  if (dependents.isError)
    return (
      <QueryError
        error={dependents.error}
        what="dependents"
        onRetry={() => void dependents.refetch()}
      />
    );
  const tasks = dependents.data.pages.flatMap((p) => p.tasks);
  if (!tasks.length)
    return (
      <Text size="sm" c="dimmed">
        No task depends on this one.
      </Text>
    );
  return (
    <Stack gap="xs">
      <Table>
        <Table.Tbody>
          {tasks.map(({ task, status }) => (
            <Table.Tr key={status.taskId}>
              <Table.Td>
                <Anchor component={Link} to={`/tasks/${status.taskId}`} size="sm">
                  <bdi>{task.metadata.name}</bdi>
                </Anchor>
              </Table.Td>
              <Table.Td w={120}>
                <StateBadge state={status.state} size="xs" />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {dependents.hasNextPage && (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            loading={dependents.isFetchingNextPage}
            onClick={() => void dependents.fetchNextPage()}
          >
            Load more dependents
          </Button>
        </Group>
      )}
    </Stack>
  );
}
