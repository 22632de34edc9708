import { Button, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { TaskDefinition } from '../../api';
import { actionsForGroup, actionsForTask } from '../../queries/actions/actions-model';
import { actionsQuery } from '../../queries/actions/actions-queries';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import { intentLoader, useIntent } from '../intent-loader';

// The menu, its tooltips and the action dialog load when the user reaches for the button.
const menuCode = intentLoader(() => import('./ActionsMenuList').then((m) => m.ActionsMenuList));

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
  const query = useQuery(actionsQuery(queue, taskGroupId));
  const { Loaded: ActionsMenuList, pressed, focused, standIn } = useIntent(menuCode);

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
  if (!ActionsMenuList) {
    return (
      <Button variant="light" size="xs" aria-haspopup="menu" aria-expanded={false} {...standIn}>
        Actions
      </Button>
    );
  }
  return (
    <ActionsMenuList
      queue={queue}
      file={state.file}
      decisionTask={state.decisionTask}
      actions={actions}
      taskGroupId={taskGroupId}
      taskId={taskId}
      task={task}
      signedOut={clientId ? undefined : 'Sign in to run actions.'}
      defaultOpened={pressed}
      autoFocus={focused}
    />
  );
}
