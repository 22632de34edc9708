import { Group, Text } from '@mantine/core';
import { notify } from '../../components/notify';
import { ConfirmAction } from '../../components/ConfirmAction';
import { signedOutReason, useQueueSession } from '../../queries/queue-session';
import { useTaskGroupAction } from '../../queries/group-mutations';
import { GroupPriorityAction } from './GroupPriorityAction';

export interface TaskGroupActionsProps {
  taskGroupId: string;
  sealed: boolean;
  /** Whether this deployment has the task-group endpoints (getTaskGroup answered). */
  available: boolean;
  unresolved: number;
}

export function TaskGroupActions({
  taskGroupId,
  sealed,
  available,
  unresolved,
}: TaskGroupActionsProps) {
  const session = useQueueSession();
  const seal = useTaskGroupAction(taskGroupId, 'seal');
  const cancel = useTaskGroupAction(taskGroupId, 'cancel');
  if (!available) return null;
  const signedOut = signedOutReason(session, 'act on this task group');
  return (
    <Group gap="xs">
      <GroupPriorityAction
        taskGroupId={taskGroupId}
        unresolved={unresolved}
        disabledReason={
          signedOut ?? (unresolved === 0 ? 'Every task of this group is resolved.' : undefined)
        }
      />
      <ConfirmAction
        label="Seal task group"
        disabledReason={signedOut ?? (sealed ? 'This task group is already sealed.' : undefined)}
        pending={seal.isPending}
        error={seal.error}
        onReset={seal.reset}
        onConfirm={async () => {
          await seal.mutateAsync();
          notify({
            color: 'green',
            title: 'Task group sealed',
            message: 'It no longer accepts new tasks.',
          });
        }}
      >
        <Text size="sm">
          Sealing stops this task group from accepting new tasks. It cannot be undone.
        </Text>
      </ConfirmAction>
      <ConfirmAction
        label="Cancel task group"
        color="red"
        disabledReason={
          signedOut ??
          (!sealed ? 'Only a sealed task group can be canceled: seal it first.' : undefined)
        }
        pending={cancel.isPending}
        error={cancel.error}
        onReset={cancel.reset}
        onConfirm={async () => {
          const result = await cancel.mutateAsync();
          if (result.kind === 'cancel') {
            notify({
              color: 'green',
              title: 'Task group canceled',
              message: `Tasks canceled: ${result.result.cancelledCount} of ${result.result.taskGroupSize}.`,
            });
          }
        }}
      >
        <Text size="sm">
          Every unresolved task of this group ({unresolved.toLocaleString()} now) is resolved as
          exception/canceled. Running tasks are stopped by their workers. Tasks that depend on them
          will not run.
        </Text>
      </ConfirmAction>
    </Group>
  );
}
