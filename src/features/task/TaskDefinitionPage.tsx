import {
  Alert,
  Anchor,
  Button,
  Code,
  CopyButton,
  Group,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { stringify } from 'yaml';
import { isValidSlugId } from '../../api';
import { paths } from '../../components/paths';
import { QueryError } from '../../components/QueryError';
import { taskQuery } from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';

/** The full task definition as JSON or YAML, with copy. */
export function TaskDefinitionPage() {
  const { taskId = '' } = useParams();
  const queue = useQueue();
  const valid = isValidSlugId(taskId);
  const task = useQuery({ ...taskQuery(queue, taskId), enabled: valid });
  const [format, setFormat] = useState<'json' | 'yaml'>('yaml');
  const text = useMemo(
    () =>
      task.data
        ? format === 'json'
          ? JSON.stringify(task.data, null, 2)
          : stringify(task.data)
        : '',
    [task.data, format],
  );
  if (!valid) {
    return (
      <Alert color="red" title="Not a valid task ID" role="alert">
        “{taskId}” is not a task ID.
      </Alert>
    );
  }
  return (
    <Stack>
      <Group justify="space-between">
        <div>
          <Title order={1} size="h3">
            Task definition
          </Title>
          <Anchor component={Link} to={paths.task(taskId)} size="sm">
            {task.data ? <bdi>{task.data.metadata.name}</bdi> : taskId}
          </Anchor>
        </div>
        <Group>
          <SegmentedControl
            value={format}
            onChange={(v) => setFormat(v as 'json' | 'yaml')}
            data={[
              { value: 'yaml', label: 'YAML' },
              { value: 'json', label: 'JSON' },
            ]}
          />
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button variant="light" onClick={copy} disabled={!text}>
                {copied ? 'Copied' : `Copy ${format.toUpperCase()}`}
              </Button>
            )}
          </CopyButton>
        </Group>
      </Group>
      {task.isError && (
        <QueryError error={task.error} what="task" onRetry={() => void task.refetch()} />
      )}
      {task.isPending ? (
        <Skeleton h={400} />
      ) : task.data ? (
        <Code
          block
          style={{ whiteSpace: 'pre', overflowX: 'auto' }}
          aria-label={`Definition as ${format}`}
        >
          {text}
        </Code>
      ) : null}
      <Text size="xs" c="dimmed">
        As returned by the Queue, with defaults filled in.
      </Text>
    </Stack>
  );
}
