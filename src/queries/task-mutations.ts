import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import {
  newSlugId,
  paginate,
  type QueueClient,
  type TaskDefinition,
  type TaskDefinitionRequest,
  type TaskPriority,
  type TaskStatus,
  type TaskStatusResponse,
} from '../api';
import { ActionNotDoneError, runGuardedAction, type GuardedOutcome } from './guarded-action';
import { useQueue } from './queue-session';
import { queueKeys } from './queue-queries';
import { retriggerDefinition } from './task-templates';

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

/** A retrigger body older than this is rebuilt: the Queue refuses a `created` 15 min off. */
const RETRIGGER_REUSE_MS = 10 * 60_000;

/**
 * Retrigger a task: create a copy of it (see `retriggerDefinition`) under a new taskId. A retry
 * after a failure reuses the same taskId and body, so a first attempt that did reach the Queue
 * cannot make a second copy: the Queue accepts an identical `createTask` again.
 */
export function useRetrigger(task: TaskDefinition) {
  const queue = useQueue();
  const queryClient = useQueryClient();
  const prepared = useRef<{ taskId: string; body: TaskDefinitionRequest; at: number }>(null);
  return useMutation({
    mutationFn: async () => {
      const now = Date.now();
      if (!prepared.current || now - prepared.current.at > RETRIGGER_REUSE_MS)
        prepared.current = { taskId: newSlugId(), body: retriggerDefinition(task, now), at: now };
      const { taskId, body } = prepared.current;
      const { status } = await queue.createTask(taskId, body);
      return { taskId, status };
    },
    onSuccess: async ({ taskId, status }) => {
      prepared.current = null;
      queryClient.setQueryData(queueKeys.status(taskId), { status });
      await queryClient.invalidateQueries({ queryKey: queueKeys.group(status.taskGroupId) });
    },
  });
}

/** Create a task from a definition written by hand (`/tasks/create`). */
export function useCreateTask() {
  const queue = useQueue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, definition }: { taskId: string; definition: TaskDefinitionRequest }) =>
      queue.createTask(taskId, definition),
    onSuccess: (data) => queryClient.setQueryData(queueKeys.status(data.status.taskId), data),
  });
}

/** Change one unresolved task's priority; the answer's status goes into the cache. */
export function useChangeTaskPriority(taskId: string) {
  const queue = useQueue();
  const queryClient = useQueryClient();
  return useMutation({
    mutationKey: ['queue', 'task', taskId, 'priority'],
    // Never twice: a call whose answer was lost is checked against the status first.
    mutationFn: async (newPriority: TaskPriority): Promise<TaskStatusResponse> => {
      const before =
        queryClient.getQueryData<TaskStatusResponse>(queueKeys.status(taskId))?.status ??
        (await queue.status(taskId)).status;
      const { status } = await runGuardedAction(
        queue,
        taskId,
        { kind: 'priority', priority: newPriority },
        before,
      );
      return { status };
    },
    onSuccess: async (data) => {
      queryClient.setQueryData(queueKeys.status(taskId), data);
      // The definition carries the priority too.
      await queryClient.invalidateQueries({ queryKey: queueKeys.task(taskId) });
    },
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
