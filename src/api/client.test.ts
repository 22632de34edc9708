import Hawk from 'hawk';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createQueueClient, isQueueError, paginate, QueueError, type QueueClient } from './index';

/** Recorded answers of the real Queue, copied into the repository (see fixtures/README.md). */
const FIXTURES = join(import.meta.dirname, 'fixtures');

/**
 * Routes of the Queue as queue-spec §1.4–1.5 lists them, written out independently of the
 * client's own table so that each checks the other. `:x` is one URL segment; `*x` may hold
 * encoded or literal slashes.
 */
const REFERENCE: [string, string, string, string[]?][] = [
  ['ping', 'GET', '/ping'],
  ['task', 'GET', '/task/:taskId'],
  ['status', 'GET', '/task/:taskId/status'],
  ['tasks', 'POST', '/tasks', ['continuationToken', 'limit']],
  ['statuses', 'POST', '/tasks/status', ['continuationToken', 'limit']],
  ['listTaskGroup', 'GET', '/task-group/:taskGroupId/list', ['continuationToken', 'limit']],
  ['getTaskGroup', 'GET', '/task-group/:taskGroupId'],
  ['sealTaskGroup', 'POST', '/task-group/:taskGroupId/seal'],
  ['cancelTaskGroup', 'POST', '/task-group/:taskGroupId/cancel'],
  ['listDependentTasks', 'GET', '/task/:taskId/dependents', ['continuationToken', 'limit']],
  ['createTask', 'PUT', '/task/:taskId'],
  ['defineTask', 'POST', '/task/:taskId/define'],
  ['scheduleTask', 'POST', '/task/:taskId/schedule'],
  ['rerunTask', 'POST', '/task/:taskId/rerun'],
  ['cancelTask', 'POST', '/task/:taskId/cancel'],
  ['changeTaskPriority', 'POST', '/task/:taskId/priority'],
  ['changeTaskGroupPriority', 'POST', '/task-group/:taskGroupId/priority'],
  ['pollTaskUrls', 'GET', '/poll-task-url/:provisionerId/:workerType'],
  ['claimWork', 'POST', '/claim-work/*taskQueueId'],
  ['claimTask', 'POST', '/task/:taskId/runs/:runId/claim'],
  ['reclaimTask', 'POST', '/task/:taskId/runs/:runId/reclaim'],
  ['reportCompleted', 'POST', '/task/:taskId/runs/:runId/completed'],
  ['reportFailed', 'POST', '/task/:taskId/runs/:runId/failed'],
  ['reportException', 'POST', '/task/:taskId/runs/:runId/exception'],
  ['createArtifact', 'POST', '/task/:taskId/runs/:runId/artifacts/*name'],
  ['finishArtifact', 'PUT', '/task/:taskId/runs/:runId/artifacts/*name'],
  ['getArtifact', 'GET', '/task/:taskId/runs/:runId/artifacts/*name'],
  ['listArtifacts', 'GET', '/task/:taskId/runs/:runId/artifacts', ['continuationToken', 'limit']],
  ['getLatestArtifact', 'GET', '/task/:taskId/artifacts/*name'],
  ['listLatestArtifacts', 'GET', '/task/:taskId/artifacts', ['continuationToken', 'limit']],
  ['artifactInfo', 'GET', '/task/:taskId/runs/:runId/artifact-info/*name'],
  ['latestArtifactInfo', 'GET', '/task/:taskId/artifact-info/*name'],
  ['artifact', 'GET', '/task/:taskId/runs/:runId/artifact-content/*name'],
  ['latestArtifact', 'GET', '/task/:taskId/artifact-content/*name'],
  ['pendingTasks', 'GET', '/pending/*taskQueueId'],
  ['taskQueueCounts', 'GET', '/task-queues/*taskQueueId/counts'],
  ['listPendingTasks', 'GET', '/task-queues/*taskQueueId/pending', ['continuationToken', 'limit']],
  ['listClaimedTasks', 'GET', '/task-queues/*taskQueueId/claimed', ['continuationToken', 'limit']],
  ['listTaskQueues', 'GET', '/task-queues', ['continuationToken', 'limit']],
  ['getTaskQueue', 'GET', '/task-queues/:taskQueueId'],
  ['listProvisioners', 'GET', '/provisioners', ['continuationToken', 'limit']],
  ['getProvisioner', 'GET', '/provisioners/:provisionerId'],
  [
    'listWorkerTypes',
    'GET',
    '/provisioners/:provisionerId/worker-types',
    ['continuationToken', 'limit'],
  ],
  ['getWorkerType', 'GET', '/provisioners/:provisionerId/worker-types/:workerType'],
  [
    'listWorkers',
    'GET',
    '/provisioners/:provisionerId/worker-types/:workerType/workers',
    ['continuationToken', 'limit', 'quarantined'],
  ],
  [
    'getWorker',
    'GET',
    '/provisioners/:provisionerId/worker-types/:workerType/workers/:workerGroup/:workerId',
  ],
];

const compiled = REFERENCE.map(([name, method, route, query]) => {
  const names: string[] = [];
  const pattern = route.replace(/([:*])([a-zA-Z]+)/g, (_m, kind: string, param: string) => {
    names.push(param);
    return kind === ':' ? '([^/]+)' : '(.+)';
  });
  return {
    name,
    method,
    regex: new RegExp(`^/api/queue/v1${pattern}$`),
    names,
    query: query ?? [],
  };
});

interface Seen {
  name: string;
  method: string;
  rawPath: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  authorization?: string;
}

type Handler = (seen: Seen, res: ServerResponse, attempt: number) => void | Promise<void>;

let server: Server;
let rootUrl: string;
let seen: Seen[] = [];
let handler: Handler;

const json = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    // Route on the raw path: the client must send encoded parameters.
    const rawPath = (req.url ?? '').split('?')[0] ?? '';
    const methodRoutes = compiled.filter((r) => r.method === req.method);
    // Prefer the most specific route, as Express's declaration order does.
    const match = methodRoutes
      .map((r) => ({ r, m: r.regex.exec(rawPath) }))
      .filter((x) => x.m)
      .sort((a, b) => b.r.regex.source.length - a.r.regex.source.length)[0];
    const text = await readBody(req);
    if (!match?.m) return json(res, 404, { error: 'Not found' });
    const query = Object.fromEntries(url.searchParams);
    for (const key of Object.keys(query)) {
      if (!match.r.query.includes(key)) {
        return json(res, 400, {
          code: 'InvalidRequestArguments',
          message: `Query-string parameter: ${key} is not supported!`,
        });
      }
    }
    const params = Object.fromEntries(
      match.r.names.map((n, i) => [n, decodeURIComponent(match.m![i + 1]!)]),
    );
    const entry: Seen = {
      name: match.r.name,
      method: req.method ?? '',
      rawPath,
      params,
      query,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      authorization: req.headers.authorization,
    };
    seen.push(entry);
    await handler(entry, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  rootUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  handler = (s, res) => json(res, 200, { echo: s.name });
});

const client = (opts: Partial<Parameters<typeof createQueueClient>[0]> = {}): QueueClient =>
  createQueueClient({ rootUrl, delayFactorMs: 1, ...opts });

const TID = 'ZtErGuitR2yAcL-lJG6_2A';
const def = {
  taskQueueId: 'proj/ci',
  created: '2026-01-01T00:00:00.000Z',
  deadline: '2026-01-02T00:00:00.000Z',
  payload: {},
  metadata: { name: 'n', description: 'd', owner: 'o@example.com', source: 'https://example.com' },
};

// Every method of the client: the call, and what must arrive at the server.
const CALLS: [
  string,
  (q: QueueClient) => Promise<unknown>,
  string,
  Record<string, string>?,
  unknown?,
][] = [
  ['ping', (q) => q.ping(), '/api/queue/v1/ping'],
  ['task', (q) => q.task(TID), `/api/queue/v1/task/${TID}`],
  ['status', (q) => q.status(TID), `/api/queue/v1/task/${TID}/status`],
  [
    'tasks',
    (q) => q.tasks({ taskIds: [TID] }, { limit: 5 }),
    '/api/queue/v1/tasks',
    { limit: '5' },
    { taskIds: [TID] },
  ],
  [
    'statuses',
    (q) => q.statuses({ taskIds: [TID] }),
    '/api/queue/v1/tasks/status',
    {},
    { taskIds: [TID] },
  ],
  [
    'listTaskGroup',
    (q) => q.listTaskGroup(TID, { limit: 2, continuationToken: 'a b/c' }),
    `/api/queue/v1/task-group/${TID}/list`,
    { limit: '2', continuationToken: 'a b/c' },
  ],
  ['getTaskGroup', (q) => q.getTaskGroup(TID), `/api/queue/v1/task-group/${TID}`],
  ['sealTaskGroup', (q) => q.sealTaskGroup(TID), `/api/queue/v1/task-group/${TID}/seal`],
  ['cancelTaskGroup', (q) => q.cancelTaskGroup(TID), `/api/queue/v1/task-group/${TID}/cancel`],
  [
    'listDependentTasks',
    (q) => q.listDependentTasks(TID, { limit: 25 }),
    `/api/queue/v1/task/${TID}/dependents`,
    { limit: '25' },
  ],
  ['createTask', (q) => q.createTask(TID, def), `/api/queue/v1/task/${TID}`, {}, def],
  ['defineTask', (q) => q.defineTask(TID, def), `/api/queue/v1/task/${TID}/define`, {}, def],
  ['scheduleTask', (q) => q.scheduleTask(TID), `/api/queue/v1/task/${TID}/schedule`],
  ['rerunTask', (q) => q.rerunTask(TID), `/api/queue/v1/task/${TID}/rerun`],
  ['cancelTask', (q) => q.cancelTask(TID), `/api/queue/v1/task/${TID}/cancel`],
  [
    'changeTaskPriority',
    (q) => q.changeTaskPriority(TID, { newPriority: 'high' }),
    `/api/queue/v1/task/${TID}/priority`,
    {},
    { newPriority: 'high' },
  ],
  [
    'changeTaskGroupPriority',
    (q) => q.changeTaskGroupPriority(TID, { newPriority: 'very-high' }),
    `/api/queue/v1/task-group/${TID}/priority`,
    {},
    { newPriority: 'very-high' },
  ],
  ['pollTaskUrls', (q) => q.pollTaskUrls('prov', 'wt'), '/api/queue/v1/poll-task-url/prov/wt'],
  [
    'claimWork',
    (q) => q.claimWork('proj-demo/ci', { workerGroup: 'g', workerId: 'w', tasks: 2 }),
    '/api/queue/v1/claim-work/proj-demo%2Fci',
    {},
    { workerGroup: 'g', workerId: 'w', tasks: 2 },
  ],
  [
    'claimTask',
    (q) => q.claimTask(TID, 0, { workerGroup: 'g', workerId: 'w' }),
    `/api/queue/v1/task/${TID}/runs/0/claim`,
    {},
    { workerGroup: 'g', workerId: 'w' },
  ],
  ['reclaimTask', (q) => q.reclaimTask(TID, 1), `/api/queue/v1/task/${TID}/runs/1/reclaim`],
  [
    'reportCompleted',
    (q) => q.reportCompleted(TID, 0),
    `/api/queue/v1/task/${TID}/runs/0/completed`,
  ],
  ['reportFailed', (q) => q.reportFailed(TID, 0), `/api/queue/v1/task/${TID}/runs/0/failed`],
  [
    'reportException',
    (q) => q.reportException(TID, 0, { reason: 'worker-shutdown' }),
    `/api/queue/v1/task/${TID}/runs/0/exception`,
    {},
    { reason: 'worker-shutdown' },
  ],
  [
    'createArtifact',
    (q) =>
      q.createArtifact(TID, 0, 'public/logs/live.log', {
        storageType: 'reference',
        url: 'https://x',
        contentType: 'text/plain',
        expires: def.deadline,
      }),
    `/api/queue/v1/task/${TID}/runs/0/artifacts/public%2Flogs%2Flive.log`,
    {},
    {
      storageType: 'reference',
      url: 'https://x',
      contentType: 'text/plain',
      expires: def.deadline,
    },
  ],
  [
    'finishArtifact',
    (q) => q.finishArtifact(TID, 0, 'public/a b.txt', { uploadId: 'u' }),
    `/api/queue/v1/task/${TID}/runs/0/artifacts/public%2Fa%20b.txt`,
    {},
    { uploadId: 'u' },
  ],
  [
    'getArtifact',
    (q) => q.getArtifact(TID, 2, 'private/x?y#z'),
    `/api/queue/v1/task/${TID}/runs/2/artifacts/private%2Fx%3Fy%23z`,
  ],
  [
    'getLatestArtifact',
    (q) => q.getLatestArtifact(TID, 'public/x'),
    `/api/queue/v1/task/${TID}/artifacts/public%2Fx`,
  ],
  [
    'listArtifacts',
    (q) => q.listArtifacts(TID, 0, { limit: 3 }),
    `/api/queue/v1/task/${TID}/runs/0/artifacts`,
    { limit: '3' },
  ],
  ['listLatestArtifacts', (q) => q.listLatestArtifacts(TID), `/api/queue/v1/task/${TID}/artifacts`],
  [
    'artifactInfo',
    (q) => q.artifactInfo(TID, 0, 'public/x'),
    `/api/queue/v1/task/${TID}/runs/0/artifact-info/public%2Fx`,
  ],
  [
    'latestArtifactInfo',
    (q) => q.latestArtifactInfo(TID, 'public/x'),
    `/api/queue/v1/task/${TID}/artifact-info/public%2Fx`,
  ],
  [
    'artifact',
    (q) => q.artifact(TID, 0, 'public/x'),
    `/api/queue/v1/task/${TID}/runs/0/artifact-content/public%2Fx`,
  ],
  [
    'latestArtifact',
    (q) => q.latestArtifact(TID, 'public/x'),
    `/api/queue/v1/task/${TID}/artifact-content/public%2Fx`,
  ],
  ['pendingTasks', (q) => q.pendingTasks('proj-demo/ci'), '/api/queue/v1/pending/proj-demo%2Fci'],
  [
    'taskQueueCounts',
    (q) => q.taskQueueCounts('proj-demo/ci'),
    '/api/queue/v1/task-queues/proj-demo%2Fci/counts',
  ],
  [
    'listTaskQueues',
    (q) => q.listTaskQueues({ limit: 10 }),
    '/api/queue/v1/task-queues',
    { limit: '10' },
  ],
  [
    'getTaskQueue',
    (q) => q.getTaskQueue('proj-demo/ci'),
    '/api/queue/v1/task-queues/proj-demo%2Fci',
  ],
  [
    'listPendingTasks',
    (q) => q.listPendingTasks('proj-demo/ci', { limit: 10 }),
    '/api/queue/v1/task-queues/proj-demo%2Fci/pending',
    { limit: '10' },
  ],
  [
    'listClaimedTasks',
    (q) => q.listClaimedTasks('proj-demo/ci'),
    '/api/queue/v1/task-queues/proj-demo%2Fci/claimed',
  ],
  ['listProvisioners', (q) => q.listProvisioners(), '/api/queue/v1/provisioners'],
  ['getProvisioner', (q) => q.getProvisioner('prov'), '/api/queue/v1/provisioners/prov'],
  [
    'listWorkerTypes',
    (q) => q.listWorkerTypes('prov'),
    '/api/queue/v1/provisioners/prov/worker-types',
  ],
  [
    'getWorkerType',
    (q) => q.getWorkerType('prov', 'wt'),
    '/api/queue/v1/provisioners/prov/worker-types/wt',
  ],
  [
    'listWorkers',
    (q) => q.listWorkers('prov', 'wt', { quarantined: true }),
    '/api/queue/v1/provisioners/prov/worker-types/wt/workers',
    { quarantined: 'true' },
  ],
  [
    'getWorker',
    (q) => q.getWorker('prov', 'wt', 'grp', 'w-1'),
    '/api/queue/v1/provisioners/prov/worker-types/wt/workers/grp/w-1',
  ],
];

describe('every method over HTTP', () => {
  it('covers the whole reference route table', () => {
    expect(new Set(CALLS.map((c) => c[0]))).toEqual(new Set(REFERENCE.map((r) => r[0])));
  });

  for (const [name, call, path, query, body] of CALLS) {
    it(`${name} sends the reference route, encoded path, query and body`, async () => {
      const result = await call(client());
      expect(seen).toHaveLength(1);
      const s = seen[0]!;
      expect(s.name).toBe(name);
      expect(s.rawPath).toBe(path);
      expect(s.query).toEqual(query ?? {});
      // Endpoints without input send no body at all, as the official clients do.
      expect(s.body).toEqual(body);
      expect(result).toEqual({ echo: name });
    });
  }

  it('signs requests with Hawk that the hawk package accepts, with a payload hash', async () => {
    const credentials = { clientId: 'c1', accessToken: 'k1' };
    let verified = '';
    handler = async (s, res) => {
      const u = new URL(rootUrl);
      const { artifacts } = await Hawk.server.authenticate(
        {
          method: s.method,
          url: s.rawPath,
          host: u.hostname,
          port: Number(u.port),
          authorization: s.authorization,
          contentType: 'application/json',
        } as unknown as IncomingMessage,
        () => ({ key: 'k1', algorithm: 'sha256', user: 'c1' }),
        { payload: JSON.stringify(s.body) },
      );
      verified = artifacts.id ?? '';
      json(res, 200, { status: {} });
    };
    await client({ credentials }).cancelTask(TID);
    expect(verified).toBe('c1');
  });

  it('rejects wrong arity and unknown options before sending anything', async () => {
    const q = client();
    // @ts-expect-error deliberately missing the payload
    await expect(q.createTask(TID)).rejects.toThrow(/argument/);
    // @ts-expect-error deliberately unknown option
    await expect(q.listTaskGroup(TID, { color: 'red' })).rejects.toThrow(
      /does not accept option color/,
    );
    await expect(q.status('')).rejects.toThrow(/non-empty/);
    expect(seen).toHaveLength(0);
  });

  it('returns the raw JSON text with requestText, signed and routed the same way', async () => {
    handler = (_s, res) => json(res, 200, { tasks: [], continuationToken: 'tok' });
    const text = await client().requestText('listTaskGroup', TID, { limit: 3 });
    expect(text).toBe('{"tasks":[],"continuationToken":"tok"}');
    expect(seen[0]).toMatchObject({ name: 'listTaskGroup', query: { limit: '3' } });
  });

  it('returns the 303 body of getArtifact outside a browser', async () => {
    handler = (_s, res) =>
      json(
        res,
        303,
        { storageType: 'reference', url: 'https://example.com/x' },
        { location: 'https://example.com/x' },
      );
    await expect(client().getArtifact(TID, 0, 'public/x')).resolves.toEqual({
      storageType: 'reference',
      url: 'https://example.com/x',
    });
  });
});

describe('retries', () => {
  it('retries 500 and 503, then succeeds', async () => {
    handler = (_s, res, n) =>
      n === 1
        ? json(res, 500, { code: 'InternalServerError', message: 'boom' })
        : n === 2
          ? json(res, 503, {})
          : json(res, 200, { alive: true, uptime: 1 });
    await expect(client().ping()).resolves.toEqual({ alive: true, uptime: 1 });
    expect(seen).toHaveLength(3);
  });

  it('gives up after `retries` extra attempts with the last error', async () => {
    handler = (_s, res) =>
      json(res, 502, { code: 'InternalServerError', message: 'still down\n\n---\n\n* footer' });
    const err = await client({ retries: 2 })
      .ping()
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(3);
    expect(err).toBeInstanceOf(QueueError);
    expect((err as QueueError).status).toBe(502);
    expect((err as QueueError).message).toBe('still down');
  });

  for (const status of [400, 401, 403, 404, 409, 424]) {
    it(`never retries ${status}`, async () => {
      handler = (_s, res) => json(res, status, { code: 'X', message: 'no' });
      const err = await client()
        .status(TID)
        .catch((e: unknown) => e);
      expect(isQueueError(err) && err.status).toBe(status);
      expect(seen).toHaveLength(1);
    });
  }

  it('times out each attempt and retries', async () => {
    // Answers far later than two timeouts: the bound holds on a busy machine too.
    handler = (_s, res) => void setTimeout(() => json(res, 200, {}), 3_000);
    const started = Date.now();
    const err = await client({ retries: 1, timeoutMs: 80 })
      .ping()
      .catch((e: unknown) => e);
    expect((err as QueueError).code).toBe('RequestTimeout');
    expect(seen).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('never retries claimWork after a timeout', async () => {
    handler = (_s, res) => void setTimeout(() => json(res, 200, { tasks: [] }), 400);
    const err = await client({ timeoutMs: 80 })
      .claimWork('p/w', { workerGroup: 'g', workerId: 'w' })
      .catch((e: unknown) => e);
    expect((err as QueueError).code).toBe('RequestTimeout');
    expect(seen).toHaveLength(1);
  });

  // After a 5xx or a timeout the effect may have happened: a blind retry could add a second run.
  const ONCE: [string, (q: QueueClient) => Promise<unknown>][] = [
    ['scheduleTask', (q) => q.scheduleTask(TID)],
    ['rerunTask', (q) => q.rerunTask(TID)],
    ['cancelTask', (q) => q.cancelTask(TID)],
    ['changeTaskPriority', (q) => q.changeTaskPriority(TID, { newPriority: 'high' })],
    ['changeTaskGroupPriority', (q) => q.changeTaskGroupPriority(TID, { newPriority: 'high' })],
  ];
  for (const [name, call] of ONCE) {
    it(`never retries ${name} after a 500 or a timeout`, async () => {
      handler = (_s, res) => json(res, 500, { code: 'InternalServerError', message: 'boom' });
      const failed = await call(client({ retries: 3 })).catch((e: unknown) => e);
      expect(isQueueError(failed) && failed.status).toBe(500);
      expect(seen).toHaveLength(1);
      handler = (_s, res) => void setTimeout(() => json(res, 200, {}), 400);
      const slow = await call(client({ retries: 3, timeoutMs: 80 })).catch((e: unknown) => e);
      expect((slow as QueueError).code).toBe('RequestTimeout');
      expect(seen).toHaveLength(2);
    });
  }

  it('retries createTask, which the Queue accepts again for an identical definition', async () => {
    handler = (_s, res, n) =>
      n === 1 ? json(res, 503, {}) : json(res, 200, { status: { taskId: TID } });
    await expect(client({ retries: 2 }).createTask(TID, def)).resolves.toEqual({
      status: { taskId: TID },
    });
    expect(seen).toHaveLength(2);
    expect(seen[1]!.body).toEqual(seen[0]!.body);
  });

  it('stops at once when aborted during the backoff', async () => {
    handler = (_s, res) => void json(res, 500, {});
    const controller = new AbortController();
    const started = Date.now();
    const pending = client({ delayFactorMs: 2_000 }).ping({ signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const err = await pending.catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(seen).toHaveLength(1);
  });

  it('aborts a request in flight', async () => {
    handler = (_s, res) => void setTimeout(() => json(res, 200, {}), 2_000);
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const err = await client()
      .ping({ signal: controller.signal })
      .catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('retries network failures and then reports them', async () => {
    const closed = createQueueClient({
      rootUrl: 'http://127.0.0.1:9',
      retries: 2,
      delayFactorMs: 1,
    });
    const err = await closed.ping().catch((e: unknown) => e);
    expect((err as QueueError).code).toBe('NetworkError');
    expect((err as QueueError).status).toBe(0);
  });
});

describe('clock skew', () => {
  it('adopts the server time from a stale-timestamp error and retries once', async () => {
    const offset = 40 * 60 * 1000; // the server runs 40 minutes ahead
    handler = async (s, res) => {
      const u = new URL(rootUrl);
      try {
        await Hawk.server.authenticate(
          {
            method: s.method,
            url: s.rawPath,
            host: u.hostname,
            port: Number(u.port),
            authorization: s.authorization,
          } as unknown as IncomingMessage,
          () => ({ key: 'k', algorithm: 'sha256', user: 'c' }),
          { timestampSkewSec: 900, localtimeOffsetMsec: offset },
        );
        json(res, 200, { status: { state: 'pending' } });
      } catch (err) {
        const time = new Date(Date.now() + offset).toJSON();
        json(
          res,
          401,
          {
            code: 'AuthenticationFailed',
            message: `Unauthorized: ${(err as Error).message}\n\n---\n\n* time: ${time}`,
            requestInfo: { method: 'status', params: {}, payload: {}, time },
          },
          { 'www-authenticate': 'hawk' },
        );
      }
    };
    const q = client({ credentials: { clientId: 'c', accessToken: 'k' } });
    await expect(q.status(TID)).resolves.toEqual({ status: { state: 'pending' } });
    expect(seen).toHaveLength(2);
    expect(Math.abs(q.clockOffsetMs - offset)).toBeLessThan(5_000);
    seen = [];
    await q.status(TID); // the offset sticks: no second stale timestamp
    expect(seen).toHaveLength(1);
  });

  it('does not loop when the server keeps refusing', async () => {
    handler = (_s, res) =>
      json(res, 401, {
        code: 'AuthenticationFailed',
        message: 'Unauthorized: Stale timestamp',
        requestInfo: { time: new Date().toJSON() },
      });
    const err = await client({ credentials: { clientId: 'c', accessToken: 'k' } })
      .status(TID)
      .catch((e: unknown) => e);
    expect((err as QueueError).code).toBe('AuthenticationFailed');
    expect(seen).toHaveLength(2);
  });
});

describe('error bodies from the reference', () => {
  const dir = join(FIXTURES, 'errors');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    it(`parses ${file}`, async () => {
      const example = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        response: { status: number; body: unknown };
      };
      const { status, body } = example.response;
      handler = (_s, res) =>
        void (typeof body === 'string'
          ? res.writeHead(status, { 'content-type': 'text/plain' }).end(body)
          : json(res, status, body));
      const err = await client({ retries: 0 })
        .ping()
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(QueueError);
      const e = err as QueueError;
      expect(e.status).toBe(status);
      expect(e.method).toBe('ping');
      const b = (body ?? {}) as { code?: string; message?: string; error?: string };
      expect(e.code).toBe(b.code ?? 'UnknownError');
      const raw = b.message ?? b.error;
      if (raw) expect(e.message).toBe(raw.split('\n---')[0]!.trim());
      expect(e.message).not.toContain('---');
      expect(e.message.length).toBeGreaterThan(0);
    });
  }

  it('parses artifact bodies {reason, message}, {message} and non-JSON text', async () => {
    handler = (_s, res) =>
      json(res, 424, { reason: 'file-missing-on-worker', message: 'no such file' });
    let e = (await client()
      .latestArtifact(TID, 'public/x')
      .catch((x: unknown) => x)) as QueueError;
    expect([e.status, e.code, e.reason, e.message]).toEqual([
      424,
      'ErrorArtifact',
      'file-missing-on-worker',
      'no such file',
    ]);
    handler = (_s, res) => json(res, 404, { message: 'Artifact not found' });
    e = (await client()
      .latestArtifact(TID, 'public/x')
      .catch((x: unknown) => x)) as QueueError;
    expect([e.code, e.message]).toEqual(['UnknownError', 'Artifact not found']);
    handler = (_s, res) =>
      void res.writeHead(404, { 'content-type': 'text/html' }).end('<html><b>nginx</b></html>');
    e = (await client()
      .status(TID)
      .catch((x: unknown) => x)) as QueueError;
    expect([e.status, e.code, e.message]).toEqual([404, 'UnknownError', 'Not found (HTTP 404)']);
  });
});

describe('pagination and typed results', () => {
  it('walks pages by continuationToken', async () => {
    handler = (s, res) => {
      const page = Number(s.query.continuationToken ?? 0);
      json(res, 200, {
        taskGroupId: TID,
        tasks: [{ n: page }],
        ...(page < 2 ? { continuationToken: String(page + 1) } : {}),
      });
    };
    const pages = [];
    for await (const page of paginate(client().listTaskGroup, [TID], { limit: 1 }))
      pages.push(page);
    expect(pages.map((p) => p.tasks)).toEqual([[{ n: 0 }], [{ n: 1 }], [{ n: 2 }]]);
    expect(seen.map((s) => s.query)).toEqual([
      { limit: '1' },
      { limit: '1', continuationToken: '1' },
      { limit: '1', continuationToken: '2' },
    ]);
  });

  it('types the captured examples', async () => {
    const load = (f: string) =>
      JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as {
        response?: { body: unknown };
        body?: unknown;
      };
    const bodyOf = (f: string) => {
      const x = load(f);
      return x.response?.body ?? x.body ?? x;
    };
    const q = client();
    handler = (_s, res) => json(res, 200, bodyOf('list-task-group.page1.captured.json'));
    const group = await q.listTaskGroup(TID);
    expect(group.tasks.length).toBeGreaterThan(0);
    expect(['unscheduled', 'pending', 'running', 'completed', 'failed', 'exception']).toContain(
      group.tasks[0]!.status.state,
    );
    expect(typeof group.tasks[0]!.task.metadata.name).toBe('string');

    handler = (_s, res) => json(res, 200, bodyOf('claim-work.captured.json'));
    const claim = await q.claimWork('proj-demo/ci', { workerGroup: 'g', workerId: 'w' });
    expect(Number.isNaN(Date.parse(claim.tasks[0]!.takenUntil))).toBe(false);
    expect(JSON.parse(claim.tasks[0]!.credentials.certificate)).toHaveProperty('seed');

    handler = (_s, res) => json(res, 200, bodyOf('task-queue-counts.captured.json'));
    const counts = await q.taskQueueCounts('proj-demo/ci');
    expect(typeof counts.pendingTasks).toBe('number');
    expect(typeof counts.claimedTasks).toBe('number');

    handler = (_s, res) => json(res, 200, bodyOf('statuses-batch.captured.json'));
    const statuses = await q.statuses({ taskIds: [TID] });
    expect(statuses.statuses[0]!.status.runs).toBeInstanceOf(Array);

    handler = (_s, res) => json(res, 200, bodyOf('task-status.three-runs.captured.json'));
    const status = await q.status(TID);
    expect(status.status.runs.map((r) => r.reasonCreated)).toEqual([
      'scheduled',
      'retry',
      'task-retry',
    ]);
  });
});

describe('signed URLs', () => {
  const credentials = { clientId: 'c', accessToken: 'k' };
  for (const [name, build, path] of [
    [
      'getArtifact',
      (q: QueueClient) => q.getArtifactSignedUrl(TID, 0, 'private/a.txt', { expiration: 60 }),
      `/api/queue/v1/task/${TID}/runs/0/artifacts/private%2Fa.txt`,
    ],
    [
      'getLatestArtifact',
      (q: QueueClient) => q.getLatestArtifactSignedUrl(TID, 'private/a.txt'),
      `/api/queue/v1/task/${TID}/artifacts/private%2Fa.txt`,
    ],
    [
      'pollTaskUrls',
      (q: QueueClient) => q.pollTaskUrlsSignedUrl('p', 'w'),
      '/api/queue/v1/poll-task-url/p/w',
    ],
  ] as const) {
    it(`${name} builds a bewit URL that hawk accepts and that never holds the access token`, async () => {
      const url = await build(client({ credentials }));
      expect(url).not.toContain('k&');
      const u = new URL(url);
      expect(u.pathname).toBe(path);
      const { attributes } = await Hawk.uri.authenticate(
        {
          method: 'GET',
          url: u.pathname + u.search,
          host: u.hostname,
          port: Number(u.port),
        } as unknown as IncomingMessage,
        () => ({ key: 'k', algorithm: 'sha256', user: 'c' }),
      );
      expect(attributes.id).toBe('c');
      const exp = Number(
        Buffer.from(u.searchParams.get('bewit')!, 'base64url').toString().split('\\')[1],
      );
      expect(exp - Date.now() / 1000).toBeLessThanOrEqual(name === 'getArtifact' ? 61 : 901);
    });
  }

  it('builds unsigned URLs and refuses to sign without credentials', async () => {
    expect(client().buildUrl('getLatestArtifact', TID, 'public/logs/live.log')).toBe(
      `${rootUrl}/api/queue/v1/task/${TID}/artifacts/public%2Flogs%2Flive.log`,
    );
    await expect(client().getLatestArtifactSignedUrl(TID, 'x')).rejects.toThrow(/credentials/);
  });
});
