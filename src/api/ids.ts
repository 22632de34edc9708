import type { TaskState } from './types';

/** The taskId / taskGroupId pattern of the current Queue (a v4 slugid). */
export const SLUGID_PATTERN =
  /^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$/;

/** True when `id` is a well-formed taskId or taskGroupId. */
export function isValidSlugId(id: string): boolean {
  return SLUGID_PATTERN.test(id);
}

/**
 * A new taskId: a "nice" v4 slugid (22 base64url characters of a random v4 UUID whose first bit
 * is clear, so it never starts with `-`), as `slugid.nice()` makes them. Web Crypto only.
 */
export function newSlugId(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  bytes[0] = bytes[0]! & 0x7f;
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').slice(0, 22);
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
