import { Anchor, Group, List, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import type { TaskDefinition } from '../../api';
import { ConfirmAction } from '../../components/ConfirmAction';
import { notify } from '../../components/notify';
import { paths } from '../../components/paths';
import { useRetrigger } from '../../queries/task-mutations';

/** `Retrigger`: a copy of the task in the same group, then a link to the copy. */
export function RetriggerAction({
  task,
  disabledReason,
}: {
  task: TaskDefinition;
  disabledReason?: string;
}) {
  const retrigger = useRetrigger(task);
  const [created, setCreated] = useState<string>();
  return (
    <Group gap="xs" wrap="nowrap">
      <ConfirmAction
        label="Retrigger"
        disabledReason={disabledReason}
        pending={retrigger.isPending}
        error={retrigger.error}
        onReset={retrigger.reset}
        onConfirm={async () => {
          const { taskId, status } = await retrigger.mutateAsync();
          setCreated(taskId);
          notify({
            color: 'green',
            title: 'Task retriggered',
            message: `The copy ${taskId} is ${status.state}.`,
          });
        }}
      >
        <Text size="sm" mb="xs">
          A new task is created in the same group with the same definition, except:
        </Text>
        <List size="sm" spacing={2}>
          <List.Item>a new task ID;</List.Item>
          <List.Item>no dependencies, so it is scheduled at once;</List.Item>
          <List.Item>no automatic retries;</List.Item>
          <List.Item>
            created now, with its deadline and expiry as far ahead as the original&apos;s were.
          </List.Item>
        </List>
        <Text size="sm" mt="xs">
          Routes are kept, so indexes and notifications fire for the copy too. The original task is
          not changed.
        </Text>
      </ConfirmAction>
      {created && (
        <Text size="sm" role="status">
          Retriggered as{' '}
          <Anchor component={Link} to={paths.task(created)} ff="monospace">
            {created}
          </Anchor>
        </Text>
      )}
    </Group>
  );
}
