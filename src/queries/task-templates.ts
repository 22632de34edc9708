/**
 * New task definitions made from existing ones, as the Taskcluster UI makes them: a retrigger
 * (same task, new taskId, in the same group) and "edit and create" (a standalone copy to edit).
 * Pure functions of a definition and a clock.
 */
import type { TaskDefinition, TaskDefinitionRequest } from '../api';

const iso = (ms: number) => new Date(ms).toJSON();

/**
 * The body of a retrigger: the same definition (group and routes stay), without dependencies,
 * with no automatic retries, created now, with deadline and expires as far from it as before.
 * Retrying `createTask` with the same taskId and this same body is safe: the Queue accepts an
 * identical definition again.
 */
export function retriggerDefinition(task: TaskDefinition, now: number): TaskDefinitionRequest {
  return withFreshTimes({ ...structuredClone(task), dependencies: [], retries: 0 }, now);
}

/**
 * What "Edit and create" hands to `/tasks/create` (as navigation state): the definition to edit
 * and the task it was made from.
 */
export interface CreateTaskHandoff {
  definition: TaskDefinitionRequest;
  from: string;
}

/** Fields that tie a task to its group; "edit and create" drops them so the new task stands alone. */
export const TIED = [
  'taskGroupId',
  'schedulerId',
  'routes',
  'priority',
  'dependencies',
  'requires',
] as const;

/**
 * The starting point of "edit and create": the definition with refreshed timestamps, and without
 * the fields that tie it to its group. The new task is its own group, as in the Taskcluster UI.
 */
export function editableDefinition(task: TaskDefinition, now: number): TaskDefinitionRequest {
  const copy: Partial<TaskDefinition> = structuredClone(task);
  for (const key of TIED) delete copy[key];
  // taskQueueId says the same as provisionerId/workerType; keep one form only.
  if (copy.taskQueueId) {
    delete copy.provisionerId;
    delete copy.workerType;
  }
  return withFreshTimes(copy as TaskDefinitionRequest, now);
}

/** A minimal valid task for a task queue: the template of `/tasks/create` when there is no last task. */
export function exampleDefinition(taskQueueId: string, now: number): TaskDefinitionRequest {
  return {
    taskQueueId,
    created: iso(now),
    deadline: iso(now + 3 * 3600_000),
    expires: iso(now + 7 * 86400_000),
    payload: { command: ['echo', 'Hello, world'], maxRunTime: 600 },
    metadata: {
      name: 'Example task',
      description: 'A task created from the dashboard',
      owner: 'someone@example.com',
      source: 'https://example.com/',
    },
  };
}

/**
 * `created` set to now, and `deadline` and `expires` moved by the same offsets they had from
 * `created` (fields that are missing or not dates stay as they are).
 */
export function withFreshTimes<T extends { created: string; deadline: string; expires?: string }>(
  definition: T,
  now: number,
): T {
  const created = Date.parse(definition.created);
  if (Number.isNaN(created)) return definition;
  const deadline = Date.parse(definition.deadline);
  const expires = definition.expires ? Date.parse(definition.expires) : NaN;
  return {
    ...definition,
    created: iso(now),
    ...(Number.isNaN(deadline) ? {} : { deadline: iso(now + deadline - created) }),
    ...(Number.isNaN(expires) ? {} : { expires: iso(now + expires - created) }),
  };
}
