import { useQuery } from '@tanstack/react-query';
import type { TaskDefinition } from '../../api';
import { useQueue } from '../queue-session';
import { actionsForTask, overriddenBuiltIns } from './actions-model';
import { actionsQuery } from './actions-queries';

/**
 * Names of built-in task buttons that the group's in-tree actions replace, or `'loading'` while
 * the group's `actions.json` is still on its way (so a built-in does not show, then vanish).
 */
export function useOverriddenBuiltIns(
  task: TaskDefinition | undefined,
): ReadonlySet<string> | 'loading' {
  const queue = useQueue();
  const query = useQuery({
    ...actionsQuery(queue, task?.taskGroupId ?? ''),
    enabled: !!task,
  });
  if (!task || query.isPending) return 'loading';
  return query.data?.status === 'ready'
    ? overriddenBuiltIns(actionsForTask(query.data.file, task.tags))
    : new Set();
}
