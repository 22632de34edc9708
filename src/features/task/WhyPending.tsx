import { Alert, Anchor, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment } from 'react';
import { Link } from 'react-router';
import type { TaskDefinition, TaskStatus } from '../../api';
import { formatTime } from '../../components/format';
import { paths } from '../../components/paths';
import { SignInToView } from '../../components/SignInToView';
import { useNow } from '../../components/use-now';
import { countsQuery, scopeFor } from '../../queries/queue-queries';
import { useQueue } from '../../queries/queue-session';
import { useTaskAction } from '../../queries/task-mutations';
import {
  deadlineCountdown,
  describeChain,
  describePending,
  type Part,
} from '../../queries/triage/pending-explanation';
import {
  blockingChainQuery,
  factsOf,
  queueWorkersQuery,
  tasksAheadQuery,
} from '../../queries/triage/why-pending-queries';

export interface WhyPendingProps {
  taskId: string;
  task: TaskDefinition;
  status: TaskStatus;
}

function Sentence({ parts }: { parts: Part[] }) {
  return (
    <Text size="sm" data-testid="why-pending-chain">
      {parts.map((p, i) =>
        typeof p === 'string' ? (
          <Fragment key={i}>{p}</Fragment>
        ) : (
          <Anchor key={i} component={Link} to={paths.task(p.taskId)} size="sm">
            <bdi>{p.name}</bdi>
          </Anchor>
        ),
      )}
    </Text>
  );
}

function RerunDependency({ taskId, name }: { taskId: string; name: string }) {
  const queue = useQueue();
  const rerun = useTaskAction(taskId, 'rerun');
  return (
    <Group gap="xs">
      <Button
        size="xs"
        variant="light"
        loading={rerun.isPending}
        disabled={!queue.credentials || rerun.isSuccess}
        title={queue.credentials ? undefined : 'Sign in to rerun it'}
        onClick={() => rerun.mutate()}
      >
        Rerun {name}
      </Button>
      {rerun.isSuccess && (
        <Text size="xs" c="dimmed">
          Rerun requested: {name} is {rerun.data.status.state} again.
        </Text>
      )}
      {rerun.isError && (
        <Text size="xs" c="red" role="alert">
          {rerun.error.message}
        </Text>
      )}
      {!queue.credentials && (
        <Text size="xs" c="dimmed">
          Sign in to rerun it.
        </Text>
      )}
    </Group>
  );
}

function Unscheduled({ taskId, task, status }: WhyPendingProps) {
  const queue = useQueue();
  const client = useQueryClient();
  const now = useNow(5_000);
  const chain = useQuery(blockingChainQuery(queue, client, factsOf(taskId, task, status)));
  if (chain.isPending)
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Looking at its dependencies…</Text>
      </Group>
    );
  if (chain.isError)
    return (
      <Text size="sm" c="red">
        Its dependencies could not be read: {chain.error.message}
      </Text>
    );
  const end = chain.data.end;
  return (
    <Stack gap="xs">
      <Sentence parts={describeChain(chain.data, now)} />
      {end.kind === 'never' && (
        <RerunDependency taskId={end.failed.taskId} name={end.failed.name} />
      )}
    </Stack>
  );
}

function Pending({ taskId, task, status }: WhyPendingProps) {
  const queue = useQueue();
  const now = useNow(15_000);
  const tq = status.taskQueueId ?? `${status.provisionerId}/${status.workerType}`;
  const counts = useQuery(countsQuery(queue, tq));
  const workers = useQuery(queueWorkersQuery(queue, tq));
  const ahead = useQuery(tasksAheadQuery(queue, tq, taskId, task.priority));
  const lines = describePending(
    {
      taskQueueId: tq,
      pendingCount: counts.data?.pendingTasks,
      workers: workers.data,
      ahead: ahead.data === 'forbidden' ? 'forbidden' : ahead.data?.ahead,
      aheadAtLeast: ahead.data !== 'forbidden' && ahead.data?.atLeast,
    },
    now,
  );
  const loading = counts.isPending || workers.isPending || ahead.isPending;
  return (
    <Stack gap={6}>
      <Text size="sm">
        It waits for a worker of{' '}
        <Anchor component={Link} to={paths.workerType(tq)} size="sm">
          {tq}
        </Anchor>{' '}
        to claim it.
      </Text>
      {lines.map((l) => (
        <Text size="sm" key={l} data-testid="why-pending-line">
          {l}
        </Text>
      ))}
      {loading && <Loader size="xs" aria-label="Loading the queue's state" />}
      {workers.data === 'forbidden' && <SignInToView what="this queue's workers" />}
      {ahead.data === 'forbidden' && (
        <SignInToView what="how many tasks are ahead of it" scope={scopeFor.pendingList(tq)} />
      )}
    </Stack>
  );
}

/** "Why is this pending?": for an unscheduled or pending task, what it waits for, and its deadline. */
export function WhyPending(props: WhyPendingProps) {
  const now = useNow(1_000);
  const state = props.status.state;
  if (state !== 'unscheduled' && state !== 'pending') return null;
  const deadline = Date.parse(props.status.deadline);
  return (
    <Alert
      color={state === 'pending' ? 'blue' : 'gray'}
      variant="light"
      title={state === 'pending' ? 'Why is this pending?' : 'Why is this not scheduled?'}
      data-testid="why-pending"
      role="region"
      aria-label="Why is this pending?"
    >
      <Stack gap="xs">
        {state === 'unscheduled' ? <Unscheduled {...props} /> : <Pending {...props} />}
        <Text size="xs" c="dimmed" title={formatTime(props.status.deadline)} data-testid="deadline">
          Deadline {formatTime(props.status.deadline)}: {deadlineCountdown(deadline, now)}
          {deadline > now ? '; if it has not run by then, it resolves as deadline-exceeded.' : '.'}
        </Text>
      </Stack>
    </Alert>
  );
}
