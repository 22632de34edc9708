/**
 * Kills the service with SIGKILL while several clients write (tasks, claims, uploaded and
 * reference artifacts, reports), restarts it on the same database, and checks that every
 * acknowledged write is there and consistent. The short version of `npm run bench:service`'s
 * kill check: it kills after a number of acknowledged writes, never after a time.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAcked, writeUntilKilled } from '../../bench/service-checks';
import { freePort } from '../../e2e/support/service';
import { spawnQueueService } from '../common/spawn';

const dir = mkdtempSync(join(tmpdir(), 'queue-restart-'));
const db = join(dir, 'queue.sqlite');
const credentials = { clientId: 'static/taskcluster/root', accessToken: 'restart-test-token' };
const children: ChildProcess[] = [];

async function start(port: number): Promise<ChildProcess> {
  const child = await spawnQueueService({ db, port, rootAccessToken: credentials.accessToken });
  children.push(child);
  return child;
}

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('durability', () => {
  it('keeps every acknowledged write across a kill -9', async () => {
    const port = await freePort();
    const first = await start(port);
    const rootUrl = `http://127.0.0.1:${port}`;
    const run = await writeUntilKilled({
      rootUrl,
      credentials,
      clients: 4,
      // Enough acknowledged writes to cover every kind, however slow the machine.
      killWhen: (writes) => writes >= 120,
      kill: () => first.kill('SIGKILL'),
    });
    expect(run.failures).toEqual([]);
    const completed = [...run.acked.values()].filter((t) => t.state === 'completed');
    expect(completed.length).toBeGreaterThan(5);

    await start(port);
    const check = await verifyAcked(rootUrl, credentials, run.acked);
    expect(check.missing).toEqual([]);
    expect(check.inconsistent).toEqual([]);
    expect(check.tasks).toBe(run.acked.size);
    expect(check.artifacts).toBeGreaterThanOrEqual(completed.length * 2);
  }, 240_000);
});
