import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENTRIES, isQueueError, type MethodName } from '../../src/api';
import { hawkHeader, signUrl } from '../../src/api/hawk';
import { expandRoute, type Entry } from '../../src/api/routes';
import { newId, ROOT, startTestQueue, taskDef, type TestQueue } from '../common/testing';

let q: TestQueue;
let taskId: string;
const expires = () => new Date(Date.now() + 3600_000).toJSON();

beforeAll(async () => {
  q = await startTestQueue();
  taskId = newId();
  await q.root.createTask(taskId, taskDef({ taskQueueId: 'proj-http/ci' }));
  await q.root.claimWork('proj-http/ci', { workerGroup: 'g', workerId: 'w' });
  await q.root.createArtifact(taskId, 0, 'public/a.txt', {
    storageType: 'reference',
    url: 'https://example.com/a',
    contentType: 'text/plain',
    expires: expires(),
  });
});
afterAll(() => q.close());

const api = (path: string) => `${q.url}/api/queue/v1${path}`;

describe('routing', () => {
  it("fits Hono's RegExpRouter (two patterns at one path position make it fall back, for every request, to a slower one)", async () => {
    await fetch(api('/ping'));
    const router = q.deployment.app.router as unknown as { activeRouter: { name: string } };
    expect(router.activeRouter.name).toBe('RegExpRouter');
  });

  it('serves every route of the client (no generic 404 for any of them)', async () => {
    for (const [name, entry] of Object.entries(ENTRIES) as [MethodName, Entry][]) {
      const args = [...entry.route.matchAll(/<([a-zA-Z]+)>/g)].map(([, p]) =>
        p === 'taskQueueId'
          ? 'proj-http/ci'
          : p === 'runId'
            ? 0
            : p === 'name'
              ? 'public/a.txt'
              : p === 'taskId' || p === 'taskGroupId'
                ? taskId
                : 'x',
      );
      const res = await fetch(api(expandRoute(entry.route, args)), {
        method: entry.method.toUpperCase(),
        headers: entry.input ? { 'content-type': 'application/json' } : {},
        body: entry.input ? '{}' : undefined,
        redirect: 'manual',
      });
      const body = await res.text();
      expect(body, `${name} reached no route`).not.toBe('{"error":"Not found"}');
    }
  });

  it('accepts encoded and literal slashes in splat parameters, only encoded ones for getTaskQueue', async () => {
    expect((await fetch(api('/pending/proj-http/ci'))).status).toBe(200);
    expect((await fetch(api('/pending/proj-http%2Fci'))).status).toBe(200);
    // The route matches (the public anonymous role lacks queue:get-task-queue, hence 403, not 404).
    const encoded = await fetch(api('/task-queues/proj-http%2Fci'));
    expect([encoded.status, ((await encoded.json()) as { code: string }).code]).toEqual([
      403,
      'InsufficientScopes',
    ]);
    const literal = await fetch(api('/task-queues/proj-http/ci'));
    expect([literal.status, await literal.json()]).toEqual([404, { error: 'Not found' }]);
    // The routes beside it take both, and a queue's counts are not the queue `…/ci/counts`.
    for (const queue of ['proj-http/ci', 'proj-http%2Fci']) {
      const counts = await q.root.taskQueueCounts('proj-http/ci');
      const url = api(`/task-queues/${queue}/counts`);
      const authorization = await hawkHeader({
        credentials: ROOT,
        method: 'GET',
        url,
        ts: Math.floor(Date.now() / 1000),
      });
      const res = await fetch(url, { headers: { authorization } });
      expect([res.status, await res.json()]).toEqual([200, counts]);
    }
    expect((await fetch(api(`/task/${taskId}/runs/0/artifact-info/public/a.txt`))).status).toBe(
      200,
    );
  });

  it('answers CORS preflights and sends the CORS set on every response', async () => {
    const pre = await fetch(api(`/task/${taskId}/status`), {
      method: 'OPTIONS',
      headers: { origin: 'https://x.example', 'access-control-request-method': 'GET' },
    });
    expect([pre.status, pre.headers.get('allow'), await pre.text()]).toEqual([
      200,
      'GET, HEAD',
      'GET, HEAD',
    ]);
    for (const path of [`/task/${taskId}/status`, '/task/bad/status', '/nope']) {
      const res = await fetch(api(path));
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    }
  });

  it('rejects unknown query keys and malformed limits', async () => {
    const res = await fetch(api(`/task/${taskId}/status?foo=1`));
    expect((await res.json()) as unknown).toMatchObject({ code: 'InvalidRequestArguments' });
    const limit = await fetch(api(`/task-group/${taskId}/list?limit=-1`));
    expect(limit.status).toBe(400);
  });
});

describe('authentication', () => {
  const url = () => api(`/task/${taskId}/status`);

  it('is a 401 for a bad MAC, an unknown client, a stale timestamp or a bad payload hash', async () => {
    const cases = [
      await hawkHeader({
        credentials: { ...ROOT, accessToken: 'wrong' },
        method: 'GET',
        url: url(),
        ts: Math.floor(Date.now() / 1000),
      }),
      await hawkHeader({
        credentials: { clientId: 'nobody', accessToken: 'x' },
        method: 'GET',
        url: url(),
        ts: Math.floor(Date.now() / 1000),
      }),
      await hawkHeader({
        credentials: ROOT,
        method: 'GET',
        url: url(),
        ts: Math.floor(Date.now() / 1000) - 3600,
      }),
    ];
    for (const authorization of cases) {
      const res = await fetch(url(), { headers: { authorization } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('hawk');
      const body = (await res.json()) as { code: string; message: string };
      expect(body.code).toBe('AuthenticationFailed');
      expect(body.message).not.toContain(ROOT.accessToken);
    }
    const cancel = api(`/task/${taskId}/cancel`);
    const hashed = await hawkHeader({
      credentials: ROOT,
      method: 'POST',
      url: cancel,
      ts: Math.floor(Date.now() / 1000),
      payload: { body: '{"a":1}', contentType: 'application/json' },
    });
    const claim = api(`/task/${taskId}/runs/0/exception`);
    const tampered = await fetch(claim, {
      method: 'POST',
      headers: {
        authorization: hashed.replace(/mac="[^"]+"/, 'mac="x"'),
        'content-type': 'application/json',
      },
      body: '{"reason":"worker-shutdown"}',
    });
    expect(tampered.status).toBe(401);
  });

  it('accepts bewits on GET until they expire, never on POST, never together with a header', async () => {
    const signed = await signUrl(url(), {
      credentials: ROOT,
      expires: Math.floor(Date.now() / 1000) + 60,
    });
    expect((await fetch(signed)).status).toBe(200);
    const expired = await signUrl(url(), {
      credentials: ROOT,
      expires: Math.floor(Date.now() / 1000) - 1,
    });
    expect((await fetch(expired)).status).toBe(401);
    const post = await signUrl(api(`/task/${taskId}/cancel`), {
      credentials: ROOT,
      expires: Math.floor(Date.now() / 1000) + 60,
    });
    expect((await fetch(post, { method: 'POST' })).status).toBe(401);
    const both = await fetch(signed, {
      headers: {
        authorization: await hawkHeader({
          credentials: ROOT,
          method: 'GET',
          url: signed,
          ts: Math.floor(Date.now() / 1000),
        }),
      },
    });
    expect(both.status).toBe(401);
  });

  it('gives anonymous callers a public deployment read access, and names missing scopes in 403s', async () => {
    expect((await q.anonymous.status(taskId)).status.taskId).toBe(taskId);
    const err = await q.anonymous.cancelTask(taskId).catch((e: unknown) => e);
    expect(isQueueError(err) && [err.status, err.code]).toEqual([403, 'InsufficientScopes']);
    expect((err as Error).message).toContain('queue:cancel-task:test-scheduler/');
  });
});

describe('artifacts', () => {
  it('stores an s3 upload, serves it by signed redirect with ranges, and refuses forged links', async () => {
    const res = await q.root.createArtifact(taskId, 0, 'public/logs/live_backing.log', {
      storageType: 's3',
      contentType: 'text/plain; charset=utf-8',
      expires: expires(),
    });
    if (res.storageType !== 's3') throw new Error('expected s3');
    const forged = res.putUrl.replace(
      /upload\/([^/]+)\/([^/]+)/,
      (_m, t: string) => `upload/${t}/AAAA`,
    );
    expect((await fetch(forged, { method: 'PUT', body: 'x' })).status).toBe(403);
    const content = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(
      (
        await fetch(res.putUrl, {
          method: 'PUT',
          body: content,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
        })
      ).status,
    ).toBe(200);
    const { url } = (await q.root.latestArtifact(taskId, 'public/logs/live_backing.log')) as {
      url: string;
    };
    const full = await fetch(url);
    expect([full.status, full.headers.get('content-type'), await full.text()]).toEqual([
      200,
      'text/plain; charset=utf-8',
      content,
    ]);
    const part = await fetch(url, { headers: { range: 'bytes=0-5' } });
    expect([part.status, part.headers.get('content-range'), await part.text()]).toEqual([
      206,
      `bytes 0-5/${content.length}`,
      'line 1',
    ]);
    expect((await fetch(url, { headers: { range: 'bytes=99999-' } })).status).toBe(416);
    expect(full.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers 404 for unknown artifacts, 410 once expired, 400 for link cycles', async () => {
    const missing = await fetch(api(`/task/${taskId}/runs/0/artifacts/public%2Fnope`), {
      redirect: 'manual',
    });
    expect(missing.status).toBe(404);
    await q.root.createArtifact(taskId, 0, 'public/l1', {
      storageType: 'link',
      artifact: 'public/l2',
      expires: expires(),
    });
    await q.root.createArtifact(taskId, 0, 'public/l2', {
      storageType: 'link',
      artifact: 'public/l1',
      expires: expires(),
    });
    const cycle = await q.root.artifact(taskId, 0, 'public/l1').catch((e: unknown) => e);
    expect(isQueueError(cycle) && cycle.message).toBe('Artifact leads to a link cycle');
    await q.root.createArtifact(taskId, 0, 'public/short', {
      storageType: 'reference',
      url: 'https://x',
      contentType: 'text/plain',
      expires: new Date(Date.now() + 1000).toJSON(),
    });
    q.clock.advance(5_000);
    const gone = await q.root.artifact(taskId, 0, 'public/short').catch((e: unknown) => e);
    expect(isQueueError(gone) && [gone.status, gone.code]).toEqual([410, 'ResourceExpired']);
  });

  it('streams a live log as it grows and ends it when closed', async () => {
    q.deployment.queue.liveLogs.open(taskId, 0);
    q.deployment.queue.liveLogs.append(taskId, 0, 'first\n');
    const res = await fetch(`${q.url}/__livelog/${taskId}/0`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('first\n');
    q.deployment.queue.liveLogs.append(taskId, 0, 'second\n');
    expect(decoder.decode((await reader.read()).value)).toBe('second\n');
    q.deployment.queue.liveLogs.close(taskId, 0);
    expect((await reader.read()).done).toBe(true);
    expect((await fetch(`${q.url}/__livelog/${newId()}/0`)).status).toBe(404);
  });
});
