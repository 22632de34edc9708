import { Button, Menu, Tooltip } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { QueueClient, TaskDefinition } from '../../api';
import type { ActionsFile, InTreeAction } from '../../queries/actions/actions-model';
import { notify } from '../notify';

const ActionDialog = lazy(() =>
  import('./ActionDialog').then((m) => ({ default: m.ActionDialog })),
);

export interface ActionsMenuListProps {
  queue: QueueClient;
  file: ActionsFile;
  decisionTask: TaskDefinition;
  actions: InTreeAction[];
  taskGroupId: string;
  taskId?: string;
  task?: TaskDefinition;
  /** Why the actions cannot run (signed out), shown beside each. */
  signedOut?: string;
  /** Open at once: the stand-in was pressed before this code arrived. */
  defaultOpened: boolean;
  /** Take the keyboard focus: the stand-in had it. */
  autoFocus: boolean;
}

/** The `Actions` button's menu and dialog; loaded when the user reaches for the button. */
export function ActionsMenuList({
  queue,
  file,
  decisionTask,
  actions,
  taskGroupId,
  taskId,
  task,
  signedOut,
  defaultOpened,
  autoFocus,
}: ActionsMenuListProps) {
  const queryClient = useQueryClient();
  const [open, setOpen] = useState<InTreeAction>();
  return (
    <>
      <Menu position="bottom-end" withinPortal defaultOpened={defaultOpened}>
        <Menu.Target>
          <Button variant="light" size="xs" autoFocus={autoFocus}>
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
            file={file}
            decisionTask={decisionTask}
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
