/**
 * Kills the service with SIGKILL while several clients write, restarts it on the same database,
 * and checks that every acknowledged write is there and consistent.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createQueueClient, type TaskState } from '../../src/api';
import { spawnQueueService } from '../common/spawn';
import { newId, taskDef } from '../common/testing';

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
    const port = 18000 + Math.floor(Math.random() * 2000);
    const first = await start(port);
    const rootUrl = `http://127.0.0.1:${port}`;
    const queue = createQueueClient({ rootUrl, credentials, retries: 0 });
    const expected = new Map<string, TaskState>();
    let stop = false;

    const writer = async (n: number) => {
      const tq = `proj-restart/w${n}`;
      while (!stop) {
        const id = newId();
        try {
          const { status } = await queue.createTask(id, taskDef({ taskQueueId: tq }));
          expected.set(id, status.state);
          if (expected.size % 3 === 0) {
            const { tasks } = await queue.claimWork(tq, { workerGroup: 'g', workerId: `w${n}` });
            for (const t of tasks) {
              expected.set(t.status.taskId, 'running');
              const done = await queue.reportCompleted(t.status.taskId, t.runId);
              expected.set(t.status.taskId, done.status.state);
            }
          }
        } catch {
          return; // the process died under us: this write was not acknowledged
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    // Kill once enough writes are acknowledged, not after a fixed time: on a busy machine 1.5 s
    // may see only a handful.
    const deadline = Date.now() + 30_000;
    while (expected.size < 40 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    first.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    expect(expected.size).toBeGreaterThan(20);

    await start(port);
    const { statuses } = await queue.statuses({ taskIds: [...expected.keys()].slice(0, 1000) });
    const found = new Map(statuses.map((s) => [s.taskId, s.status.state]));
    for (const [id, state] of [...expected].slice(0, 1000)) {
      expect(found.get(id), id).toBeDefined();
      // Acknowledged states never go back; a claim made just before the kill may be unacknowledged.
      if (state === 'completed') expect(found.get(id)).toBe('completed');
      if (state === 'running') expect(['running', 'completed']).toContain(found.get(id));
      if (state === 'pending') expect(['pending', 'running', 'completed']).toContain(found.get(id));
    }
  }, 60_000);
});
