import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { paginate, type QueueClient, type TaskStatus, type TaskStatusResponse } from '../api';
import { ActionNotDoneError, runGuardedAction, type GuardedOutcome } from './guarded-action';
import { useQueue } from './queue-session';
import { queueKeys } from './queue-queries';

export type TaskAction = 'schedule' | 'cancel' | 'rerun';

/**
 * Schedule, cancel or rerun a task. The answer is the new status: it goes straight into the
 * cache, then everything about the task is refetched. A call that fails without a clear answer
 * is checked against the status (`guarded-action.ts`); after a retryable failure the next
 * attempt compares with the status the user first acted on, and calls only if the effect is
 * still missing, so a rerun whose answer was lost never adds a second run.
 */
export function useTaskAction(taskId: string, action: TaskAction) {
  const queue = useQueue();
  const queryClient = useQueryClient();
  const retryBaseline = useRef<TaskStatus | undefined>(undefined);
  return useMutation({
    mutationKey: ['queue', 'task', taskId, action],
    mutationFn: async (): Promise<GuardedOutcome> => {
      const retrying = retryBaseline.current;
      const before =
        retrying ??
        queryClient.getQueryData<TaskStatusResponse>(queueKeys.status(taskId))?.status ??
        (await queue.status(taskId)).status;
      try {
        const outcome = await runGuardedAction(queue, taskId, { kind: action }, before, {
          recheck: retrying !== undefined,
        });
        retryBaseline.current = undefined;
        return outcome;
      } catch (error) {
        retryBaseline.current =
          error instanceof ActionNotDoneError && error.retryable ? before : undefined;
        throw error;
      }
    },
    onSuccess: async ({ status }) => {
      queryClient.setQueryData(queueKeys.status(taskId), { status });
      await queryClient.invalidateQueries({
        queryKey: queueKeys.task(taskId),
        refetchType: 'active',
      });
    },
    // The failure may have changed the task (or the task changed meanwhile): show it as it is.
    // Not awaited: the failure shows at once, whatever the refetch meets.
    onError: () =>
      void queryClient.invalidateQueries({
        queryKey: queueKeys.task(taskId),
        refetchType: 'active',
      }),
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

/**
 * How many dependents, direct and transitive, would never run if `taskId` ended unsuccessfully:
 * unscheduled tasks that require all their dependencies to complete. Stops counting at `cap`.
 */
export async function countBlockedDependents(
  queue: QueueClient,
  taskId: string,
  cap: number,
  signal?: AbortSignal,
): Promise<{ direct: number; total: number; capped: boolean }> {
  const seen = new Set<string>();
  let direct = 0;
  const todo = [taskId];
  while (todo.length) {
    const id = todo.shift()!;
    for await (const page of paginate(queue.listDependentTasks, [id], { signal, limit: 1000 })) {
      for (const { task, status } of page.tasks) {
        if (
          task.requires !== 'all-completed' ||
          status.state !== 'unscheduled' ||
          seen.has(status.taskId)
        )
          continue;
        seen.add(status.taskId);
        if (id === taskId) direct++;
        if (seen.size >= cap) return { direct, total: seen.size, capped: true };
        todo.push(status.taskId);
      }
    }
  }
  return { direct, total: seen.size, capped: false };
}
