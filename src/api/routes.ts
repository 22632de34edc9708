/**
 * The Queue's API reference, reduced to what a client needs: HTTP method, route with `<param>`
 * placeholders in order, accepted query keys and whether a JSON body goes with it.
 * The route table of the local service's tests is written separately from the reference so the
 * two can check each other.
 */
export interface Entry {
  method: 'get' | 'post' | 'put';
  route: string;
  /** Query keys the endpoint accepts. */
  query?: readonly string[];
  input?: boolean;
  /**
   * The call changes something and repeating it is not known to be harmless, so the client never
   * retries it by itself: after a timeout or a 5xx the effect may have happened. Callers read the
   * state and decide (see the bulk job runner).
   */
  once?: boolean;
}

const PAGE = ['continuationToken', 'limit'] as const;

export const ENTRIES = {
  ping: { method: 'get', route: '/ping' },
  task: { method: 'get', route: '/task/<taskId>' },
  status: { method: 'get', route: '/task/<taskId>/status' },
  tasks: { method: 'post', route: '/tasks', query: PAGE, input: true },
  statuses: { method: 'post', route: '/tasks/status', query: PAGE, input: true },
  listTaskGroup: { method: 'get', route: '/task-group/<taskGroupId>/list', query: PAGE },
  getTaskGroup: { method: 'get', route: '/task-group/<taskGroupId>' },
  sealTaskGroup: { method: 'post', route: '/task-group/<taskGroupId>/seal' },
  cancelTaskGroup: { method: 'post', route: '/task-group/<taskGroupId>/cancel' },
  listDependentTasks: { method: 'get', route: '/task/<taskId>/dependents', query: PAGE },
  createTask: { method: 'put', route: '/task/<taskId>', input: true },
  defineTask: { method: 'post', route: '/task/<taskId>/define', input: true },
  scheduleTask: { method: 'post', route: '/task/<taskId>/schedule', once: true },
  rerunTask: { method: 'post', route: '/task/<taskId>/rerun', once: true },
  cancelTask: { method: 'post', route: '/task/<taskId>/cancel', once: true },
  changeTaskPriority: {
    method: 'post',
    route: '/task/<taskId>/priority',
    input: true,
    once: true,
  },
  changeTaskGroupPriority: {
    method: 'post',
    route: '/task-group/<taskGroupId>/priority',
    input: true,
    once: true,
  },
  pollTaskUrls: { method: 'get', route: '/poll-task-url/<provisionerId>/<workerType>' },
  claimWork: { method: 'post', route: '/claim-work/<taskQueueId>', input: true },
  claimTask: { method: 'post', route: '/task/<taskId>/runs/<runId>/claim', input: true },
  reclaimTask: { method: 'post', route: '/task/<taskId>/runs/<runId>/reclaim' },
  reportCompleted: { method: 'post', route: '/task/<taskId>/runs/<runId>/completed' },
  reportFailed: { method: 'post', route: '/task/<taskId>/runs/<runId>/failed' },
  reportException: { method: 'post', route: '/task/<taskId>/runs/<runId>/exception', input: true },
  createArtifact: {
    method: 'post',
    route: '/task/<taskId>/runs/<runId>/artifacts/<name>',
    input: true,
  },
  finishArtifact: {
    method: 'put',
    route: '/task/<taskId>/runs/<runId>/artifacts/<name>',
    input: true,
  },
  getArtifact: { method: 'get', route: '/task/<taskId>/runs/<runId>/artifacts/<name>' },
  getLatestArtifact: { method: 'get', route: '/task/<taskId>/artifacts/<name>' },
  listArtifacts: { method: 'get', route: '/task/<taskId>/runs/<runId>/artifacts', query: PAGE },
  listLatestArtifacts: { method: 'get', route: '/task/<taskId>/artifacts', query: PAGE },
  artifactInfo: { method: 'get', route: '/task/<taskId>/runs/<runId>/artifact-info/<name>' },
  latestArtifactInfo: { method: 'get', route: '/task/<taskId>/artifact-info/<name>' },
  artifact: { method: 'get', route: '/task/<taskId>/runs/<runId>/artifact-content/<name>' },
  latestArtifact: { method: 'get', route: '/task/<taskId>/artifact-content/<name>' },
  pendingTasks: { method: 'get', route: '/pending/<taskQueueId>' },
  taskQueueCounts: { method: 'get', route: '/task-queues/<taskQueueId>/counts' },
  listTaskQueues: { method: 'get', route: '/task-queues', query: PAGE },
  getTaskQueue: { method: 'get', route: '/task-queues/<taskQueueId>' },
  listPendingTasks: { method: 'get', route: '/task-queues/<taskQueueId>/pending', query: PAGE },
  listClaimedTasks: { method: 'get', route: '/task-queues/<taskQueueId>/claimed', query: PAGE },
  listProvisioners: { method: 'get', route: '/provisioners', query: PAGE },
  getProvisioner: { method: 'get', route: '/provisioners/<provisionerId>' },
  listWorkerTypes: {
    method: 'get',
    route: '/provisioners/<provisionerId>/worker-types',
    query: PAGE,
  },
  getWorkerType: {
    method: 'get',
    route: '/provisioners/<provisionerId>/worker-types/<workerType>',
  },
  listWorkers: {
    method: 'get',
    route: '/provisioners/<provisionerId>/worker-types/<workerType>/workers',
    query: [...PAGE, 'quarantined'],
  },
  getWorker: {
    method: 'get',
    route:
      '/provisioners/<provisionerId>/worker-types/<workerType>/workers/<workerGroup>/<workerId>',
  },
} as const satisfies Record<string, Entry>;

export type MethodName = keyof typeof ENTRIES;

/** Route parameter names of an entry, in order. */
export function routeParams(route: string): string[] {
  return [...route.matchAll(/<([a-zA-Z]+)>/g)].map((m) => m[1] as string);
}

/** Substitutes each `<param>` with its `encodeURIComponent`-ed argument. */
export function expandRoute(route: string, args: readonly (string | number)[]): string {
  let i = 0;
  return route.replace(/<[a-zA-Z]+>/g, () => encodeURIComponent(String(args[i++])));
}
