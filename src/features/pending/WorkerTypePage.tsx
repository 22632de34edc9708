import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { isQueueError } from '../../api';
import { formatRelative } from '../../components/format';
import { paths } from '../../components/paths';
import { QueryError } from '../../components/QueryError';
import { claimedListQuery, countsQuery, pendingListQuery } from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';

const IDENT = /^[a-zA-Z0-9-_]{1,38}$/;

function Stat({
  label,
  value,
  color,
  loading,
}: {
  label: string;
  value?: number;
  color: string;
  loading: boolean;
}) {
  return (
    <Card withBorder>
      <Text size="xs" tt="uppercase" fw={600} c="dimmed">
        {label}
      </Text>
      {loading ? (
        <Loader size="sm" />
      ) : (
        <Text fz={40} fw={700} c={color} data-testid={`count-${label.toLowerCase()}`}>
          {value === undefined ? '—' : value.toLocaleString()}
        </Text>
      )}
    </Card>
  );
}

function PendingList({ taskQueueId }: { taskQueueId: string }) {
  const queue = useQueue();
  const list = useInfiniteQuery(pendingListQuery(queue, taskQueueId));
  if (list.isPending) return <Loader size="sm" />;
  if (list.isError) {
    if (isQueueError(list.error) && list.error.status === 404)
      return (
        <Text size="sm" c="dimmed">
          This deployment does not list pending tasks.
        </Text>
      );
    return (
      <QueryError error={list.error} what="pending tasks" onRetry={() => void list.refetch()} />
    );
  }
  const tasks = list.data.pages.flatMap((p) => p.tasks);
  if (!tasks.length)
    return (
      <Text size="sm" c="dimmed">
        No task is waiting.
      </Text>
    );
  return (
    <Stack gap="xs">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Task</Table.Th>
            <Table.Th>Run</Table.Th>
            <Table.Th>Priority</Table.Th>
            <Table.Th>Waiting since</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((t) => (
            <Table.Tr key={`${t.taskId}/${t.runId}`}>
              <Table.Td>
                <Anchor component={Link} to={paths.task(t.taskId)} size="sm">
                  {t.task.metadata.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{t.runId}</Table.Td>
              <Table.Td>{t.task.priority}</Table.Td>
              <Table.Td>{formatRelative(Date.parse(t.inserted))}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.hasNextPage && (
        <Button
          variant="subtle"
          size="xs"
          w="fit-content"
          loading={list.isFetchingNextPage}
          onClick={() => void list.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </Stack>
  );
}

function ClaimedList({ taskQueueId }: { taskQueueId: string }) {
  const queue = useQueue();
  const list = useInfiniteQuery(claimedListQuery(queue, taskQueueId));
  if (list.isPending) return <Loader size="sm" />;
  if (list.isError) {
    if (isQueueError(list.error) && list.error.status === 404)
      return (
        <Text size="sm" c="dimmed">
          This deployment does not list claimed tasks.
        </Text>
      );
    return (
      <QueryError error={list.error} what="claimed tasks" onRetry={() => void list.refetch()} />
    );
  }
  const tasks = list.data.pages.flatMap((p) => p.tasks);
  if (!tasks.length)
    return (
      <Text size="sm" c="dimmed">
        No task is running.
      </Text>
    );
  return (
    <Table striped>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Task</Table.Th>
          <Table.Th>Worker</Table.Th>
          <Table.Th>Claimed</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {tasks.map((t) => (
          <Table.Tr key={`${t.taskId}/${t.runId}`}>
            <Table.Td>
              <Anchor component={Link} to={paths.run(t.taskId, t.runId)} size="sm">
                {t.task.metadata.name}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Text size="sm" ff="monospace">
                {t.workerGroup}/{t.workerId}
              </Text>
            </Table.Td>
            <Table.Td>{formatRelative(Date.parse(t.claimed))}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** A worker type's backlog: exact pending count, claimed count, and the tasks behind them. */
export function WorkerTypePage() {
  const { provisionerId = '', workerType = '' } = useParams();
  const queue = useQueue();
  const valid = IDENT.test(provisionerId) && IDENT.test(workerType);
  const taskQueueId = `${provisionerId}/${workerType}`;
  const counts = useQuery({ ...countsQuery(queue, taskQueueId), enabled: valid });
  if (!valid) {
    return (
      <Alert color="red" title="Not a worker type" role="alert">
        Provisioner and worker type IDs are 1 to 38 letters, digits, “-” or “_”.
      </Alert>
    );
  }
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Text size="sm" c="dimmed">
            <Anchor component={Link} to={`/provisioners/${encodeURIComponent(provisionerId)}`}>
              {provisionerId}
            </Anchor>{' '}
            / worker type
          </Text>
          <Title order={1} size="h2">
            {workerType}
          </Title>
        </div>
        <Badge variant="dot" color={counts.isFetching ? 'blue' : 'gray'}>
          {counts.dataUpdatedAt
            ? `updated ${new Date(counts.dataUpdatedAt).toLocaleTimeString()}`
            : 'loading'}{' '}
          · refreshes every 5 s
        </Badge>
      </Group>
      {counts.isError && (
        <QueryError error={counts.error} what="counts" onRetry={() => void counts.refetch()} />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Stat
          label="Pending"
          value={counts.data?.pendingTasks}
          color="yellow.7"
          loading={counts.isPending}
        />
        <Stat
          label="Claimed"
          value={counts.data?.claimedTasks}
          color="blue.7"
          loading={counts.isPending}
        />
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          Pending tasks
        </Title>
        <PendingList taskQueueId={taskQueueId} />
      </Card>
      <Card withBorder>
        <Title order={2} size="h5" mb="xs">
          Claimed tasks
        </Title>
        <ClaimedList taskQueueId={taskQueueId} />
      </Card>
    </Stack>
  );
}
