import type { TaskState } from './types';

/** The taskId / taskGroupId pattern of the current Queue (a v4 slugid). */
export const SLUGID_PATTERN =
  /^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$/;

/** True when `id` is a well-formed taskId or taskGroupId. */
export function isValidSlugId(id: string): boolean {
  return SLUGID_PATTERN.test(id);
}

/** Every task state, in life-cycle order. */
export const TASK_STATES: readonly TaskState[] = [
  'unscheduled',
  'pending',
  'running',
  'completed',
  'failed',
  'exception',
];

/** True for states no run will leave without a rerun. */
export function isResolved(state: TaskState): boolean {
  return state === 'completed' || state === 'failed' || state === 'exception';
}
