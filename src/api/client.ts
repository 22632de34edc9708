import {
  bindMethods,
  createCaller,
  type CallOptions,
  type ClientOptions,
  type SignedUrlOptions,
} from './caller';
import type { Credentials } from './hawk';
import { ENTRIES, type MethodName } from './routes';
import type * as T from './types';

export type { CallOptions, SignedUrlOptions };

/** Options of list methods: paging plus per-call settings. */
export type ListOptions = CallOptions & T.PageQuery;

/** Options of {@link QueueClient.listWorkers}. */
export type ListWorkersOptions = ListOptions & { quarantined?: boolean };

/** Options of {@link createQueueClient}. */
export type QueueClientOptions = ClientOptions;

type Run = [taskId: string, runId: number | string];
type Art = [taskId: string, runId: number | string, name: string];

/**
 * A typed Taskcluster Queue client. Route parameters come first in route order, then the
 * payload, then an options object with query parameters and per-call settings — as in the
 * official `taskcluster-client`.
 */
export interface QueueClient {
  readonly rootUrl: string;
  readonly credentials?: Credentials;
  /** Current estimate of server time minus local time, in ms (learnt from stale-timestamp errors). */
  readonly clockOffsetMs: number;

  /** `GET /ping`: is the service alive. */
  ping(options?: CallOptions): Promise<T.PingResponse>;
  /** `GET /task/<taskId>`: the task definition. */
  task(taskId: string, options?: CallOptions): Promise<T.TaskDefinition>;
  /** `GET /task/<taskId>/status`: the task's status and runs. */
  status(taskId: string, options?: CallOptions): Promise<T.TaskStatusResponse>;
  /** `POST /tasks`: several definitions at once; unknown ids are left out. */
  tasks(payload: T.TaskIdsRequest, options?: ListOptions): Promise<T.TasksResponse>;
  /** `POST /tasks/status`: several statuses at once; unknown ids are left out. */
  statuses(payload: T.TaskIdsRequest, options?: ListOptions): Promise<T.StatusesResponse>;
  /** `GET /task-group/<taskGroupId>/list`: one page of a group's tasks with their statuses. */
  listTaskGroup(taskGroupId: string, options?: ListOptions): Promise<T.ListTaskGroupResponse>;
  /** `GET /task-group/<taskGroupId>`: group metadata (sealed, expires). */
  getTaskGroup(taskGroupId: string, options?: CallOptions): Promise<T.TaskGroup>;
  /** `POST /task-group/<taskGroupId>/seal`: stop the group accepting tasks. */
  sealTaskGroup(taskGroupId: string, options?: CallOptions): Promise<T.TaskGroup>;
  /** `POST /task-group/<taskGroupId>/cancel`: cancel every unresolved task of a sealed group. */
  cancelTaskGroup(taskGroupId: string, options?: CallOptions): Promise<T.CancelTaskGroupResponse>;
  /** `GET /task/<taskId>/dependents`: tasks that depend on this one. */
  listDependentTasks(taskId: string, options?: ListOptions): Promise<T.ListDependentTasksResponse>;
  /** `PUT /task/<taskId>`: create a task (idempotent for an identical definition). */
  createTask(
    taskId: string,
    payload: T.TaskDefinitionRequest,
    options?: CallOptions,
  ): Promise<T.TaskStatusResponse>;
  /** `POST /task/<taskId>/define` (2016, deprecated): create a task that stays unscheduled. */
  defineTask(
    taskId: string,
    payload: T.TaskDefinitionRequest,
    options?: CallOptions,
  ): Promise<T.TaskStatusResponse>;
  /**
   * `POST /task/<taskId>/schedule`: schedule an unscheduled task, ignoring its dependencies.
   * Like every state-changing call below, never retried by the client: read the status first.
   */
  scheduleTask(taskId: string, options?: CallOptions): Promise<T.TaskStatusResponse>;
  /** `POST /task/<taskId>/rerun`: add a new run to a resolved task. */
  rerunTask(taskId: string, options?: CallOptions): Promise<T.TaskStatusResponse>;
  /** `POST /task/<taskId>/cancel`: resolve an unresolved task as `exception/canceled`. */
  cancelTask(taskId: string, options?: CallOptions): Promise<T.TaskStatusResponse>;
  /** `POST /task/<taskId>/priority`: change an unresolved task's priority (409 once resolved). */
  changeTaskPriority(
    taskId: string,
    payload: T.ChangeTaskPriorityRequest,
    options?: CallOptions,
  ): Promise<T.TaskStatusResponse>;
  /**
   * `POST /task-group/<taskGroupId>/priority`: change the priority of every unresolved task of a
   * group whose priority differs; answers the tasks it changed.
   */
  changeTaskGroupPriority(
    taskGroupId: string,
    payload: T.ChangeTaskPriorityRequest,
    options?: CallOptions,
  ): Promise<T.ChangeTaskGroupPriorityResponse>;
  /** `GET /poll-task-url/<provisionerId>/<workerType>` (2016): polling URLs; may be empty. */
  pollTaskUrls(
    provisionerId: string,
    workerType: string,
    options?: CallOptions,
  ): Promise<T.PollTaskUrlsResponse>;
  /** `POST /claim-work/<taskQueueId>`: long-poll (≤ 20 s) for up to `tasks` tasks. Never retried after a timeout. */
  claimWork(
    taskQueueId: string,
    payload: T.ClaimWorkRequest,
    options?: CallOptions,
  ): Promise<T.ClaimWorkResponse>;
  /** `POST /task/<taskId>/runs/<runId>/claim` (deprecated): claim one pending run. */
  claimTask(
    ...args: [...Run, payload: T.TaskClaimRequest, options?: CallOptions]
  ): Promise<T.TaskClaim>;
  /** `POST /task/<taskId>/runs/<runId>/reclaim`: extend a claim. */
  reclaimTask(...args: [...Run, options?: CallOptions]): Promise<T.TaskReclaimResponse>;
  /** `POST /task/<taskId>/runs/<runId>/completed`: resolve a run as completed. */
  reportCompleted(...args: [...Run, options?: CallOptions]): Promise<T.TaskStatusResponse>;
  /** `POST /task/<taskId>/runs/<runId>/failed`: resolve a run as failed. */
  reportFailed(...args: [...Run, options?: CallOptions]): Promise<T.TaskStatusResponse>;
  /** `POST /task/<taskId>/runs/<runId>/exception`: resolve a run as exception (some reasons retry). */
  reportException(
    ...args: [...Run, payload: T.TaskExceptionRequest, options?: CallOptions]
  ): Promise<T.TaskStatusResponse>;
  /** `POST /task/<taskId>/runs/<runId>/artifacts/<name>`: declare an artifact. */
  createArtifact(
    ...args: [...Art, payload: T.PostArtifactRequest, options?: CallOptions]
  ): Promise<T.PostArtifactResponse>;
  /** `PUT /task/<taskId>/runs/<runId>/artifacts/<name>`: finish an `object` artifact upload. */
  finishArtifact(
    ...args: [...Art, payload: T.FinishArtifactRequest, options?: CallOptions]
  ): Promise<void>;
  /**
   * `GET /task/<taskId>/runs/<runId>/artifacts/<name>`: the 303 body `{storageType, url}`.
   * Browsers cannot see a 303 from script: there, use {@link QueueClient.artifact} or a signed URL.
   */
  getArtifact(...args: [...Art, options?: CallOptions]): Promise<T.ArtifactRedirect>;
  /** `GET /task/<taskId>/artifacts/<name>`: as getArtifact, for the latest run. */
  getLatestArtifact(
    taskId: string,
    name: string,
    options?: CallOptions,
  ): Promise<T.ArtifactRedirect>;
  /** `GET /task/<taskId>/runs/<runId>/artifacts`: one page of a run's artifacts. */
  listArtifacts(...args: [...Run, options?: ListOptions]): Promise<T.ListArtifactsResponse>;
  /** `GET /task/<taskId>/artifacts`: one page of the latest run's artifacts. */
  listLatestArtifacts(taskId: string, options?: ListOptions): Promise<T.ListArtifactsResponse>;
  /** `GET /task/<taskId>/runs/<runId>/artifact-info/<name>`: metadata of one artifact (links not followed). */
  artifactInfo(...args: [...Art, options?: CallOptions]): Promise<T.Artifact>;
  /** `GET /task/<taskId>/artifact-info/<name>`: as artifactInfo, for the latest run. */
  latestArtifactInfo(taskId: string, name: string, options?: CallOptions): Promise<T.Artifact>;
  /** `GET /task/<taskId>/runs/<runId>/artifact-content/<name>`: where the content is, as 200 JSON. */
  artifact(...args: [...Art, options?: CallOptions]): Promise<T.ArtifactContent>;
  /** `GET /task/<taskId>/artifact-content/<name>`: as artifact, for the latest run. */
  latestArtifact(taskId: string, name: string, options?: CallOptions): Promise<T.ArtifactContent>;
  /** `GET /pending/<taskQueueId>`: exact number of pending tasks. */
  pendingTasks(taskQueueId: string, options?: CallOptions): Promise<T.CountPendingTasksResponse>;
  /** `GET /task-queues/<taskQueueId>/counts`: pending and claimed counts. */
  taskQueueCounts(taskQueueId: string, options?: CallOptions): Promise<T.TaskQueueCountsResponse>;
  /** `GET /task-queues`: known task queues. */
  listTaskQueues(options?: ListOptions): Promise<T.ListTaskQueuesResponse>;
  /** `GET /task-queues/<taskQueueId>`: one task queue. */
  getTaskQueue(taskQueueId: string, options?: CallOptions): Promise<T.TaskQueue>;
  /** `GET /task-queues/<taskQueueId>/pending`: pending tasks in insertion order. */
  listPendingTasks(taskQueueId: string, options?: ListOptions): Promise<T.ListPendingTasksResponse>;
  /** `GET /task-queues/<taskQueueId>/claimed`: claimed tasks, oldest claim first. */
  listClaimedTasks(taskQueueId: string, options?: ListOptions): Promise<T.ListClaimedTasksResponse>;
  /** `GET /provisioners` (deprecated). */
  listProvisioners(options?: ListOptions): Promise<T.ListProvisionersResponse>;
  /** `GET /provisioners/<provisionerId>` (deprecated). */
  getProvisioner(provisionerId: string, options?: CallOptions): Promise<T.Provisioner>;
  /** `GET /provisioners/<provisionerId>/worker-types` (deprecated). */
  listWorkerTypes(provisionerId: string, options?: ListOptions): Promise<T.ListWorkerTypesResponse>;
  /** `GET /provisioners/<provisionerId>/worker-types/<workerType>` (deprecated). */
  getWorkerType(
    provisionerId: string,
    workerType: string,
    options?: CallOptions,
  ): Promise<T.WorkerType>;
  /** `GET …/worker-types/<workerType>/workers` (deprecated). */
  listWorkers(
    provisionerId: string,
    workerType: string,
    options?: ListWorkersOptions,
  ): Promise<T.ListWorkersResponse>;
  /** `GET …/workers/<workerGroup>/<workerId>` (deprecated). */
  getWorker(
    provisionerId: string,
    workerType: string,
    workerGroup: string,
    workerId: string,
    options?: CallOptions,
  ): Promise<T.Worker>;

  /**
   * The answer of a method as JSON text, unparsed: for callers that parse elsewhere or need the
   * continuation token before the whole page is parsed. Same signing, retries and errors.
   */
  requestText(method: MethodName, ...args: unknown[]): Promise<string>;
  /** Unsigned URL of a GET method, for links to public resources. */
  buildUrl(method: MethodName, ...args: (string | number)[]): string;
  /** Bewit-signed URL of a GET method; the last argument may be {@link SignedUrlOptions}. */
  buildSignedUrl(
    method: MethodName,
    ...args: (string | number | SignedUrlOptions)[]
  ): Promise<string>;
  /** Signed URL of `getArtifact` (Go: `GetArtifact_SignedURL`). */
  getArtifactSignedUrl(...args: [...Art, options?: SignedUrlOptions]): Promise<string>;
  /** Signed URL of `getLatestArtifact` (Go: `GetLatestArtifact_SignedURL`). */
  getLatestArtifactSignedUrl(
    taskId: string,
    name: string,
    options?: SignedUrlOptions,
  ): Promise<string>;
  /** Signed URL of `pollTaskUrls` (Go: `PollTaskUrls_SignedURL`). */
  pollTaskUrlsSignedUrl(
    provisionerId: string,
    workerType: string,
    options?: SignedUrlOptions,
  ): Promise<string>;
}

/**
 * Creates a Queue client for one deployment. Browser-safe (Web Crypto, fetch) and usable
 * unchanged in Node 20+.
 */
export function createQueueClient(options: QueueClientOptions): QueueClient {
  const caller = createCaller<MethodName>('queue', 'Queue', ENTRIES, options);
  const buildSigned = (name: MethodName, args: unknown[]) => caller.buildSigned(name, args);
  return Object.assign(bindMethods(caller, ENTRIES), {
    requestText: (name: MethodName, ...args: unknown[]) =>
      Promise.resolve().then(() => caller.request(name, args, true)),
    buildSignedUrl: (name: MethodName, ...args: unknown[]) => buildSigned(name, args),
    getArtifactSignedUrl: (...args: unknown[]) => buildSigned('getArtifact', args),
    getLatestArtifactSignedUrl: (...args: unknown[]) => buildSigned('getLatestArtifact', args),
    pollTaskUrlsSignedUrl: (...args: unknown[]) => buildSigned('pollTaskUrls', args),
  }) as unknown as QueueClient;
}
