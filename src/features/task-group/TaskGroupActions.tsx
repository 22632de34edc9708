import { Group } from '@mantine/core';
import { useState } from 'react';
import { ConfirmButton } from '../../components/ConfirmButton';
import { intentLoader, useIntent } from '../../components/intent-loader';
import { signedOutReason, useQueueSession } from '../../queries/queue-session';

// The actions' dialogs and mutations load when the pointer or the keyboard reaches for them:
// the group's first screen shows their buttons only (they are rarely used).
const actionsCode = intentLoader(() =>
  import('./GroupActionButtons').then((m) => m.GroupActionButtons),
);

export type GroupActionName = 'priority' | 'seal' | 'cancel';

/** Why each action is unavailable now, if it is. */
export type GroupActionReasons = Record<GroupActionName, string | undefined>;

export function groupActionReasons(
  signedOut: string | undefined,
  sealed: boolean,
  unresolved: number,
): GroupActionReasons {
  return {
    priority: signedOut ?? (unresolved === 0 ? 'Every task of this group is resolved.' : undefined),
    seal: signedOut ?? (sealed ? 'This task group is already sealed.' : undefined),
    cancel:
      signedOut ??
      (!sealed ? 'Only a sealed task group can be canceled: seal it first.' : undefined),
  };
}

const LABELS: [GroupActionName, string, 'red' | undefined][] = [
  ['priority', 'Change priority', undefined],
  ['seal', 'Seal task group', undefined],
  ['cancel', 'Cancel task group', 'red'],
];

export interface TaskGroupActionsProps {
  taskGroupId: string;
  sealed: boolean;
  /** Whether this deployment has the task-group endpoints (getTaskGroup answered). */
  available: boolean;
  unresolved: number;
}

/** Change priority, Seal and Cancel of a task group: stand-in buttons until their code loads. */
export function TaskGroupActions({
  taskGroupId,
  sealed,
  available,
  unresolved,
}: TaskGroupActionsProps) {
  const session = useQueueSession();
  // Which button was pressed or focused matters here, not useIntent's own stand-in state.
  const { Loaded: GroupActionButtons } = useIntent(actionsCode);
  const [opened, setOpened] = useState<GroupActionName>();
  const [focused, setFocused] = useState<GroupActionName>();
  if (!available) return null;
  const reasons = groupActionReasons(
    signedOutReason(session, 'act on this task group'),
    sealed,
    unresolved,
  );
  if (GroupActionButtons)
    return (
      <GroupActionButtons
        taskGroupId={taskGroupId}
        unresolved={unresolved}
        reasons={reasons}
        opened={opened}
        focused={focused}
      />
    );
  const want = () => void actionsCode.preload().catch(() => undefined);
  return (
    <Group gap="xs">
      {LABELS.map(([name, label, color]) => (
        <ConfirmButton
          key={name}
          label={label}
          color={color}
          disabledReason={reasons[name]}
          onReach={want}
          onFocusChange={(has) => setFocused(has ? name : undefined)}
          onClick={() => {
            want();
            setOpened(name);
          }}
        />
      ))}
    </Group>
  );
}
