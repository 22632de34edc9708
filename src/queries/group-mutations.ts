/**
 * A task group's own actions: seal, cancel, change the priority of its unresolved tasks. Apart
 * from task-mutations.ts, so a group's page does not load what only a task's page runs
 * (retrigger templates, guarded reruns).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TaskPriority } from '../api';
import { useQueue } from './queue-session';
import { queueKeys } from './queue-queries';

/** Change the priority of every unresolved task of a group (one call). */
export function useChangeTaskGroupPriority(taskGroupId: string) {
  const queue = useQueue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['queue', 'group', taskGroupId, 'priority'],
    mutationFn: (newPriority: TaskPriority) =>
      queue.changeTaskGroupPriority(taskGroupId, { newPriority }),
    onSuccess: async (data) => {
      const changed = new Set(data.taskIds);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queueKeys.group(taskGroupId) }),
        // One pass over the cache, however many tasks changed.
        queryClient.invalidateQueries({
          queryKey: ['queue', 'task'],
          predicate: (q) => changed.has(q.queryKey[2] as string),
          refetchType: 'active',
        }),
      ]);
    },
  });
}

/** Seal or cancel a task group. */
export function useTaskGroupAction(taskGroupId: string, action: 'seal' | 'cancel') {
  const queue = useQueue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['queue', 'group', taskGroupId, action],
    mutationFn: async () =>
      action === 'seal'
        ? { kind: 'seal' as const, group: await queue.sealTaskGroup(taskGroupId) }
        : { kind: 'cancel' as const, result: await queue.cancelTaskGroup(taskGroupId) },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queueKeys.group(taskGroupId) }),
  });
}
