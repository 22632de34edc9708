import { Text } from '@mantine/core';
import { ChangePriorityAction } from '../../components/ChangePriorityAction';
import { notify } from '../../components/notify';
import { useChangeTaskGroupPriority } from '../../queries/group-mutations';

/** `Change priority` of every unresolved task of a group, in one `changeTaskGroupPriority` call. */
export function GroupPriorityAction({
  taskGroupId,
  unresolved,
  disabledReason,
  defaultOpened,
  autoFocus,
}: {
  taskGroupId: string;
  unresolved: number;
  disabledReason?: string;
  defaultOpened?: boolean;
  autoFocus?: boolean;
}) {
  const mutation = useChangeTaskGroupPriority(taskGroupId);
  return (
    <ChangePriorityAction
      disabledReason={disabledReason}
      defaultOpened={defaultOpened}
      autoFocus={autoFocus}
      pending={mutation.isPending}
      error={mutation.error}
      onReset={mutation.reset}
      onConfirm={async (priority) => {
        const result = await mutation.mutateAsync(priority);
        notify({
          color: 'green',
          title: 'Group priority changed',
          message: `${result.tasksAffected} task${result.tasksAffected === 1 ? '' : 's'} now ${result.newPriority}.`,
        });
      }}
    >
      <Text size="sm">
        Every unresolved task of this group ({unresolved.toLocaleString()} now) gets the chosen
        priority; resolved tasks keep theirs. Workers claim higher-priority tasks first.
      </Text>
    </ChangePriorityAction>
  );
}
