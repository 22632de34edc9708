/**
 * Request and response shapes of the Taskcluster Queue v1 API.
 *
 * Written from the 2016 Go client docs (the seed) and the current service's schemas. Fields
 * that the current API added (taskQueueId, projectId, seven-level priorities, link and object
 * artifacts) are optional so that responses from older deployments type-check too.
 * Timestamps are ISO 8601 strings; always parse them, never compare them as strings.
 */

/** A task's state: the state of its last run, or `unscheduled` when it has no runs. */
export type TaskState =
  'unscheduled' | 'pending' | 'running' | 'completed' | 'failed' | 'exception';

/** The state of one run. Only the last run can be `pending` or `running`. */
export type RunState = Exclude<TaskState, 'unscheduled'>;

/** Why a run was created. `exception` marks a run synthesised to record a cancel or deadline. */
export type ReasonCreated = 'scheduled' | 'retry' | 'task-retry' | 'rerun' | 'exception';

/** Why a run was resolved. */
export type ReasonResolved =
  | 'completed'
  | 'failed'
  | 'deadline-exceeded'
  | 'canceled'
  | 'claim-expired'
  | 'worker-shutdown'
  | 'malformed-payload'
  | 'resource-unavailable'
  | 'internal-error'
  | 'intermittent-task'
  | 'superseded';

/** Reasons a worker may give to `reportException`. */
export type ExceptionReason =
  | 'worker-shutdown'
  | 'malformed-payload'
  | 'resource-unavailable'
  | 'internal-error'
  | 'superseded'
  | 'intermittent-task';

/** Current priorities, highest first; the 2016 API had only `high` and `normal`. */
export type TaskPriority =
  'highest' | 'very-high' | 'high' | 'medium' | 'low' | 'very-low' | 'lowest' | 'normal';

/** Task priorities of the current API, highest first (claimWork hands out higher first). */
export const PRIORITIES = [
  'highest',
  'very-high',
  'high',
  'medium',
  'low',
  'very-low',
  'lowest',
] as const;

/** One run of a task (`TaskStatusStructure.runs[]`). */
export interface TaskRun {
  runId: number;
  state: RunState;
  reasonCreated: ReasonCreated;
  reasonResolved?: ReasonResolved;
  workerGroup?: string;
  workerId?: string;
  /** Claim expiry; kept after resolution. */
  takenUntil?: string;
  /** When the run became pending (or was synthesised). */
  scheduled: string;
  /** Claim time. */
  started?: string;
  resolved?: string;
}

/** A task's status structure (`TaskStatusStructure`). */
export interface TaskStatus {
  taskId: string;
  provisionerId: string;
  workerType: string;
  taskQueueId?: string;
  schedulerId: string;
  projectId?: string;
  taskGroupId: string;
  priority?: TaskPriority;
  deadline: string;
  expires: string;
  /** Automatic retries left (claim-expired, worker-shutdown, intermittent-task consume them). */
  retriesLeft: number;
  state: TaskState;
  runs: TaskRun[];
}

/** `{status}`, the answer of every call that changes a task's state. */
export interface TaskStatusResponse {
  status: TaskStatus;
}

/** Task metadata shown to humans. */
export interface TaskMetadata {
  name: string;
  description: string;
  owner: string;
  /** `https?://`, `ssh://` or `git@` URL of the task's source. */
  source: string;
}

/** A task definition as the Queue returns it (defaults filled in). */
export interface TaskDefinition {
  provisionerId: string;
  workerType: string;
  taskQueueId?: string;
  schedulerId: string;
  projectId?: string;
  taskGroupId: string;
  dependencies: string[];
  requires: 'all-completed' | 'all-resolved';
  routes: string[];
  priority: TaskPriority;
  retries: number;
  created: string;
  deadline: string;
  expires: string;
  scopes: string[];
  payload: Record<string, unknown>;
  metadata: TaskMetadata;
  tags: Record<string, string>;
  extra: Record<string, unknown>;
}

/**
 * The body of `createTask` / `defineTask`. Either `taskQueueId` or both `provisionerId`
 * and `workerType` must be given; everything with a default may be left out.
 */
export interface TaskDefinitionRequest {
  taskQueueId?: string;
  provisionerId?: string;
  workerType?: string;
  schedulerId?: string;
  projectId?: string;
  taskGroupId?: string;
  dependencies?: string[];
  requires?: 'all-completed' | 'all-resolved';
  routes?: string[];
  priority?: TaskPriority;
  retries?: number;
  created: string;
  deadline: string;
  expires?: string;
  scopes?: string[];
  payload: Record<string, unknown>;
  metadata: TaskMetadata;
  tags?: Record<string, string>;
  extra?: Record<string, unknown>;
}

/** A task and its status, as list endpoints return them. */
export interface TaskWithStatus {
  status: TaskStatus;
  task: TaskDefinition;
}

/** Options every list endpoint accepts. */
export interface PageQuery {
  /** Opaque token from the previous page; never parse it. */
  continuationToken?: string;
  /** Page size; the service caps it at 1000. */
  limit?: number;
}

/** Answer of `listTaskGroup`. */
export interface ListTaskGroupResponse {
  taskGroupId: string;
  schedulerId?: string;
  expires?: string;
  sealed?: string;
  tasks: TaskWithStatus[];
  continuationToken?: string;
}

/** Answer of `getTaskGroup`, `sealTaskGroup`. */
export interface TaskGroup {
  taskGroupId: string;
  schedulerId: string;
  expires: string;
  /** When the group was sealed; absent while it accepts new tasks. */
  sealed?: string;
}

/** Answer of `cancelTaskGroup`. */
export interface CancelTaskGroupResponse {
  taskGroupId: string;
  taskGroupSize: number;
  cancelledCount: number;
  taskIds: string[];
}

/** Answer of `listDependentTasks`. */
export interface ListDependentTasksResponse {
  taskId: string;
  tasks: TaskWithStatus[];
  continuationToken?: string;
}

/** Body of the batch `tasks` / `statuses` calls. */
export interface TaskIdsRequest {
  taskIds: string[];
}

/** Answer of the batch `tasks` call; unknown ids are left out. */
export interface TasksResponse {
  tasks: { taskId: string; task: TaskDefinition }[];
  continuationToken?: string;
}

/** Answer of the batch `statuses` call; unknown ids are left out. */
export interface StatusesResponse {
  statuses: { taskId: string; status: TaskStatus }[];
  continuationToken?: string;
}

/** Body of `changeTaskPriority` and `changeTaskGroupPriority`. */
export interface ChangeTaskPriorityRequest {
  newPriority: TaskPriority;
}

/** Answer of `changeTaskGroupPriority`: the tasks whose priority changed (unresolved ones only). */
export interface ChangeTaskGroupPriorityResponse {
  taskGroupId: string;
  schedulerId: string;
  newPriority: TaskPriority;
  tasksAffected: number;
  taskIds: string[];
}

/** Temporary credentials issued by the Queue with a claim. */
export interface TaskCredentials {
  clientId: string;
  accessToken: string;
  /** The certificate as a JSON string. */
  certificate: string;
}

/** Body of `claimWork`. */
export interface ClaimWorkRequest {
  workerGroup: string;
  workerId: string;
  /** How many tasks to claim at most, 1..32 (default 1). */
  tasks?: number;
}

/** Body of `claimTask`. */
export interface TaskClaimRequest {
  workerGroup: string;
  workerId: string;
}

/** One claimed task (an item of `claimWork`, or the answer of `claimTask`). */
export interface TaskClaim {
  status: TaskStatus;
  runId: number;
  workerGroup: string;
  workerId: string;
  /** Claim expiry. The real service sends it PostgreSQL-style (`+00:00`) here: parse it. */
  takenUntil: string;
  task: TaskDefinition;
  credentials: TaskCredentials;
}

/** Answer of `claimWork`; empty `tasks` when nothing was pending during the long-poll. */
export interface ClaimWorkResponse {
  tasks: TaskClaim[];
}

/** Answer of `reclaimTask`. */
export interface TaskReclaimResponse {
  status: TaskStatus;
  runId: number;
  workerGroup: string;
  workerId: string;
  takenUntil: string;
  credentials: TaskCredentials;
}

/** Body of `reportException`. */
export interface TaskExceptionRequest {
  reason: ExceptionReason;
}

/** Artifact storage types; `azure` is 2016-only, `link` and `object` are current-only. */
export type StorageType = 's3' | 'azure' | 'object' | 'reference' | 'link' | 'error';

/** Reasons of an `error` artifact. */
export type ErrorArtifactReason =
  | 'file-missing-on-worker'
  | 'invalid-resource-on-worker'
  | 'too-large-file-on-worker'
  | 'file-not-readable-on-worker';

/** Body of `createArtifact` for an `s3` artifact. */
export interface S3ArtifactRequest {
  storageType: 's3';
  expires: string;
  contentType: string;
  contentLength?: number;
}
/** Body of `createArtifact` for an `azure` artifact (2016 only). */
export interface AzureArtifactRequest {
  storageType: 'azure';
  expires: string;
  contentType: string;
}
/** Body of `createArtifact` for an `object` artifact. */
export interface ObjectArtifactRequest {
  storageType: 'object';
  expires: string;
  contentType: string;
  contentLength?: number;
}
/** Body of `createArtifact` for a `reference` (redirect) artifact. */
export interface RedirectArtifactRequest {
  storageType: 'reference';
  expires: string;
  url: string;
  contentType: string;
}
/** Body of `createArtifact` for a `link` artifact (points at another artifact of the run). */
export interface LinkArtifactRequest {
  storageType: 'link';
  expires: string;
  artifact: string;
  contentType?: string;
}
/** Body of `createArtifact` for an `error` artifact. */
export interface ErrorArtifactRequest {
  storageType: 'error';
  expires: string;
  reason: ErrorArtifactReason;
  message: string;
}
/** Body of `createArtifact` (`PostArtifactRequest`). */
export type PostArtifactRequest =
  | S3ArtifactRequest
  | AzureArtifactRequest
  | ObjectArtifactRequest
  | RedirectArtifactRequest
  | LinkArtifactRequest
  | ErrorArtifactRequest;

/** Answer of `createArtifact` (`PostArtifactResponse`). */
export type PostArtifactResponse =
  | { storageType: 's3'; contentType: string; expires: string; putUrl: string }
  | { storageType: 'azure'; contentType: string; expires: string; putUrl: string }
  | {
      storageType: 'object';
      name: string;
      projectId: string;
      uploadId: string;
      expires: string;
      credentials: { clientId: string; accessToken: string; certificate?: string };
    }
  | { storageType: 'reference' }
  | { storageType: 'link' }
  | { storageType: 'error' };

/** Body of `finishArtifact`. */
export interface FinishArtifactRequest {
  uploadId: string;
}

/** One artifact in a listing, or the answer of `artifactInfo`. */
export interface Artifact {
  storageType: StorageType;
  name: string;
  expires: string;
  contentType: string;
  /** Size in bytes, only when the worker reported it. */
  contentLength?: number;
}

/** Answer of `listArtifacts` / `listLatestArtifacts`. */
export interface ListArtifactsResponse {
  artifacts: Artifact[];
  continuationToken?: string;
}

/** Answer of `getArtifact` / `getLatestArtifact` outside a browser (the 303 body). */
export interface ArtifactRedirect {
  storageType: StorageType;
  url: string;
}

/** Answer of the content endpoints `artifact` / `latestArtifact` (200 JSON). */
export type ArtifactContent =
  | { storageType: 's3' | 'reference'; url: string }
  | { storageType: 'object'; name: string; credentials: TaskCredentials }
  | { storageType: 'error'; reason: string; message: string };

/** Answer of `pendingTasks`. */
export interface CountPendingTasksResponse {
  provisionerId: string;
  workerType: string;
  taskQueueId?: string;
  pendingTasks: number;
}

/** Answer of `taskQueueCounts`. */
export interface TaskQueueCountsResponse {
  provisionerId: string;
  workerType: string;
  taskQueueId: string;
  pendingTasks: number;
  claimedTasks: number;
}

/** Stability of a provisioner, worker type or task queue. */
export type Stability = 'experimental' | 'stable' | 'deprecated';

/** One task queue. */
export interface TaskQueue {
  taskQueueId: string;
  stability: Stability;
  description: string;
  expires: string;
  lastDateActive: string;
}

/** Answer of `listTaskQueues`. */
export interface ListTaskQueuesResponse {
  taskQueues: TaskQueue[];
  continuationToken?: string;
}

/** Answer of `listPendingTasks`. */
export interface ListPendingTasksResponse {
  tasks: { taskId: string; runId: number; task: TaskDefinition; inserted: string }[];
  continuationToken?: string;
}

/** Answer of `listClaimedTasks`. */
export interface ListClaimedTasksResponse {
  tasks: {
    taskId: string;
    runId: number;
    workerGroup: string;
    workerId: string;
    claimed: string;
    task: TaskDefinition;
  }[];
  continuationToken?: string;
}

/** One provisioner. */
export interface Provisioner {
  provisionerId: string;
  stability: Stability;
  description: string;
  expires: string;
  lastDateActive: string;
  actions?: unknown[];
}

/** Answer of `listProvisioners`. */
export interface ListProvisionersResponse {
  provisioners: Provisioner[];
  continuationToken?: string;
}

/** One worker type. */
export interface WorkerType {
  provisionerId: string;
  workerType: string;
  taskQueueId?: string;
  stability: Stability;
  description: string;
  expires: string;
  lastDateActive: string;
  actions?: unknown[];
}

/** Answer of `listWorkerTypes`. */
export interface ListWorkerTypesResponse {
  workerTypes: WorkerType[];
  continuationToken?: string;
}

/** One worker in a listing. */
export interface WorkerSummary {
  workerGroup: string;
  workerId: string;
  firstClaim: string;
  lastDateActive?: string;
  latestTask?: { taskId: string; runId: number };
  quarantineUntil?: string;
}

/** Answer of `listWorkers`. */
export interface ListWorkersResponse {
  workers: WorkerSummary[];
  continuationToken?: string;
}

/** Answer of `getWorker`. */
export interface Worker {
  provisionerId: string;
  workerType: string;
  taskQueueId?: string;
  workerGroup: string;
  workerId: string;
  recentTasks: { taskId: string; runId: number }[];
  expires: string;
  firstClaim: string;
  lastDateActive?: string;
  quarantineUntil?: string;
  quarantineDetails?: unknown[];
  actions?: unknown[];
}

/** Answer of `pollTaskUrls` (2016); current stand-ins answer `queues: []`. */
export interface PollTaskUrlsResponse {
  queues: { signedPollUrl: string; signedDeleteUrl: string }[];
  expires: string;
}

/** Answer of `ping`. */
export interface PingResponse {
  alive: boolean;
  uptime: number;
}
