export { createQueueClient } from './client';
export type {
  CallOptions,
  ListOptions,
  ListWorkersOptions,
  QueueClient,
  QueueClientOptions,
  SignedUrlOptions,
} from './client';
export { QueueError, isQueueError, isAbortError, humanMessage } from './errors';
export type { QueueErrorCode } from './errors';
export type { Credentials } from './hawk';
export { paginate } from './paginate';
export { ENTRIES } from './routes';
export type { MethodName } from './routes';
export * from './types';
export { isValidSlugId, newSlugId, TASK_STATES, isResolved } from './ids';
export { createHooksClient, HOOKS_ENTRIES } from './hooks';
export type {
  HookCreationRequest,
  HookDefinition,
  HooksClient,
  LastFire,
  LastFireResult,
  TriggerHookResponse,
} from './hooks';
export { createAuthClient, AUTH_ENTRIES } from './auth';
export type { AuthClient } from './auth';
export type { AttemptReport, ClientOptions } from './caller';
