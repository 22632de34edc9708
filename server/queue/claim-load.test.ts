/**
 * Concurrent claims against the service in its own process, the short version of
 * `npm run bench:service`'s claim checks: long-polls that wait while tasks arrive, and workers
 * draining a queue. Counts only, no timing asserts.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimStorm, drainQueue } from '../../bench/service-checks';
import { freePort } from '../../e2e/support/service';
import { spawnQueueService } from '../common/spawn';

const dir = mkdtempSync(join(tmpdir(), 'queue-claims-'));
const credentials = { clientId: 'static/taskcluster/root', accessToken: 'claim-test-token' };
let child: ChildProcess;
let rootUrl: string;

beforeAll(async () => {
  const port = await freePort();
  child = await spawnQueueService({
    db: join(dir, 'queue.sqlite'),
    port,
    rootAccessToken: credentials.accessToken,
  });
  rootUrl = `http://127.0.0.1:${port}`;
});

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('concurrent claims', () => {
  it('answers every waiting long-poll and hands each new task to exactly one', async () => {
    // More polls than tasks: some must come back empty after the long-poll, none may fail.
    const storm = await claimStorm(rootUrl, credentials, 24, 16, { settleMs: 300 });
    expect(storm.failures).toEqual([]);
    expect(storm.answered).toBe(24);
    expect(storm.duplicates).toEqual([]);
    expect(storm.unclaimed).toEqual([]);
  }, 240_000);

  it('drains a queue with concurrent workers: no task twice, none lost', async () => {
    const drain = await drainQueue(rootUrl, credentials, 100, 8);
    expect(drain.failures).toEqual([]);
    expect(drain.duplicates).toEqual([]);
    expect(drain.lost).toEqual([]);
  }, 240_000);
});
