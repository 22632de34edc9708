import { Anchor, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { paths } from '../../components/paths';
import { Icon } from '../../components/Icon';
import { QueryError } from '../../components/QueryError';
import { SignInToView } from '../../components/SignInToView';
import { countsQuery, taskQueuesQuery } from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';

/** Every worker type (task queue) of the deployment with its pending and claimed counts. */
export function ProvisionersPage() {
  const { provisionerId } = useParams();
  const queue = useQueue();
  const [filter, setFilter] = useState('');
  const list = useQuery(taskQueuesQuery(queue));
  const ids = (list.data ?? []).filter(
    (id) =>
      (!provisionerId || id.startsWith(`${provisionerId}/`)) &&
      id.toLowerCase().includes(filter.toLowerCase()),
  );
  const shown = ids.slice(0, 200);
  const counts = useQueries({ queries: shown.map((id) => countsQuery(queue, id, 15_000)) });
  const claimedRefused = counts.some((c) => c.data?.claimed === 'forbidden');
  return (
    <Stack maw={960}>
      <Title order={1} size="h2">
        {provisionerId ? `Worker types of ${provisionerId}` : 'Worker types'}
      </Title>
      <TextInput
        placeholder="Filter worker types"
        aria-label="Filter worker types"
        value={filter}
        onChange={(e) => setFilter(e.currentTarget.value)}
        maw={360}
      />
      {list.isPending && <Loader size="sm" />}
      {list.isError && (
        <QueryError error={list.error} what="worker types" onRetry={() => void list.refetch()} />
      )}
      {claimedRefused && (
        <SignInToView
          what="how many tasks are running on each worker type"
          scope="queue:claimed-count:<provisionerId>/<workerType>"
        />
      )}
      {list.isSuccess && ids.length === 0 && <Text c="dimmed">No worker type matches.</Text>}
      {shown.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Task queue</Table.Th>
              <Table.Th ta="right">Pending</Table.Th>
              <Table.Th ta="right">Claimed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((id, i) => {
              const c = counts[i];
              return (
                <Table.Tr key={id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.workerType(id)} size="sm">
                      {id}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">
                    {c?.data ? (
                      c.data.pendingTasks.toLocaleString()
                    ) : c?.isError ? (
                      '—'
                    ) : (
                      <Loader size={12} />
                    )}
                  </Table.Td>
                  <Table.Td ta="right">
                    {c?.data?.claimed === 'forbidden' ? (
                      <Text span c="dimmed" title="Sign in to view" aria-label="Sign in to view">
                        <Icon name="lock" size={12} />
                      </Text>
                    ) : (
                      (c?.data?.claimedTasks?.toLocaleString() ?? (c?.isPending ? '' : '—'))
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {ids.length > shown.length && (
        <Text size="xs" c="dimmed">
          Showing 200 of {ids.length}; filter to find the others.
        </Text>
      )}
    </Stack>
  );
}
