import { Group, Loader, Text } from '@mantine/core';
import { notify } from '../../components/notify';
import { useQuery } from '@tanstack/react-query';
import { isResolved, type TaskStatus } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { useNow } from '../../components/use-now';
import { queueKeys } from '../../queries/queue-queries';
import { signedOutReason, useQueue, useQueueSession } from '../../queries/queue-session';
import {
  countBlockedDependents,
  useTaskAction,
  type TaskAction,
} from '../../queries/task-mutations';

const BLOCKED_CAP = 500;

/** Counts the dependents a cancel would strand; mounted only while the dialog is open. */
function BlockedDependents({ taskId }: { taskId: string }) {
  const queue = useQueue();
  const blocked = useQuery({
    queryKey: queueKeys.blocked(taskId),
    queryFn: ({ signal }) => countBlockedDependents(queue, taskId, BLOCKED_CAP, signal),
    staleTime: 5_000,
  });
  if (blocked.isPending) {
    return (
      <Group gap="xs">
        <Loader size="xs" />
        <Text size="sm">Counting dependents…</Text>
      </Group>
    );
  }
  if (blocked.isError)
    return (
      <Text size="sm">The dependents could not be counted: {(blocked.error as Error).message}</Text>
    );
  const { direct, total, capped } = blocked.data;
  if (total === 0) return <Text size="sm">No task waits on this one to complete.</Text>;
  return (
    <Text size="sm" fw={500}>
      {capped ? `At least ${total}` : total} dependent task{total === 1 ? '' : 's'} ({direct}{' '}
      direct, {total - direct}
      {capped ? '+' : ''} transitive) will then never run, because they require all their
      dependencies to complete.
    </Text>
  );
}

const LABELS: Record<TaskAction, string> = {
  schedule: 'Schedule task',
  cancel: 'Cancel task',
  rerun: 'Rerun task',
};
const DONE: Record<TaskAction, string> = {
  schedule: 'Task scheduled',
  cancel: 'Task canceled',
  rerun: 'Task rerun',
};

function Action({
  taskId,
  action,
  signedOut,
}: {
  taskId: string;
  action: TaskAction;
  signedOut?: string;
}) {
  const mutation = useTaskAction(taskId, action);
  return (
    <ConfirmAction
      label={LABELS[action]}
      color={action === 'cancel' ? 'red' : undefined}
      disabledReason={signedOut}
      pending={mutation.isPending}
      error={mutation.error}
      onReset={mutation.reset}
      onConfirm={async () => {
        const { status, confirmedAfterFailure } = await mutation.mutateAsync();
        notify({
          color: 'green',
          title: DONE[action],
          message: `The task is now ${status.state} (run ${status.runs.length - 1}).${confirmedAfterFailure ? " The answer was lost; the task's status shows it happened." : ''}`,
        });
      }}
    >
      {action === 'schedule' && (
        <Text size="sm">
          The task becomes pending now, without waiting for its dependencies. This overrides
          whatever was going to schedule it.
        </Text>
      )}
      {action === 'rerun' && (
        <Text size="sm">
          A new run is added and the task becomes pending again; its retries are reset. Tasks that
          depended on it and have already run are not rerun. Rerunning fails past the task's
          deadline.
        </Text>
      )}
      {action === 'cancel' && (
        <>
          <Text size="sm" mb="xs">
            The task is resolved as exception/canceled. A running task's worker is told to stop.
          </Text>
          <BlockedDependents taskId={taskId} />
        </>
      )}
    </ConfirmAction>
  );
}

/**
 * The actions that apply in the task's current state. `overridden` names built-in actions that
 * yield to the group's in-tree actions of the same name.
 */
export function TaskActions({
  status,
  overridden,
}: {
  status: TaskStatus;
  overridden?: ReadonlySet<string>;
}) {
  const signedOut = signedOutReason(useQueueSession(), 'act on tasks');
  const now = useNow(30_000);
  const past = Date.parse(status.deadline) < now;
  let actions: TaskAction[] = [];
  if (status.state === 'unscheduled') actions.push('schedule');
  if (!isResolved(status.state)) actions.push('cancel');
  if (isResolved(status.state)) actions.push('rerun');
  actions = actions.filter((a) => !overridden?.has(a));
  if (past) {
    return (
      <Text size="sm" c="dimmed">
        Past its deadline: the task can no longer be changed.
      </Text>
    );
  }
  return (
    <Group gap="xs">
      {actions.map((a) => (
        <Action key={a} taskId={status.taskId} action={a} signedOut={signedOut} />
      ))}
    </Group>
  );
}
