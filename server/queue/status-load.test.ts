/**
 * The short version of `npm run bench:service`'s status load: the raw-socket generator signs
 * requests the service accepts, and counts only answers that carry the asked task's status.
 * Counts only, no timing asserts.
 */
import Hawk from 'hawk';
import type { ChildProcess } from 'node:child_process';
import { createSecretKey } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueClient } from '../../src/api';
import { createTasks } from '../../bench/service-checks';
import { hawkGetHeader, statusLoad } from '../../bench/status-load';
import { freePort } from '../../e2e/support/service';
import { spawnQueueService } from '../common/spawn';

const dir = mkdtempSync(join(tmpdir(), 'queue-status-load-'));
const credentials = { clientId: 'static/taskcluster/root', accessToken: 'status-load-token' };
let child: ChildProcess;
let rootUrl: string;
let ids: string[];

beforeAll(async () => {
  const port = await freePort();
  child = await spawnQueueService({
    db: join(dir, 'queue.sqlite'),
    port,
    rootAccessToken: credentials.accessToken,
  });
  rootUrl = `http://127.0.0.1:${port}`;
  ids = await createTasks(createQueueClient({ rootUrl, credentials }), 'bench-prov/status', 20);
}, 60_000);

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('status load generator', () => {
  it('signs exactly as the hawk package does', () => {
    const url = 'http://127.0.0.1:4000/api/queue/v1/task/abc/status';
    const expected = Hawk.client.header(url, 'GET', {
      credentials: { id: 'someone', key: 'secret', algorithm: 'sha256' },
      timestamp: 1700000000,
      nonce: 'n0nce1',
    }).header;
    const key = createSecretKey(Buffer.from('secret'));
    expect(
      hawkGetHeader(
        'someone',
        key,
        '/api/queue/v1/task/abc/status',
        '127.0.0.1',
        4000,
        1700000000,
        'n0nce1',
      ),
    ).toBe(expected);
  });

  it('gets every status it asks for, signed, with no errors', async () => {
    const r = await statusLoad(rootUrl, credentials, ids, 4, 1);
    expect(r.errorSamples).toEqual([]);
    expect(r.requests).toBeGreaterThan(ids.length);
  }, 60_000);

  it('counts answers the service refuses as errors, not requests', async () => {
    const wrong = { ...credentials, accessToken: 'not-the-token' };
    const r = await statusLoad(rootUrl, wrong, ids, 2, 0.3);
    expect(r.requests).toBe(0);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.errorSamples[0]).toMatch(/HTTP 401/);
  }, 60_000);
});
