import { Button, Menu, Text, Tooltip } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { TaskDefinition } from '../../api';
import {
  actionsForGroup,
  actionsForTask,
  type InTreeAction,
} from '../../queries/actions/actions-model';
import { actionsQuery } from '../../queries/actions/actions-queries';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import { notify } from '../notify';

const ActionDialog = lazy(() =>
  import('./ActionDialog').then((m) => ({ default: m.ActionDialog })),
);

/**
 * The `Actions` menu of a task page (`task` given: actions whose context matches its tags) or a
 * group page (no `task`: actions with an empty context), from the decision task's
 * `public/actions.json`. Without usable actions it shows one line saying why.
 */
export function ActionsMenu({
  taskGroupId,
  taskId,
  task,
}: {
  taskGroupId: string;
  taskId?: string;
  task?: TaskDefinition;
}) {
  const queue = useQueue();
  const { clientId } = useQueueSession();
  const queryClient = useQueryClient();
  const query = useQuery(actionsQuery(queue, taskGroupId));
  const [open, setOpen] = useState<InTreeAction>();

  if (query.isPending) return null;
  if (query.isError) {
    return (
      <Text size="xs" c="dimmed" data-testid="actions-reason">
        Actions unavailable: {(query.error as Error).message}
      </Text>
    );
  }
  const state = query.data;
  if (state.status === 'none') {
    return (
      <Text size="xs" c="dimmed" data-testid="actions-reason">
        {state.reason}
      </Text>
    );
  }
  const actions = task ? actionsForTask(state.file, task.tags) : actionsForGroup(state.file);
  if (!actions.length) return null;
  const signedOut = clientId ? undefined : 'Sign in to run actions.';

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="light" size="xs">
            Actions
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {actions.map((action, i) => (
            <Tooltip key={i} label={signedOut} disabled={!signedOut} position="left">
              <div>
                <Menu.Item disabled={!!signedOut} onClick={() => setOpen(action)}>
                  {action.title}
                </Menu.Item>
              </div>
            </Tooltip>
          ))}
        </Menu.Dropdown>
      </Menu>
      {open && (
        <Suspense fallback={null}>
          <ActionDialog
            queue={queue}
            file={state.file}
            decisionTask={state.decisionTask}
            action={open}
            target={{ taskGroupId, taskId: taskId ?? null, task: task ?? null }}
            onClose={() => setOpen(undefined)}
            onDone={(result) => {
              void queryClient.invalidateQueries({ queryKey: ['queue'] });
              notify({
                color: 'green',
                title: open.title,
                message:
                  'taskId' in result
                    ? `Created task ${result.taskId}.`
                    : 'The hook declined: no task was created.',
              });
            }}
          />
        </Suspense>
      )}
    </>
  );
}
