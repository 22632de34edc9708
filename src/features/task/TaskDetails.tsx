import { Anchor, Badge, Code, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { TaskDefinition, TaskStatus } from '../../api';
import { CopyId } from '../../components/CopyId';
import { Markdown } from '../../components/Markdown';
import { safeHttpUrl } from '../../components/format';
import { paths } from '../../components/paths';
import { RelativeTime } from '../../components/RelativeTime';
import { countsQuery } from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // Values are anyone's text (owner, task queue IDs up to 77 characters): they wrap inside
    // their grid cell instead of running over the next one.
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div style={{ overflowWrap: 'anywhere' }}>{children}</div>
    </div>
  );
}

function PendingCount({ taskQueueId }: { taskQueueId: string }) {
  const queue = useQueue();
  const counts = useQuery(countsQuery(queue, taskQueueId, 15_000));
  if (counts.isError) return null;
  return (
    <Badge variant="light" color="yellow" size="sm" title="Tasks now waiting for this worker type">
      {counts.data ? `${counts.data.pendingTasks.toLocaleString()} pending` : '… pending'}
    </Badge>
  );
}

/** Everything the definition and status say about a task, as text. */
export function TaskDetails({
  taskId,
  task,
  status,
}: {
  taskId: string;
  task: TaskDefinition;
  status: TaskStatus;
}) {
  const taskQueueId = task.taskQueueId ?? `${task.provisionerId}/${task.workerType}`;
  const source = safeHttpUrl(task.metadata.source);
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
        <Field label="Task ID">
          <CopyId value={taskId} label="task ID" />
        </Field>
        <Field label="Task group">
          <CopyId value={task.taskGroupId} label="task group ID">
            <Anchor
              component={Link}
              to={`/tasks/groups/${task.taskGroupId}`}
              ff="monospace"
              size="sm"
            >
              {task.taskGroupId}
            </Anchor>
          </CopyId>
        </Field>
        <Field label="Task queue">
          <Group gap="xs">
            <Anchor component={Link} to={paths.workerType(taskQueueId)} size="sm">
              {taskQueueId}
            </Anchor>
            <PendingCount taskQueueId={taskQueueId} />
          </Group>
        </Field>
        <Field label="Owner">
          <Text size="sm">{task.metadata.owner}</Text>
        </Field>
        <Field label="Source">
          {source ? (
            <Anchor
              href={source}
              target="_blank"
              rel="noopener noreferrer"
              size="sm"
              style={{ wordBreak: 'break-all' }}
            >
              {task.metadata.source}
            </Anchor>
          ) : (
            <Text size="sm" style={{ wordBreak: 'break-all' }}>
              {task.metadata.source}
            </Text>
          )}
        </Field>
        <Field label="Scheduler / project">
          <Text size="sm">
            {task.schedulerId} / {task.projectId ?? '—'}
          </Text>
        </Field>
        <Field label="Created">
          <RelativeTime time={task.created} />
        </Field>
        <Field label="Deadline">
          <RelativeTime time={status.deadline} />
        </Field>
        <Field label="Expires">
          <RelativeTime time={status.expires} />
        </Field>
        <Field label="Retries left">
          <Text size="sm">
            {status.retriesLeft} of {task.retries}
          </Text>
        </Field>
        <Field label="Priority">
          <Text size="sm">{status.priority ?? task.priority}</Text>
        </Field>
        <Field label="Requires">
          <Text size="sm">{task.requires}</Text>
        </Field>
      </SimpleGrid>
      <Field label="Description">
        {/* Real deployments write descriptions in Markdown (decision tasks link their push). */}
        <Text size="sm" component="div">
          <Markdown text={task.metadata.description || '—'} testId="task-description" />
        </Text>
      </Field>
      {Object.keys(task.tags).length > 0 && (
        <Field label="Tags">
          <Group gap={6} mt={4}>
            {Object.entries(task.tags).map(([k, v]) => (
              <Badge key={k} variant="outline" color="gray" tt="none" size="sm">
                {k}: {v}
              </Badge>
            ))}
          </Group>
        </Field>
      )}
      {task.routes.length > 0 && (
        <Field label="Routes">
          <Table>
            <Table.Tbody>
              {task.routes.map((r) => (
                <Table.Tr key={r}>
                  <Table.Td>
                    <Code>{r}</Code>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Field>
      )}
      {task.scopes.length > 0 && (
        <Field label="Scopes">
          <Stack gap={2} mt={4}>
            {task.scopes.map((s) => (
              <Code key={s}>{s}</Code>
            ))}
          </Stack>
        </Field>
      )}
    </Stack>
  );
}
