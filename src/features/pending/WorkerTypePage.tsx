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
import {
  useInfiniteQuery,
  useQuery,
  type InfiniteData,
  type UseInfiniteQueryResult,
} from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { isQueueError } from '../../api';
import { formatRelative } from '../../components/format';
import { paths } from '../../components/paths';
import { QueryError } from '../../components/QueryError';
import { SignInToView } from '../../components/SignInToView';
import {
  claimedListQuery,
  countsQuery,
  pendingListQuery,
  scopeFor,
} from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';

const IDENT = /^[a-zA-Z0-9-_]{1,38}$/;

function Stat({
  label,
  value,
  color,
  loading,
  locked,
}: {
  label: string;
  value?: number;
  color: string;
  loading: boolean;
  /** Shown instead of the value when the visitor may not see it. */
  locked?: ReactNode;
}) {
  return (
    <Card withBorder>
      <Text size="xs" tt="uppercase" fw={600} c="dimmed">
        {label}
      </Text>
      {loading ? (
        <Loader size="sm" />
      ) : locked ? (
        <Stack gap="xs" mt="xs">
          {locked}
        </Stack>
      ) : (
        <Text fz={40} fw={700} c={color} data-testid={`count-${label.toLowerCase()}`}>
          {value === undefined ? '—' : value.toLocaleString()}
        </Text>
      )}
    </Card>
  );
}

interface ListedTask {
  taskId: string;
  runId: number;
  task: { metadata: { name: string }; priority: string };
}

/** A paginated list of a queue's pending or claimed tasks, with its loading, empty and error states. */
function QueueTaskList<T extends ListedTask>({
  list,
  what,
  scope,
  empty,
  columns,
}: {
  list: UseInfiniteQueryResult<InfiniteData<{ tasks: T[] }>>;
  what: string;
  /** The scope the list needs (the public role has none of them). */
  scope: string;
  empty: string;
  columns: [string, (t: T) => ReactNode][];
}) {
  if (list.isPending) return <Loader size="sm" />;
  if (list.isError) {
    if (isQueueError(list.error) && list.error.status === 403)
      return <SignInToView what={`the ${what}`} scope={scope} />;
    if (isQueueError(list.error) && list.error.status === 404) {
      return (
        <Text size="sm" c="dimmed">
          This deployment does not list {what}.
        </Text>
      );
    }
    return <QueryError error={list.error} what={what} onRetry={() => void list.refetch()} />;
  }
  const tasks = list.data.pages.flatMap((p) => p.tasks);
  if (!tasks.length) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  return (
    <Stack gap="xs">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Task</Table.Th>
            {columns.map(([label]) => (
              <Table.Th key={label}>{label}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tasks.map((t) => (
            <Table.Tr key={`${t.taskId}/${t.runId}`}>
              <Table.Td>
                <Anchor component={Link} to={paths.run(t.taskId, t.runId)} size="sm">
                  <bdi>{t.task.metadata.name}</bdi>
                </Anchor>
              </Table.Td>
              {columns.map(([label, cell]) => (
                <Table.Td key={label}>{cell(t)}</Table.Td>
              ))}
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

function PendingList({ taskQueueId }: { taskQueueId: string }) {
  const list = useInfiniteQuery(pendingListQuery(useQueue(), taskQueueId));
  return (
    <QueueTaskList
      list={list}
      what="pending tasks"
      scope={scopeFor.pendingList(taskQueueId)}
      empty="No task is waiting."
      columns={[
        ['Run', (t) => t.runId],
        ['Priority', (t) => t.task.priority],
        ['Waiting since', (t) => formatRelative(Date.parse(t.inserted))],
      ]}
    />
  );
}

function ClaimedList({ taskQueueId }: { taskQueueId: string }) {
  const list = useInfiniteQuery(claimedListQuery(useQueue(), taskQueueId));
  return (
    <QueueTaskList
      list={list}
      what="claimed tasks"
      scope={scopeFor.claimedList(taskQueueId)}
      empty="No task is running."
      columns={[
        [
          'Worker',
          (t) => (
            <Text size="sm" ff="monospace">
              {t.workerGroup}/{t.workerId}
            </Text>
          ),
        ],
        ['Claimed', (t) => formatRelative(Date.parse(t.claimed))],
      ]}
    />
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
          locked={
            counts.data?.claimed === 'forbidden' && (
              <SignInToView
                what="how many tasks are running"
                scope={scopeFor.claimedCount(taskQueueId)}
              />
            )
          }
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
