import { Button, Group, Loader, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { TaskDefinition, TaskPriority, TaskStatus } from '../../api';
import { ChangePriorityAction } from '../../components/ChangePriorityAction';
import { ConfirmAction } from '../../components/ConfirmAction';
import { notify } from '../../components/notify';
import { paths } from '../../components/paths';
import { useNow } from '../../components/use-now';
import { queueKeys } from '../../queries/queue-queries';
import { signedOutReason, useQueue, useQueueSession } from '../../queries/queue-session';
import {
  countBlockedDependents,
  useChangeTaskPriority,
  useTaskAction,
  type TaskAction,
} from '../../queries/task-mutations';
import { editableDefinition, type CreateTaskHandoff } from '../../queries/task-templates';
import { builtInTaskActions } from './built-in-actions';
import { RetriggerAction } from './RetriggerAction';

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

/** `Change priority` of one unresolved task. */
function ChangeTaskPriority({
  taskId,
  current,
  signedOut,
}: {
  taskId: string;
  current?: TaskPriority;
  signedOut?: string;
}) {
  const mutation = useChangeTaskPriority(taskId);
  return (
    <ChangePriorityAction
      current={current}
      disabledReason={signedOut}
      pending={mutation.isPending}
      error={mutation.error}
      onReset={mutation.reset}
      onConfirm={async (priority) => {
        const { status } = await mutation.mutateAsync(priority);
        notify({
          color: 'green',
          title: 'Priority changed',
          message: `The task's priority is now ${status.priority ?? priority}.`,
        });
      }}
    >
      <Text size="sm">
        Workers claim higher-priority tasks of their task queue first. Only the priority of this
        task changes; tasks already claimed keep running.
      </Text>
    </ChangePriorityAction>
  );
}

/**
 * The actions that apply in the task's current state: built-in buttons, minus those named in
 * `overridden` (they yield to the group's in-tree actions of the same name). Retrigger and
 * "Edit and create" need the definition and appear once it is loaded.
 */
export function TaskActions({
  status,
  task,
  overridden,
}: {
  status: TaskStatus;
  task?: TaskDefinition;
  overridden?: ReadonlySet<string> | 'loading';
}) {
  const signedOut = signedOutReason(useQueueSession(), 'act on tasks');
  const navigate = useNavigate();
  const now = useNow(30_000);
  const actions = builtInTaskActions({
    state: status.state,
    deadline: status.deadline,
    now,
    overridden,
  });
  const past = Date.parse(status.deadline) < now;
  return (
    <Group gap="xs">
      {past && (
        <Text size="sm" c="dimmed">
          Past its deadline: the task can no longer be changed.
        </Text>
      )}
      {actions.map((a) => {
        switch (a) {
          case 'schedule':
          case 'cancel':
          case 'rerun':
            return <Action key={a} taskId={status.taskId} action={a} signedOut={signedOut} />;
          case 'change-priority':
            return (
              <ChangeTaskPriority
                key={a}
                taskId={status.taskId}
                current={status.priority ?? task?.priority}
                signedOut={signedOut}
              />
            );
          case 'retrigger':
            return task ? <RetriggerAction key={a} task={task} disabledReason={signedOut} /> : null;
          case 'edit-and-create':
            return task ? (
              <Button
                key={a}
                variant="light"
                onClick={() => {
                  const handoff: CreateTaskHandoff = {
                    definition: editableDefinition(task, Date.now()),
                    from: status.taskId,
                  };
                  void navigate(paths.createTask, { state: handoff });
                }}
              >
                Edit and create
              </Button>
            ) : null;
        }
      })}
    </Group>
  );
}
