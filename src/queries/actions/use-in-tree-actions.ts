import { useQuery } from '@tanstack/react-query';
import type { TaskDefinition } from '../../api';
import { useQueue } from '../queue-session';
import { actionsForTask, type InTreeAction } from './actions-model';
import { actionsQuery } from './actions-queries';

/** The in-tree actions that apply to a task (empty while loading or when there are none). */
export function useTaskInTreeActions(task: TaskDefinition | undefined): InTreeAction[] {
  const queue = useQueue();
  const query = useQuery({
    ...actionsQuery(queue, task?.taskGroupId ?? ''),
    enabled: !!task,
  });
  return query.data?.status === 'ready' && task ? actionsForTask(query.data.file, task.tags) : [];
}
