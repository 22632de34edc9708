import * as urls from 'taskcluster-lib-urls';
import { errorFromBody, QueueError } from './errors';
import { hawkHeader, signUrl, type Credentials } from './hawk';
import { ENTRIES, expandRoute, routeParams, type Entry, type MethodName } from './routes';
import type * as T from './types';

/** Per-call settings every method accepts in its last argument. */
export interface CallOptions {
  /** Stops waiting at once and aborts the request in flight (and any retry). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms for this call. */
  timeoutMs?: number;
}

/** Options of list methods: paging plus per-call settings. */
export type ListOptions = CallOptions & T.PageQuery;

/** Options of {@link QueueClient.listWorkers}. */
export type ListWorkersOptions = ListOptions & { quarantined?: boolean };

/** Options for signed URLs. */
export interface SignedUrlOptions {
  /** Lifetime in seconds (default 900, as the official clients). */
  expiration?: number;
}

/** Options of {@link createQueueClient}. */
export interface QueueClientOptions {
  /** The deployment's root URL, e.g. `https://community-tc.services.mozilla.com`. */
  rootUrl: string;
  /** Omit for anonymous calls. */
  credentials?: Credentials;
  /** Restrict the request to these scopes (sent in Hawk `ext`). */
  authorizedScopes?: string[];
  /**
   * Extra attempts after the first for 5xx and network failures (default 5). Calls whose effect
   * must not happen twice (schedule, rerun, cancel, priority changes) are never retried.
   */
  retries?: number;
  /** Per-attempt timeout in ms (default 30 000: above claimWork's 20 s long-poll). */
  timeoutMs?: number;
  /** Base backoff in ms (default 100): delay n is `2^n × base × U[0.75, 1.25]`, capped. */
  delayFactorMs?: number;
  /** Backoff cap in ms (default 30 000). */
  maxDelayMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

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

const CALL_KEYS = new Set(['signal', 'timeoutMs']);

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Server time from a stale-timestamp error: the body's `requestInfo.time`, else `Date`. */
function serverTime(body: unknown, dateHeader: string | null): number | undefined {
  const info =
    isPlainObject(body) && isPlainObject(body.requestInfo) ? body.requestInfo : undefined;
  const candidates = [
    typeof info?.time === 'string' ? info.time : undefined,
    dateHeader ?? undefined,
  ];
  for (const c of candidates) {
    const t = c ? Date.parse(c) : NaN;
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}

/**
 * Creates a Queue client for one deployment. Browser-safe (Web Crypto, fetch) and usable
 * unchanged in Node 20+.
 */
export function createQueueClient(options: QueueClientOptions): QueueClient {
  if (!options.rootUrl) throw new TypeError('createQueueClient: rootUrl is required');
  const rootUrl = options.rootUrl.replace(/\/+$/, '');
  const retries = options.retries ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const delayFactor = options.delayFactorMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const credentials =
    options.credentials?.clientId && options.credentials.accessToken
      ? options.credentials
      : undefined;
  let clockOffsetMs = 0;

  const baseUrl = (path: string) => urls.api(rootUrl, 'queue', 'v1', path);

  function splitArgs(name: MethodName, entry: Entry, args: unknown[]) {
    const params = routeParams(entry.route);
    const fixed = params.length + (entry.input ? 1 : 0);
    if (args.length < fixed || args.length > fixed + 1) {
      throw new TypeError(`${name} takes ${fixed} argument(s) and an optional options object`);
    }
    const routeArgs = args.slice(0, params.length) as (string | number)[];
    routeArgs.forEach((a, i) => {
      if ((typeof a !== 'string' || a === '') && typeof a !== 'number') {
        throw new TypeError(`${name}: ${params[i]} must be a non-empty string`);
      }
    });
    const payload = entry.input ? args[params.length] : undefined;
    const opts = (args[fixed] ?? {}) as Record<string, unknown>;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(opts)) {
      if (CALL_KEYS.has(key)) continue;
      if (!entry.query?.includes(key)) throw new TypeError(`${name} does not accept option ${key}`);
      if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
    }
    const qs = query.toString();
    return {
      url: baseUrl(expandRoute(entry.route, routeArgs)) + (qs ? `?${qs}` : ''),
      payload,
      call: opts as CallOptions,
    };
  }

  async function request(name: MethodName, args: unknown[], raw = false): Promise<unknown> {
    const entry: Entry = ENTRIES[name];
    const { url, payload, call } = splitArgs(name, entry, args);
    const signal = call.signal;
    const perAttempt = call.timeoutMs ?? timeoutMs;
    const body = entry.input ? JSON.stringify(payload ?? {}) : undefined;
    const maxRetries = entry.once ? 0 : retries;
    let skewRetried = false;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError(signal);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (credentials) {
        headers.authorization = await hawkHeader({
          credentials,
          method: entry.method,
          url,
          ts: Math.floor((Date.now() + clockOffsetMs) / 1000),
          authorizedScopes: options.authorizedScopes,
          payload: body !== undefined ? { body, contentType: 'application/json' } : undefined,
        });
      }
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, perAttempt);
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });

      let failure: QueueError;
      try {
        const res = await doFetch(url, {
          method: entry.method.toUpperCase(),
          headers,
          body,
          signal: controller.signal,
          credentials: 'omit',
          // getArtifact answers 303; Node shows it, browsers hide it (see getArtifact's docs).
          redirect: 'manual',
        });
        const text = await res.text();
        const requestId = res.headers.get('x-for-request-id') ?? undefined;
        if (res.status === 303 || (res.status >= 200 && res.status < 300)) {
          if (raw) return text;
          if (!text) return undefined;
          try {
            return JSON.parse(text);
          } catch {
            throw new QueueError({
              status: res.status,
              code: 'UnknownError',
              message: 'Response was not JSON',
              method: name,
              requestId,
            });
          }
        }
        if (res.type === 'opaqueredirect') {
          throw new QueueError({
            status: 0,
            code: 'UnknownError',
            message: `${name} answers with a redirect that browsers hide from scripts; use a signed URL or the artifact-content endpoint`,
            method: name,
          });
        }
        failure = errorFromBody(res.status, text, name, requestId);
        if (res.status === 401 && !skewRetried && /stale timestamp/i.test(failure.message)) {
          const t = serverTime(failure.body, res.headers.get('date'));
          if (t !== undefined) {
            clockOffsetMs = t - Date.now();
            skewRetried = true;
            attempt--; // a skew correction is not one of the configured retries
            continue;
          }
        }
        if (res.status < 500) throw failure;
      } catch (err) {
        if (err instanceof QueueError) throw err;
        if (signal?.aborted) throw abortError(signal);
        if (timedOut) {
          failure = new QueueError({
            status: 0,
            code: 'RequestTimeout',
            message: `${name} timed out after ${perAttempt} ms`,
            method: name,
            cause: err,
          });
          // A claim that timed out may have happened server-side: retrying could strand it.
          if (name === 'claimWork') throw failure;
        } else {
          failure = new QueueError({
            status: 0,
            code: 'NetworkError',
            message: `Could not reach the Queue at ${rootUrl}`,
            method: name,
            cause: err,
          });
        }
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (attempt >= maxRetries) throw failure;
      const jitter = 0.75 + Math.random() * 0.5;
      await sleep(Math.min(2 ** (attempt + 1) * delayFactor * jitter, maxDelay), signal);
    }
  }

  async function buildSigned(name: MethodName, args: unknown[]): Promise<string> {
    if (ENTRIES[name].method !== 'get') throw new TypeError(`${name} is not a GET method`);
    if (!credentials) throw new TypeError('buildSignedUrl needs credentials');
    const last = args[args.length - 1];
    const opts = isPlainObject(last) ? (args.pop() as SignedUrlOptions) : {};
    const url = buildUrl(name, ...(args as (string | number)[]));
    return signUrl(url, {
      credentials,
      expires: Math.floor((Date.now() + clockOffsetMs) / 1000) + (opts.expiration ?? 900),
      authorizedScopes: options.authorizedScopes,
    });
  }

  function buildUrl(name: MethodName, ...args: (string | number)[]): string {
    const entry: Entry = ENTRIES[name];
    const count = routeParams(entry.route).length;
    if (args.length !== count) throw new TypeError(`${name} takes ${count} route argument(s)`);
    return baseUrl(expandRoute(entry.route, args));
  }

  const client: Record<string, unknown> = {
    rootUrl,
    credentials,
    buildUrl,
    requestText: (name: MethodName, ...args: unknown[]) =>
      Promise.resolve().then(() => request(name, args, true)),
    buildSignedUrl: (name: MethodName, ...args: unknown[]) => buildSigned(name, args),
    getArtifactSignedUrl: (...args: unknown[]) => buildSigned('getArtifact', args),
    getLatestArtifactSignedUrl: (...args: unknown[]) => buildSigned('getLatestArtifact', args),
    pollTaskUrlsSignedUrl: (...args: unknown[]) => buildSigned('pollTaskUrls', args),
  };
  Object.defineProperty(client, 'clockOffsetMs', { get: () => clockOffsetMs, enumerable: true });
  for (const name of Object.keys(ENTRIES) as MethodName[]) {
    // Argument errors reject like every other failure, so callers handle one path.
    client[name] = (...args: unknown[]) => Promise.resolve().then(() => request(name, args));
  }
  return client as unknown as QueueClient;
}
