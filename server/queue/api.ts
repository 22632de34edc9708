/**
 * The Queue v1 REST API over the store: routes, the request pipeline of lib-api (body parse →
 * URL-only authorization → URL patterns → query → content type and schema → handler), scopes,
 * pagination and the error envelope (queue-spec §1.3, §3, §4).
 */
import Hawk from 'hawk';
import Hashids from 'hashids';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import scopes, { type ScopeExpression } from 'taskcluster-lib-scopes';
import type { TaskDefinition, TaskRun } from '../../src/api/types';
import { AuthError, type Authenticator, type AuthResult } from '../shared/authenticator';
import { ApiError, inputError, notFound, RawResponse } from '../shared/errors';
import { validate, type SchemaName } from './schemas';
import {
  PRIORITY_RANK,
  splitQueue,
  type ArtifactRow,
  type QueueStore,
  type TaskRow,
} from './store';
import type { ArtifactUrls } from './artifact-urls';

const SLUGID = /^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$/;
const IDENT = /^[a-zA-Z0-9-_]{1,38}$/;
const QUEUE = /^[a-zA-Z0-9-_]{1,38}\/[a-z]([-a-z0-9]{0,36}[a-z0-9])?$/;
const RUN_ID = /^[1-9]*[0-9]+$/;
const NAME = /^[\x20-\x7e]+$/;
const PATTERNS: Record<string, RegExp> = {
  taskId: SLUGID,
  taskGroupId: SLUGID,
  provisionerId: IDENT,
  workerType: IDENT,
  workerGroup: IDENT,
  workerId: IDENT,
  taskQueueId: QUEUE,
  runId: RUN_ID,
  name: NAME,
};
const PAGE = ['continuationToken', 'limit'];
const BODY_LIMIT = 10 * 1024 * 1024;
const COMPRESS_OVER = 8 * 1024;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
const BROTLI_FAST = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } };
const hashids = new Hashids('salt', 10);

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-max-age': '900',
  'access-control-allow-methods': 'OPTIONS,GET,HEAD,POST,PUT,DELETE,TRACE,CONNECT',
  'access-control-request-method': '*',
  'access-control-allow-headers':
    'X-Requested-With,Content-Type,Authorization,Accept,Origin,Cache-Control',
};

const STANDARD_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  'cache-control': 'no-store no-cache must-revalidate',
  'content-security-policy': "report-uri /__cspreport__;default-src 'none';frame-ancestors 'none';",
  'x-content-type-options': 'nosniff',
};

/** What the handler of a route sees. */
export interface Req {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  auth: AuthResult;
  /** Origin of this service as the client reached it, for URLs handed out (putUrl, live logs). */
  origin: string;
  /** Throws 403 InsufficientScopes unless the caller satisfies `expr`. */
  authorize(expr: ScopeExpression): void;
  page(): { offset: number; limit: number };
  signal: AbortSignal;
}

type Result = unknown | JsonText | Reply;

/** A body already serialised as JSON. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A full response (redirects, non-JSON). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
  ) {}
}

interface RouteDef {
  name: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: string[];
  input?: SchemaName;
  /** Scopes that depend on URL parameters only: checked before anything else is validated. */
  scopes?: (params: Record<string, string>) => ScopeExpression;
  handler: (req: Req) => Result | Promise<Result>;
}

export interface ApiOptions {
  store: QueueStore;
  auth: Authenticator;
  artifactUrls: ArtifactUrls;
  /** Called once per request with a line for the request log (no credentials). */
  log?: (line: string) => void;
}

function formatExpr(expr: ScopeExpression | null): string {
  return typeof expr === 'string' ? expr : JSON.stringify(expr, null, 2);
}

function envelope(method: string, err: ApiError, params: Record<string, string>, payload: unknown) {
  const time = new Date().toJSON();
  return {
    code: err.code,
    message: `${err.message}\n\n---\n\n* method:     ${method}\n* errorCode:  ${err.code}\n* statusCode: ${err.status}\n* time:       ${time}`,
    // A body that was never read (too large) leaves no payload to report, as in the real service.
    requestInfo:
      payload === TOO_LARGE
        ? { method, params, time }
        : { method, params, payload: payload ?? {}, time },
  };
}

const TOO_LARGE = Symbol('too large');

const iso = (ms: number) => new Date(ms).toJSON();

/** ISO with `+00:00` and trailing zeros dropped, as PostgreSQL prints claimWork's takenUntil. */
function pgTime(value: string): string {
  return value.replace(/\.?0*Z$/, '+00:00').replace(/(\.\d*?)0+\+00:00$/, '$1+00:00');
}

export function createApi(options: ApiOptions): Hono {
  const { store, auth, artifactUrls } = options;
  const api = new Hono();
  const routes: RouteDef[] = [];
  const def = (r: RouteDef) => routes.push(r);

  // ---- helpers ---------------------------------------------------------------------------

  const statusReply = (row: TaskRow) => new JsonText(`{"status":${store.statusJson(row)}}`);

  const pageReply = (
    key: string,
    items: string[],
    page: { offset: number; limit: number },
    full: boolean,
    extra = '',
  ) => {
    const token = full
      ? `,"continuationToken":${JSON.stringify(hashids.encode(page.offset + page.limit))}`
      : '';
    return new JsonText(`{${extra}"${key}":[${items.join(',')}]${token}}`);
  };

  /** Fetch one more than the page to learn whether another page exists, as the real service does. */
  function listPage<T>(req: Req, fetch: (offset: number, limit: number) => T[]) {
    const page = req.page();
    if (page.limit === 0) return { items: [] as T[], page, more: false };
    const rows = fetch(page.offset, page.limit + 1);
    return { items: rows.slice(0, page.limit), page, more: rows.length > page.limit };
  }

  const taskScopeExpr = (verb: string, row: TaskRow): ScopeExpression => ({
    AnyOf: [
      `queue:${verb}:${row.scheduler_id}/${row.task_group_id}/${row.task_id}`,
      `queue:${verb}-in-project:${row.project_id}`,
      { AllOf: [`queue:${verb}`, `assume:scheduler-id:${row.scheduler_id}/${row.task_group_id}`] },
    ],
  });

  const runIdOf = (req: Req) => Number(req.params.runId);

  function credentialsFor(row: TaskRow, runId: number, run: TaskRun) {
    const takenUntil = Date.parse(run.takenUntil!);
    const def = store.definitionOf(row);
    return auth.issueTemporaryCredentials({
      clientId: `task-client/${row.task_id}/${runId}/on/${run.workerGroup}/${run.workerId}/until/${Math.floor(takenUntil / 1000)}`,
      start: Date.now(),
      expiry: takenUntil,
      scopes: [
        `queue:reclaim-task:${row.task_id}/${runId}`,
        `queue:resolve-task:${row.task_id}/${runId}`,
        `queue:create-artifact:${row.task_id}/${runId}`,
        ...def.scopes,
      ],
    });
  }

  function claimJson(
    claim: { row: TaskRow; run: TaskRun; runId: number },
    withTask: boolean,
    pgStyle: boolean,
  ) {
    const { row, run, runId } = claim;
    const body: Record<string, unknown> = {
      status: store.status(row),
      runId,
      workerGroup: run.workerGroup,
      workerId: run.workerId,
      takenUntil: pgStyle ? pgTime(run.takenUntil!) : run.takenUntil,
    };
    if (withTask) body.task = store.definitionOf(row);
    body.credentials = credentialsFor(row, runId, run);
    return body;
  }

  /** Loads task, run and artifact for the get-artifact family, following links when asked. */
  function resolveArtifact(
    req: Req,
    taskId: string,
    runId: number | 'latest',
    name: string,
    follow: boolean,
  ) {
    const row = store.requireTask(taskId);
    const runs = store.runsOf(row);
    const rid = runId === 'latest' ? runs.length - 1 : runId;
    if (rid < 0) throw notFound("Task doesn't have any runs");
    if (!runs[rid]) throw notFound(`Task with taskId: \`${taskId}\` has no run with runId: ${rid}`);
    const names = [name];
    let artifact = store.getArtifactRow(taskId, rid, name);
    while (follow && artifact?.storage_type === 'link') {
      const target = (JSON.parse(artifact.details) as { artifact: string }).artifact;
      if (names.includes(target)) throw inputError('Artifact leads to a link cycle');
      names.push(target);
      artifact = store.getArtifactRow(taskId, rid, target);
    }
    req.authorize({ AllOf: names.map((n) => `queue:get-artifact:${n}`) });
    if (!artifact) throw notFound('Artifact not found');
    if (artifact.expires < store.now())
      throw new ApiError(410, 'ResourceExpired', 'Artifact expired');
    if (artifact.storage_type === 'object') throw notFound('Artifact not found');
    return { row, runId: rid, artifact };
  }

  function artifactLocation(
    req: Req,
    a: ArtifactRow,
  ): { storageType: string; url?: string; reason?: string; message?: string } {
    const details = JSON.parse(a.details) as { url?: string; reason?: string; message?: string };
    switch (a.storage_type) {
      case 's3':
      case 'azure':
        return {
          storageType: a.storage_type,
          url: artifactUrls.downloadUrl(req.origin, a.task_id, a.run_id, a.name),
        };
      case 'reference':
        return { storageType: 'reference', url: details.url };
      case 'error':
        return { storageType: 'error', reason: details.reason, message: details.message };
      default:
        throw notFound('Artifact not found');
    }
  }

  function getArtifactReply(req: Req, runId: number | 'latest') {
    const { artifact } = resolveArtifact(req, req.params.taskId!, runId, req.params.name!, true);
    const loc = artifactLocation(req, artifact);
    if (loc.storageType === 'error')
      throw new RawResponse(424, { reason: loc.reason, message: loc.message });
    return new Reply(303, JSON.stringify({ storageType: loc.storageType, url: loc.url }), {
      location: loc.url!,
      'x-taskcluster-artifact-storage-type': loc.storageType,
      'content-type': 'application/json; charset=utf-8',
    });
  }

  function artifactContent(req: Req, runId: number | 'latest') {
    const { artifact } = resolveArtifact(req, req.params.taskId!, runId, req.params.name!, true);
    return artifactLocation(req, artifact);
  }

  function artifactInfo(req: Req, runId: number | 'latest') {
    const row = store.requireTask(req.params.taskId!);
    const runs = store.runsOf(row);
    const rid = runId === 'latest' ? runs.length - 1 : runId;
    if (!runs[rid])
      throw notFound(`Task with taskId: \`${row.task_id}\` has no run with runId: ${rid}`);
    const a = store.getArtifactRow(row.task_id, rid, req.params.name!);
    if (!a) throw notFound('Artifact not found');
    return store.artifactInfo(a);
  }

  function listArtifactsReply(req: Req, runId: number | 'latest') {
    const row = store.requireTask(req.params.taskId!);
    const runs = store.runsOf(row);
    const rid = runId === 'latest' ? runs.length - 1 : runId;
    if (rid < 0) throw notFound("Task doesn't have any runs");
    if (!runs[rid])
      throw notFound(`Task with taskId: \`${row.task_id}\` has no run with runId: ${rid}`);
    const { items, page, more } = listPage(req, (o, l) =>
      store.listArtifacts(row.task_id, rid, o, l),
    );
    return pageReply(
      'artifacts',
      items.map((a) => JSON.stringify(store.artifactInfo(a))),
      page,
      more,
    );
  }

  // ---- tasks -------------------------------------------------------------------------------

  def({
    name: 'ping',
    method: 'GET',
    path: '/ping',
    handler: () => ({ alive: true, uptime: process.uptime() }),
  });
  def({
    name: 'task',
    method: 'GET',
    path: '/task/:taskId',
    scopes: (p) => `queue:get-task:${p.taskId}`,
    handler: (req) => new JsonText(store.requireTask(req.params.taskId!).definition),
  });
  def({
    name: 'status',
    method: 'GET',
    path: '/task/:taskId/status',
    scopes: (p) => `queue:status:${p.taskId}`,
    handler: (req) => statusReply(store.requireTask(req.params.taskId!)),
  });
  for (const [name, path, key] of [
    ['tasks', '/tasks', 'tasks'],
    ['statuses', '/tasks/status', 'statuses'],
  ] as const) {
    def({
      name,
      method: 'POST',
      path,
      query: PAGE,
      input: 'task-ids-request',
      handler: (req) => {
        const ids = (req.body as { taskIds: string[] }).taskIds;
        const verb = key === 'tasks' ? 'get-task' : 'status';
        req.authorize({ AllOf: ids.map((id) => `queue:${verb}:${id}`) });
        const page = req.page();
        const slice = ids.slice(page.offset, page.offset + page.limit);
        const items: string[] = [];
        for (const id of slice) {
          const row = store.getTask(id);
          if (!row) continue;
          items.push(
            key === 'tasks'
              ? `{"taskId":${JSON.stringify(id)},"task":${row.definition}}`
              : `{"taskId":${JSON.stringify(id)},"status":${store.statusJson(row)}}`,
          );
        }
        return pageReply(key, items, page, page.offset + page.limit < ids.length);
      },
    });
  }
  def({
    name: 'listTaskGroup',
    method: 'GET',
    path: '/task-group/:taskGroupId/list',
    query: PAGE,
    scopes: (p) => `queue:list-task-group:${p.taskGroupId}`,
    handler: (req) => {
      const group = store.getTaskGroup(req.params.taskGroupId!);
      const { items, page, more } = listPage(req, (o, l) =>
        store.listTaskGroup(group.taskGroupId, o, l),
      );
      const head = `"taskGroupId":${JSON.stringify(group.taskGroupId)},"schedulerId":${JSON.stringify(group.schedulerId)},"expires":${JSON.stringify(group.expires)},${group.sealed ? `"sealed":${JSON.stringify(group.sealed)},` : ''}`;
      return pageReply(
        'tasks',
        items.map((r) => store.taskWithStatusJson(r)),
        page,
        more,
        head,
      );
    },
  });
  def({
    name: 'getTaskGroup',
    method: 'GET',
    path: '/task-group/:taskGroupId',
    scopes: (p) => `queue:list-task-group:${p.taskGroupId}`,
    handler: (req) => store.getTaskGroup(req.params.taskGroupId!),
  });
  def({
    name: 'sealTaskGroup',
    method: 'POST',
    path: '/task-group/:taskGroupId/seal',
    handler: (req) => {
      const g = store.getTaskGroup(req.params.taskGroupId!);
      req.authorize(`queue:seal-task-group:${g.schedulerId}/${g.taskGroupId}`);
      return store.sealTaskGroup(g.taskGroupId);
    },
  });
  def({
    name: 'cancelTaskGroup',
    method: 'POST',
    path: '/task-group/:taskGroupId/cancel',
    handler: (req) => {
      const g = store.getTaskGroup(req.params.taskGroupId!);
      req.authorize(`queue:cancel-task-group:${g.schedulerId}/${g.taskGroupId}`);
      return store.cancelTaskGroup(g.taskGroupId);
    },
  });
  def({
    name: 'listDependentTasks',
    method: 'GET',
    path: '/task/:taskId/dependents',
    query: PAGE,
    scopes: (p) => `queue:list-dependent-tasks:${p.taskId}`,
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      const { items, page, more } = listPage(req, (o, l) =>
        store.listDependents(row.task_id, o, l),
      );
      return pageReply(
        'tasks',
        items.map((r) => store.taskWithStatusJson(r)),
        page,
        more,
        `"taskId":${JSON.stringify(row.task_id)},`,
      );
    },
  });

  function normalizeDefinition(taskId: string, body: Record<string, unknown>): TaskDefinition {
    let taskQueueId = body.taskQueueId as string | undefined;
    const { provisionerId, workerType } = body as { provisionerId?: string; workerType?: string };
    if (!taskQueueId) {
      if (!provisionerId || !workerType) {
        throw inputError(
          'at least a provisionerId and a workerType or a taskQueueId must be provided',
        );
      }
      taskQueueId = `${provisionerId}/${workerType}`;
    } else if ((provisionerId || workerType) && taskQueueId !== `${provisionerId}/${workerType}`) {
      throw inputError('taskQueueId must match "provisionerId/workerType"');
    }
    const [p, w] = splitQueue(taskQueueId);
    const deadline = new Date(body.deadline as string);
    const expires = body.expires
      ? new Date(body.expires as string)
      : new Date(deadline.getTime() + 365 * 86400_000);
    // The 2016 API knew only `high` and `normal`; `normal` was its default and lowest level.
    const priority =
      body.priority === 'normal' ? 'lowest' : (body.priority as TaskDefinition['priority']);
    return {
      provisionerId: p,
      workerType: w,
      taskQueueId,
      schedulerId: body.schedulerId as string,
      projectId: body.projectId as string,
      taskGroupId: (body.taskGroupId as string | undefined) ?? taskId,
      dependencies: body.dependencies as string[],
      requires: body.requires as TaskDefinition['requires'],
      routes: body.routes as string[],
      priority,
      retries: body.retries as number,
      created: new Date(body.created as string).toJSON(),
      deadline: deadline.toJSON(),
      expires: expires.toJSON(),
      scopes: body.scopes as string[],
      payload: body.payload as Record<string, unknown>,
      metadata: body.metadata as TaskDefinition['metadata'],
      tags: body.tags as Record<string, string>,
      extra: body.extra as Record<string, unknown>,
    };
  }

  function createTaskHandler(define: boolean) {
    return (req: Req) => {
      const taskId = req.params.taskId!;
      const def = normalizeDefinition(taskId, req.body as Record<string, unknown>);
      const higher = Object.keys(PRIORITY_RANK).filter(
        (p) => PRIORITY_RANK[p]! <= PRIORITY_RANK[def.priority]!,
      );
      const expr: ScopeExpression = {
        AllOf: [
          ...def.scopes,
          ...def.routes.map((r) => `queue:route:${r}`),
          `queue:create-task:project:${def.projectId}`,
          `queue:scheduler-id:${def.schedulerId}`,
          { AnyOf: higher.map((p) => `queue:create-task:${p}:${def.taskQueueId}`) },
        ],
      };
      req.authorize(
        define
          ? { AnyOf: [expr, { AllOf: [`queue:define-task:${def.taskQueueId}`, ...def.scopes] }] }
          : expr,
      );
      const now = store.now();
      const created = Date.parse(def.created);
      const deadline = Date.parse(def.deadline);
      const expires = Date.parse(def.expires);
      const slack = 15 * 60_000;
      if (Math.abs(created - now) > slack)
        throw inputError('`created` must be within 15 minutes of the current time');
      if (deadline < created) throw inputError('`deadline` cannot be before `created`');
      if (deadline < now) throw inputError('`deadline` cannot be in the past');
      if (deadline > now + 5 * 86400_000 + slack)
        throw inputError('`deadline` cannot be more than 5 days into the future');
      if (expires < deadline) throw inputError('`expires` cannot be before `deadline`');
      const bad = def.scopes.filter((s) => s.endsWith('**'));
      if (bad.length) throw inputError(`scopes must not end with \`**\`: ${bad.join(', ')}`);
      return statusReply(store.createTask(taskId, def, { define }));
    };
  }
  def({
    name: 'createTask',
    method: 'PUT',
    path: '/task/:taskId',
    input: 'create-task-request',
    handler: createTaskHandler(false),
  });
  def({
    name: 'defineTask',
    method: 'POST',
    path: '/task/:taskId/define',
    input: 'create-task-request',
    handler: createTaskHandler(true),
  });

  for (const [name, verb, action] of [
    ['scheduleTask', 'schedule-task', (id: string) => store.scheduleTask(id)],
    ['rerunTask', 'rerun-task', (id: string) => store.rerunTask(id)],
    ['cancelTask', 'cancel-task', (id: string) => store.cancelTask(id)],
  ] as const) {
    def({
      name,
      method: 'POST',
      path: `/task/:taskId/${name.replace('Task', '')}`,
      handler: (req) => {
        const row = store.requireTask(req.params.taskId!);
        req.authorize(taskScopeExpr(verb, row));
        return statusReply(action(row.task_id));
      },
    });
  }
  def({
    name: 'changeTaskPriority',
    method: 'POST',
    path: '/task/:taskId/priority',
    input: 'change-task-priority-request',
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      req.authorize({
        AnyOf: [
          `queue:change-task-priority:${row.task_id}`,
          `queue:change-task-priority-in-queue:${row.task_queue_id}`,
        ],
      });
      return statusReply(
        store.changeTaskPriority(row.task_id, (req.body as { newPriority: string }).newPriority),
      );
    },
  });

  // ---- workers -----------------------------------------------------------------------------

  def({
    name: 'pollTaskUrls',
    method: 'GET',
    path: '/poll-task-url/:provisionerId/:workerType',
    scopes: (p) => ({
      AnyOf: [
        `queue:poll-task-urls:${p.provisionerId}/${p.workerType}`,
        {
          AllOf: ['queue:poll-task-urls', `assume:worker-type:${p.provisionerId}/${p.workerType}`],
        },
      ],
    }),
    // Azure queues are gone: 2016 workers get no queues and fall back to claimWork.
    handler: () => ({ queues: [], expires: iso(store.now() + 15 * 60_000) }),
  });
  def({
    name: 'claimWork',
    method: 'POST',
    path: '/claim-work/:taskQueueId{.+}',
    input: 'claim-work-request',
    handler: async (req) => {
      const tq = req.params.taskQueueId!;
      const body = req.body as { workerGroup: string; workerId: string; tasks: number };
      req.authorize({
        AllOf: [`queue:claim-work:${tq}`, `queue:worker-id:${body.workerGroup}/${body.workerId}`],
      });
      const deadline = Date.now() + 20_000;
      for (;;) {
        const claims = store.claimWork(tq, body.workerGroup, body.workerId, body.tasks);
        if (claims.length || Date.now() >= deadline || req.signal.aborted) {
          return { tasks: claims.map((c) => claimJson(c, true, true)) };
        }
        await waitForPending(tq, deadline - Date.now(), req.signal);
      }
    },
  });
  const waiters = new Map<string, Set<() => void>>();
  store.onPending((tq) => {
    for (const wake of waiters.get(tq) ?? []) wake();
  });
  function waitForPending(tq: string, ms: number, signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const set = waiters.get(tq) ?? new Set();
      waiters.set(tq, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      set.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
  def({
    name: 'claimTask',
    method: 'POST',
    path: '/task/:taskId/runs/:runId/claim',
    input: 'task-claim-request',
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      const body = req.body as { workerGroup: string; workerId: string };
      req.authorize({
        AnyOf: [
          {
            AllOf: [
              `queue:claim-task:${row.task_queue_id}`,
              `queue:worker-id:${body.workerGroup}/${body.workerId}`,
            ],
          },
          {
            AllOf: [
              'queue:claim-task',
              `assume:worker-type:${row.task_queue_id}`,
              `assume:worker-id:${body.workerGroup}/${body.workerId}`,
            ],
          },
        ],
      });
      return claimJson(
        store.claimTask(row.task_id, runIdOf(req), body.workerGroup, body.workerId),
        true,
        false,
      );
    },
  });
  def({
    name: 'reclaimTask',
    method: 'POST',
    path: '/task/:taskId/runs/:runId/reclaim',
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      req.authorize(`queue:reclaim-task:${row.task_id}/${runIdOf(req)}`);
      return claimJson(store.reclaimTask(row.task_id, runIdOf(req)), false, false);
    },
  });
  for (const target of ['completed', 'failed', 'exception'] as const) {
    def({
      name: `report${target[0]!.toUpperCase()}${target.slice(1)}`,
      method: 'POST',
      path: `/task/:taskId/runs/:runId/${target}`,
      input: target === 'exception' ? 'task-exception-request' : undefined,
      handler: (req) => {
        const row = store.requireTask(req.params.taskId!);
        req.authorize(`queue:resolve-task:${row.task_id}/${runIdOf(req)}`);
        const reason =
          target === 'exception'
            ? (req.body as { reason: NonNullable<TaskRun['reasonResolved']> }).reason
            : undefined;
        return statusReply(store.reportRun(row.task_id, runIdOf(req), target, reason));
      },
    });
  }

  // ---- artifacts ---------------------------------------------------------------------------

  def({
    name: 'createArtifact',
    method: 'POST',
    path: '/task/:taskId/runs/:runId/artifacts/:name{.+}',
    input: 'post-artifact-request',
    handler: (req) => {
      const { taskId, name } = req.params as { taskId: string; name: string };
      const runId = runIdOf(req);
      store.artifactTarget(taskId, runId);
      req.authorize(`queue:create-artifact:${taskId}/${runId}`);
      const body = req.body as Record<string, string | number | undefined> & {
        storageType: string;
        expires: string;
      };
      if (body.storageType === 'object') {
        throw inputError(
          'Object artifacts are not supported by this local Queue service yet; upload with storageType `s3`.',
        );
      }
      const expires = Date.parse(body.expires);
      const contentType = (body.contentType as string | undefined) ?? 'application/binary';
      const details: Record<string, unknown> =
        body.storageType === 'reference'
          ? { url: body.url }
          : body.storageType === 'link'
            ? { artifact: body.artifact }
            : body.storageType === 'error'
              ? { reason: body.reason, message: body.message }
              : {};
      store.createArtifact(taskId, runId, name, {
        storageType: body.storageType,
        contentType: body.storageType === 'error' ? 'application/json' : contentType,
        contentLength: body.contentLength as number | undefined,
        expires,
        details,
      });
      if (body.storageType === 's3' || body.storageType === 'azure') {
        const putExpires = store.now() + 45 * 60_000;
        return {
          storageType: body.storageType,
          contentType,
          expires: iso(putExpires),
          putUrl: artifactUrls.uploadUrl(req.origin, taskId, runId, name, putExpires),
        };
      }
      return { storageType: body.storageType };
    },
  });
  def({
    name: 'finishArtifact',
    method: 'PUT',
    path: '/task/:taskId/runs/:runId/artifacts/:name{.+}',
    input: 'finish-artifact-request',
    handler: (req) => {
      const { taskId, name } = req.params as { taskId: string; name: string };
      store.artifactTarget(taskId, runIdOf(req));
      req.authorize(`queue:create-artifact:${taskId}/${runIdOf(req)}`);
      const a = store.getArtifactRow(taskId, runIdOf(req), name);
      if (!a) throw notFound('Artifact not found');
      throw inputError('Only object artifacts can be finished');
    },
  });
  def({
    name: 'getArtifact',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifacts/:name{.+}',
    handler: (req) => getArtifactReply(req, runIdOf(req)),
  });
  def({
    name: 'getLatestArtifact',
    method: 'GET',
    path: '/task/:taskId/artifacts/:name{.+}',
    scopes: (p) => `queue:get-artifact:${p.name}`,
    handler: (req) => getArtifactReply(req, 'latest'),
  });
  def({
    name: 'listArtifacts',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifacts',
    query: PAGE,
    scopes: (p) => `queue:list-artifacts:${p.taskId}:${p.runId}`,
    handler: (req) => listArtifactsReply(req, runIdOf(req)),
  });
  def({
    name: 'listLatestArtifacts',
    method: 'GET',
    path: '/task/:taskId/artifacts',
    query: PAGE,
    scopes: (p) => `queue:list-artifacts:${p.taskId}`,
    handler: (req) => listArtifactsReply(req, 'latest'),
  });
  def({
    name: 'artifactInfo',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifact-info/:name{.+}',
    scopes: (p) => `queue:list-artifacts:${p.taskId}:${p.runId}`,
    handler: (req) => artifactInfo(req, runIdOf(req)),
  });
  def({
    name: 'latestArtifactInfo',
    method: 'GET',
    path: '/task/:taskId/artifact-info/:name{.+}',
    scopes: (p) => `queue:list-artifacts:${p.taskId}`,
    handler: (req) => artifactInfo(req, 'latest'),
  });
  def({
    name: 'artifact',
    method: 'GET',
    path: '/task/:taskId/runs/:runId/artifact-content/:name{.+}',
    handler: (req) => artifactContent(req, runIdOf(req)),
  });
  def({
    name: 'latestArtifact',
    method: 'GET',
    path: '/task/:taskId/artifact-content/:name{.+}',
    handler: (req) => artifactContent(req, 'latest'),
  });

  // ---- queues, provisioners, workers -------------------------------------------------------

  def({
    name: 'pendingTasks',
    method: 'GET',
    path: '/pending/:taskQueueId{.+}',
    scopes: (p) => `queue:pending-count:${p.taskQueueId}`,
    handler: (req) => {
      const tq = req.params.taskQueueId!;
      const [provisionerId, workerType] = splitQueue(tq);
      return { provisionerId, workerType, taskQueueId: tq, pendingTasks: store.pendingCount(tq) };
    },
  });
  def({
    name: 'taskQueueCounts',
    method: 'GET',
    path: '/task-queues/:taskQueueId{.+}/counts',
    scopes: (p) => ({
      AllOf: [`queue:pending-count:${p.taskQueueId}`, `queue:claimed-count:${p.taskQueueId}`],
    }),
    handler: (req) => {
      const tq = req.params.taskQueueId!;
      const [provisionerId, workerType] = splitQueue(tq);
      return {
        provisionerId,
        workerType,
        taskQueueId: tq,
        pendingTasks: store.pendingCount(tq),
        claimedTasks: store.claimedCount(tq),
      };
    },
  });
  def({
    name: 'listPendingTasks',
    method: 'GET',
    path: '/task-queues/:taskQueueId{.+}/pending',
    query: PAGE,
    scopes: (p) => `queue:pending-list:${p.taskQueueId}`,
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) =>
        store.listPending(req.params.taskQueueId!, o, l),
      );
      return pageReply(
        'tasks',
        items.map((r) => {
          const runs = store.runsOf(r);
          const run = runs[runs.length - 1]!;
          return `{"taskId":${JSON.stringify(r.task_id)},"runId":${run.runId},"inserted":${JSON.stringify(run.scheduled)},"task":${r.definition}}`;
        }),
        page,
        more,
      );
    },
  });
  def({
    name: 'listClaimedTasks',
    method: 'GET',
    path: '/task-queues/:taskQueueId{.+}/claimed',
    query: PAGE,
    scopes: (p) => `queue:claimed-list:${p.taskQueueId}`,
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) =>
        store.listClaimed(req.params.taskQueueId!, o, l),
      );
      return pageReply(
        'tasks',
        items.map((r) => {
          const runs = store.runsOf(r);
          const run = runs[runs.length - 1]!;
          return JSON.stringify({
            taskId: r.task_id,
            runId: run.runId,
            workerGroup: run.workerGroup,
            workerId: run.workerId,
            claimed: run.started,
            task: store.definitionOf(r),
          });
        }),
        page,
        more,
      );
    },
  });
  def({
    name: 'listTaskQueues',
    method: 'GET',
    path: '/task-queues',
    query: PAGE,
    scopes: () => 'queue:list-task-queues',
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) => store.listTaskQueues(o, l));
      return pageReply(
        'taskQueues',
        items.map((q) => JSON.stringify(q)),
        page,
        more,
      );
    },
  });
  def({
    name: 'getTaskQueue',
    method: 'GET',
    path: '/task-queues/:taskQueueId',
    scopes: (p) => `queue:get-task-queue:${p.taskQueueId}`,
    handler: (req) => store.getTaskQueue(req.params.taskQueueId!),
  });
  def({
    name: 'listProvisioners',
    method: 'GET',
    path: '/provisioners',
    query: PAGE,
    scopes: () => 'queue:list-provisioners',
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) => store.listProvisioners(o, l));
      return pageReply(
        'provisioners',
        items.map((p) => JSON.stringify(p)),
        page,
        more,
      );
    },
  });
  def({
    name: 'getProvisioner',
    method: 'GET',
    path: '/provisioners/:provisionerId',
    scopes: (p) => `queue:get-provisioner:${p.provisionerId}`,
    handler: (req) => {
      const p = store
        .listProvisioners(0, 10_000)
        .find((x) => x.provisionerId === req.params.provisionerId);
      if (!p) throw notFound(`Provisioner ${req.params.provisionerId} not found`);
      return p;
    },
  });
  const workerTypeInfo = (q: {
    taskQueueId: string;
    stability: string;
    description: string;
    expires: string;
    lastDateActive: string;
  }) => {
    const [provisionerId, workerType] = splitQueue(q.taskQueueId);
    return {
      provisionerId,
      workerType,
      taskQueueId: q.taskQueueId,
      stability: q.stability,
      description: q.description,
      expires: q.expires,
      lastDateActive: q.lastDateActive,
    };
  };
  def({
    name: 'listWorkerTypes',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types',
    query: PAGE,
    scopes: (p) => `queue:list-worker-types:${p.provisionerId}`,
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) =>
        store.listTaskQueues(o, l, req.params.provisionerId),
      );
      return pageReply(
        'workerTypes',
        items.map((q) => JSON.stringify(workerTypeInfo(q))),
        page,
        more,
      );
    },
  });
  def({
    name: 'getWorkerType',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types/:workerType',
    scopes: (p) => `queue:get-worker-type:${p.provisionerId}/${p.workerType}`,
    handler: (req) =>
      workerTypeInfo(store.getTaskQueue(`${req.params.provisionerId}/${req.params.workerType}`)),
  });
  def({
    name: 'listWorkers',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types/:workerType/workers',
    query: [...PAGE, 'quarantined'],
    scopes: (p) => `queue:list-workers:${p.provisionerId}/${p.workerType}`,
    handler: (req) => {
      const tq = `${req.params.provisionerId}/${req.params.workerType}`;
      const q = req.query.quarantined;
      const { items, page, more } = listPage(req, (o, l) =>
        store.listWorkers(tq, o, l, q === undefined ? undefined : q === 'true'),
      );
      return pageReply(
        'workers',
        items.map((w) => JSON.stringify(w)),
        page,
        more,
      );
    },
  });
  def({
    name: 'getWorker',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types/:workerType/workers/:workerGroup/:workerId',
    scopes: (p) =>
      `queue:get-worker:${p.provisionerId}/${p.workerType}/${p.workerGroup}/${p.workerId}`,
    handler: (req) =>
      store.getWorker(
        `${req.params.provisionerId}/${req.params.workerType}`,
        req.params.workerGroup!,
        req.params.workerId!,
      ),
  });

  // ---- the pipeline ------------------------------------------------------------------------

  for (const route of routes) {
    api.on(route.method === 'GET' ? ['GET', 'HEAD'] : [route.method], route.path, (c) =>
      handle(c, route),
    );
  }

  async function handle(c: Context, route: RouteDef): Promise<Response> {
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.req.param() as Record<string, string>)) params[k] = v;
    const headers: Record<string, string> = {
      ...STANDARD_HEADERS,
      'x-for-request-id': randomUUID(),
      'x-for-trace-id': c.req.header('x-taskcluster-trace-id') ?? randomUUID(),
    };
    const rawUrl =
      (c.env as { incoming?: { url?: string } } | undefined)?.incoming?.url ??
      new URL(c.req.url).pathname + new URL(c.req.url).search;
    let payload: unknown = undefined;
    const send = async (status: number, body: string, extra: Record<string, string> = {}) => {
      const all: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        vary: 'Accept-Encoding',
        ...headers,
        ...extra,
      };
      if (c.req.method === 'HEAD') return new Response(null, { status, headers: all });
      // Compress large answers, as the real service does: a page of 1000 tasks shrinks ~25×.
      // Brotli at quality 1 costs ~2 ms per page (gzip level 1, for clients without it, ~5 ms);
      // both run in the thread pool, off the event loop.
      if (body.length > COMPRESS_OVER) {
        const accept = c.req.header('accept-encoding') ?? '';
        const encoding = /\bbr\b/.test(accept)
          ? 'br'
          : /\bgzip\b/.test(accept)
            ? 'gzip'
            : undefined;
        if (encoding) {
          const packed =
            encoding === 'br'
              ? await brotliAsync(body, BROTLI_FAST)
              : await gzipAsync(body, { level: 1 });
          return new Response(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength), {
            status,
            headers: { ...all, 'content-encoding': encoding },
          });
        }
      }
      return new Response(body, { status, headers: all });
    };
    const fail = (err: ApiError, extra: Record<string, string> = {}) =>
      send(err.status, JSON.stringify(envelope(route.name, err, params, payload), null, 2), extra);

    try {
      // 1. body
      let text = '';
      if (route.input) {
        text = await c.req.text();
        if (text.length > BODY_LIMIT) {
          payload = TOO_LARGE;
          throw new ApiError(
            500,
            'InternalServerError',
            'PayloadTooLargeError: request entity too large',
          );
        }
        const contentType = c.req.header('content-type') ?? '';
        if (text) {
          try {
            payload = JSON.parse(text) as unknown;
          } catch (err) {
            payload = text;
            throw new ApiError(
              400,
              'MalformedPayload',
              `Failed to parse JSON: ${(err as Error).message}`,
            );
          }
          if (!/^application\/json\b/i.test(contentType)) {
            payload = {};
            throw new ApiError(
              400,
              'MalformedPayload',
              `Payload must be JSON with content-type: application/json got content-type: ${contentType}`,
            );
          }
        }
      }
      // 2. authentication: bad credentials are a 401 whatever the request
      const hostHeader = c.req.header('host') ?? 'localhost';
      const hostMatch = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
      const forwardedPort = c.req.header('x-forwarded-port');
      const port = forwardedPort
        ? Number(forwardedPort)
        : c.req.header('x-forwarded-proto') === 'https'
          ? 443
          : Number(hostMatch?.[2] ?? 80);
      let authResult: AuthResult;
      try {
        authResult = await auth.authenticate({
          method: c.req.method,
          resource: rawUrl,
          host: (hostMatch?.[1] ?? hostHeader).toLowerCase(),
          port,
          authorization: c.req.header('authorization'),
          contentType: c.req.header('content-type'),
        });
        if (authResult.hash && text) {
          const expected = Hawk.crypto.calculatePayloadHash(
            text,
            'sha256',
            c.req.header('content-type') ?? '',
          );
          if (expected !== authResult.hash)
            throw new AuthError(`Invalid payload hash: ${authResult.hash}`);
        }
      } catch (err) {
        if (err instanceof AuthError) {
          throw Object.assign(new ApiError(401, 'AuthenticationFailed', err.message), {
            www: true,
          });
        }
        throw err;
      }
      const authorize = (expr: ScopeExpression) => {
        if (scopes.satisfiesExpression(authResult.scopes, expr)) return;
        const missing = scopes.removeGivenScopes(authResult.scopes, expr);
        const message =
          authResult.scheme === 'none'
            ? `This request requires Taskcluster credentials that satisfy the following scope expression:\n\n\`\`\`\n${formatExpr(expr)}\n\`\`\``
            : `Client ID ${authResult.clientId} does not have sufficient scopes and is missing the following scopes:\n\n\`\`\`\n${formatExpr(missing)}\n\`\`\`\n\nThis request requires the client to satisfy the following scope expression:\n\n\`\`\`\n${formatExpr(expr)}\n\`\`\``;
        throw new ApiError(403, 'InsufficientScopes', message);
      };
      // 3. scopes that the URL alone decides
      if (route.scopes) authorize(route.scopes(params));
      // 4. URL patterns
      const bad = Object.entries(params).filter(([k, v]) => PATTERNS[k] && !PATTERNS[k].test(v));
      if (bad.length) {
        throw new ApiError(
          400,
          'InvalidRequestArguments',
          `Invalid URL patterns:\n${bad.map(([k, v]) => `URL parameter '${k}' given as '${v}' must match regular expression: '${String(PATTERNS[k])}'`).join('\n')}`,
        );
      }
      // 5. query
      const url = new URL(c.req.url);
      const query: Record<string, string> = {};
      for (const [k, v] of url.searchParams) {
        if (k === 'bewit') continue;
        if (!route.query?.includes(k))
          throw new ApiError(
            400,
            'InvalidRequestArguments',
            `Query-string parameter: ${k} is not supported!`,
          );
        if (k === 'limit' && !/^[0-9]+$/.test(v)) {
          throw new ApiError(
            400,
            'InvalidRequestArguments',
            `Query-string parameter: limit="${v}" does not match expression: /^[0-9]+$/`,
          );
        }
        if (k === 'quarantined' && !/^(true|false)$/.test(v)) {
          throw new ApiError(
            400,
            'InvalidRequestArguments',
            `Query-string parameter: quarantined="${v}" does not match expression: /^(true|false)$/`,
          );
        }
        query[k] = v;
      }
      // 6. schema
      let body: unknown = payload;
      if (route.input) {
        body = payload ?? {};
        const problem = validate(
          route.input,
          body,
          `${url.origin}/schemas/queue/v1/${route.input}.json#`,
        );
        if (problem) throw new ApiError(400, 'InputValidationError', problem);
      }
      const req: Req = {
        params,
        query,
        body,
        auth: authResult,
        origin: `${c.req.header('x-forwarded-proto') ?? url.protocol.replace(':', '')}://${hostHeader}`,
        authorize,
        signal: c.req.raw.signal,
        page: () => {
          let offset = 0;
          if (query.continuationToken) {
            try {
              offset = Number(hashids.decode(query.continuationToken)[0] ?? 0);
            } catch {
              throw inputError('Invalid continuation token');
            }
          }
          return {
            offset,
            limit: Math.min(query.limit === undefined ? 1000 : Number(query.limit), 1000),
          };
        },
      };
      const result = await route.handler(req);
      options.log?.(`${c.req.method} ${url.pathname} ${route.name} ${authResult.clientId ?? '-'}`);
      if (result instanceof Reply) return send(result.status, result.body, result.headers);
      if (result instanceof JsonText) return send(200, result.text);
      return send(200, JSON.stringify(result));
    } catch (err) {
      if (err instanceof RawResponse)
        return send(err.status, JSON.stringify(err.body), err.headers);
      if (err instanceof ApiError) {
        return fail(
          err,
          (err as ApiError & { www?: boolean }).www ? { 'www-authenticate': 'hawk' } : {},
        );
      }
      const incident = randomUUID();
      console.error(`incident ${incident} in ${route.name}:`, err);
      return fail(
        new ApiError(500, 'InternalServerError', `Internal Server Error, incidentId ${incident}.`),
      );
    }
  }

  // CORS preflight and unknown routes, as Express answers them under the API prefix.
  const routeRegexes = routes.map((r) => ({
    method: r.method,
    regex: new RegExp(
      `^${r.path.replace(/:[a-zA-Z]+\{\.\+\}/g, '(.+)').replace(/:[a-zA-Z]+/g, '([^/]+)')}$`,
    ),
  }));
  api.options('*', (c) => {
    const path = new URL(c.req.url).pathname.replace(/^.*?\/api\/queue\/v1/, '');
    const methods = new Set<string>();
    for (const r of routeRegexes) {
      if (!r.regex.test(path)) continue;
      methods.add(r.method);
      if (r.method === 'GET') methods.add('HEAD');
    }
    const allow = [...methods].join(', ');
    return c.body(allow || 'Not found', methods.size ? 200 : 404, {
      ...STANDARD_HEADERS,
      allow,
      'content-type': 'text/plain',
    });
  });
  api.all('*', (c) => c.json({ error: 'Not found' }, 404, CORS_HEADERS));
  return api;
}
