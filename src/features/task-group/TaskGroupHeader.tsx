import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { memo, useMemo } from 'react';
import { ActionsMenu } from '../../components/actions/ActionsMenu';
import { CompareWith } from '../../components/CompareWith';
import { CopyId } from '../../components/CopyId';
import { formatTime } from '../../components/format';
import { TaskGroupActions } from './TaskGroupActions';

export interface TaskGroupHeaderProps {
  taskGroupId: string;
  /** The decision task's name, once known. */
  name?: string;
  sealed?: string;
  expires?: string;
  /** Whether getTaskGroup answered (the group endpoints exist on this deployment). */
  available: boolean;
  unresolved: number;
}

/**
 * The group's title, IDs and actions. Memoized: a keystroke in the task search re-renders the
 * page, and this part, with its menus and dialogs, does not change with it.
 */
export const TaskGroupHeader = memo(function TaskGroupHeader({
  taskGroupId,
  name,
  sealed,
  expires,
  available,
  unresolved,
}: TaskGroupHeaderProps) {
  // The unresolved count changes with every page of a group with open tasks: only the group's
  // actions show it, so the menus beside them are not rendered again for it.
  const menus = useMemo(
    () => (
      <>
        <CompareWith taskGroupId={taskGroupId} />
        <ActionsMenu taskGroupId={taskGroupId} />
      </>
    ),
    [taskGroupId],
  );
  return (
    <Group justify="space-between" align="flex-start" wrap="wrap">
      <Stack gap={4} style={{ minWidth: 0 }}>
        {/* The decision task's name is anyone's text: a long one wraps anywhere. */}
        <Title order={1} size="h3" style={{ overflowWrap: 'anywhere' }}>
          {name !== undefined ? <bdi>{name}</bdi> : 'Task group'}
        </Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            Task group
          </Text>
          <CopyId value={taskGroupId} label="task group ID" />
          {sealed && (
            <Badge variant="outline" color="gray" title={`Sealed ${formatTime(sealed)}`}>
              sealed
            </Badge>
          )}
          {expires && (
            <Text size="xs" c="dimmed">
              expires {formatTime(expires)}
            </Text>
          )}
        </Group>
      </Stack>
      <Group gap="xs" align="center">
        {menus}
        <TaskGroupActions
          taskGroupId={taskGroupId}
          sealed={!!sealed}
          available={available}
          unresolved={unresolved}
        />
      </Group>
    </Group>
  );
});
