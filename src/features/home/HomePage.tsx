import {
  Alert,
  Anchor,
  Button,
  Card,
  Group,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState, useSyncExternalStore, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { isQueueError, TASK_STATES } from '../../api';
import { CompareWith } from '../../components/CompareWith';
import { formatRelative } from '../../components/format';
import {
  featuredTaskGroupsFor,
  getDashboardConfig,
  subscribeDashboardConfig,
} from '../../config/dashboard-config';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { STATE_COLORS } from '../../components/state-colors';
import { groupProbeQuery, taskQuery } from '../../queries/queue-queries';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import { clearRecent, loadRecent, type RecentItem } from '../../queries/recent-items';
import { FeaturedTaskGroups } from './FeaturedTaskGroups';
import { parseTarget } from '../../components/parse-target';

/** Looks an id up as a task and as a task group, and goes wherever it leads. */
function IdLookup({ id }: { id: string }) {
  const queue = useQueue();
  const navigate = useNavigate();
  const task = useQuery({ ...taskQuery(queue, id), retry: false });
  const group = useQuery(groupProbeQuery(queue, id));
  const taskMissing = isQueueError(task.error) && task.error.status === 404;
  const decided = (task.isSuccess || taskMissing) && group.isSuccess;
  const both = task.isSuccess && group.data?.others;
  useEffect(() => {
    if (!decided || both) return;
    if (task.isSuccess) navigate(`/tasks/${id}`);
    else if (group.data?.exists) navigate(`/tasks/groups/${id}`);
  }, [decided, both, task.isSuccess, group.data, id, navigate]);

  if (task.error && !taskMissing)
    return <QueryError error={task.error} what="task" onRetry={() => void task.refetch()} />;
  if (group.error)
    return (
      <QueryError error={group.error} what="task group" onRetry={() => void group.refetch()} />
    );
  if (!decided) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Looking up {id}…</Text>
      </Group>
    );
  }
  if (both) {
    return (
      <Alert color="blue" title="This ID is both a task and a task group">
        <Group mt="xs">
          <Button component={Link} to={`/tasks/${id}`} variant="light">
            Open task “<bdi>{task.data?.metadata.name}</bdi>”
          </Button>
          <Button component={Link} to={`/tasks/groups/${id}`} variant="light">
            Open task group
          </Button>
        </Group>
      </Alert>
    );
  }
  if (!task.isSuccess && !group.data?.exists) {
    return (
      <Alert color="red" title="Not found" role="alert">
        <Text size="sm">
          No task or task group with ID {id} exists on this deployment. It may have expired.
        </Text>
      </Alert>
    );
  }
  return null;
}

function GoToBox() {
  const navigate = useNavigate();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [lookup, setLookup] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const target = parseTarget(value);
    setLookup(undefined);
    if (target.kind === 'invalid') return setError(target.reason);
    setError(undefined);
    if (target.kind === 'path') navigate(target.path);
    else setLookup(target.id);
  };
  return (
    <Stack gap="xs">
      <form onSubmit={submit} role="search">
        <Group align="flex-start" wrap="nowrap">
          <TextInput
            aria-label="Task ID, task group ID or Taskcluster URL"
            placeholder="Task ID, task group ID or Taskcluster URL"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={error}
            style={{ flex: 1 }}
            size="md"
            autoFocus
            spellCheck={false}
          />
          <Button type="submit" size="md">
            Go
          </Button>
        </Group>
      </form>
      {lookup && <IdLookup key={lookup} id={lookup} />}
    </Stack>
  );
}

function CountsBar({ item }: { item: RecentItem }) {
  if (!item.counts) return null;
  return (
    <Group gap={6}>
      {TASK_STATES.filter((s) => item.counts?.[s]).map((s) => (
        <Text key={s} size="xs" c={`${STATE_COLORS[s]}.7`} fw={600}>
          {item.counts![s]} {s}
        </Text>
      ))}
    </Group>
  );
}

export function HomePage() {
  const { rootUrl } = useQueueSession();
  const [cleared, setCleared] = useState(0);
  // A configuration file that arrives after the first screen may add featured groups.
  useSyncExternalStore(subscribeDashboardConfig, getDashboardConfig);
  // Re-read when the deployment changes or the list is cleared.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const recent = useMemo(() => loadRecent(rootUrl), [rootUrl, cleared]);
  const groups = recent.filter((r) => r.kind === 'group');
  const tasks = recent.filter((r) => r.kind === 'task');
  return (
    <Stack maw={1100}>
      <div>
        <Title order={1} size="h2">
          Taskcluster Queue
        </Title>
        <Text c="dimmed">
          Browse task groups, inspect tasks and their runs, open artifacts and logs, watch
          worker-type backlogs.
        </Text>
      </div>
      <GoToBox />
      <FeaturedTaskGroups groups={featuredTaskGroupsFor(rootUrl)} />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            Recent task groups
          </Title>
          {groups.length === 0 ? (
            <Text size="sm" c="dimmed">
              Task groups you open appear here.
            </Text>
          ) : (
            <Table>
              <Table.Tbody>
                {groups.map((g) => (
                  <Table.Tr key={g.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/tasks/groups/${g.id}`} size="sm">
                        {g.name ? <bdi>{g.name}</bdi> : g.id}
                      </Anchor>
                      <CountsBar item={g} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {g.total?.toLocaleString()} tasks · {formatRelative(g.viewed)}
                      </Text>
                      {groups.length > 1 && <CompareWith taskGroupId={g.id} compact />}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h5" mb="xs">
            Recent tasks
          </Title>
          {tasks.length === 0 ? (
            <Text size="sm" c="dimmed">
              Tasks you open appear here.
            </Text>
          ) : (
            <Table>
              <Table.Tbody>
                {tasks.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/tasks/${t.id}`} size="sm">
                        {t.name ? <bdi>{t.name}</bdi> : t.id}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{t.state && <StateBadge state={t.state} size="xs" />}</Table.Td>
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {formatRelative(t.viewed)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Card>
      </SimpleGrid>
      {recent.length > 0 && (
        <Button
          variant="subtle"
          size="xs"
          w="fit-content"
          onClick={() => {
            clearRecent(rootUrl);
            setCleared((n) => n + 1);
          }}
        >
          Clear history
        </Button>
      )}
    </Stack>
  );
}
