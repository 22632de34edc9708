import { Group, Text } from '@mantine/core';
import { notify } from '../../components/notify';
import { ConfirmAction } from '../../components/ConfirmAction';
import { useTaskGroupAction } from '../../queries/group-mutations';
import { GroupPriorityAction } from './GroupPriorityAction';
import type { GroupActionName, GroupActionReasons } from './TaskGroupActions';

export interface GroupActionButtonsProps {
  taskGroupId: string;
  unresolved: number;
  reasons: GroupActionReasons;
  /** The action whose stand-in was pressed before this code arrived: its dialog opens. */
  opened?: GroupActionName;
  /** The action whose stand-in had the focus: its button takes it. */
  focused?: GroupActionName;
}

/** The group's actions with their dialogs and mutations (TaskGroupActions shows them). */
export function GroupActionButtons({
  taskGroupId,
  unresolved,
  reasons,
  opened,
  focused,
}: GroupActionButtonsProps) {
  const seal = useTaskGroupAction(taskGroupId, 'seal');
  const cancel = useTaskGroupAction(taskGroupId, 'cancel');
  return (
    <Group gap="xs">
      <GroupPriorityAction
        taskGroupId={taskGroupId}
        unresolved={unresolved}
        disabledReason={reasons.priority}
        defaultOpened={opened === 'priority'}
        autoFocus={focused === 'priority'}
      />
      <ConfirmAction
        label="Seal task group"
        disabledReason={reasons.seal}
        defaultOpened={opened === 'seal'}
        autoFocus={focused === 'seal'}
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
        disabledReason={reasons.cancel}
        defaultOpened={opened === 'cancel'}
        autoFocus={focused === 'cancel'}
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
