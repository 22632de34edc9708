// A bulk rerun against a service that answers 5xx, some of them after committing the rerun
// (`--faults`, a deployment of its own on a file database): each task gets exactly one new run.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueClient, type QueueClient } from '../../src/api';
import { expect, signIn, test } from '../fixtures';
import { definition, newId, ownQueue } from '../support/seed';
import { startService } from '../support/service';

const ROOT = { clientId: 'static/taskcluster/root', accessToken: 'bulk-faults-root-token' };
const ENV = { TASKCLUSTER_ROOT_ACCESS_TOKEN: ROOT.accessToken };
const TASKS = 30;

/** The seeding and checking client retries generously: it must not be the flaky part. */
const rootClient = (url: string): QueueClient =>
  createQueueClient({ rootUrl: url, credentials: ROOT, retries: 10, delayFactorMs: 50 });

/** A free port in this spec's range (24300-24399), so that parallel sessions do not collide. */
async function freePortInRange(): Promise<number> {
  for (let port = 24300 + Math.floor(Math.random() * 50); port < 24400; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  return 0;
}

test('a bulk rerun of failed tasks under injected 5xx adds exactly one run to each', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const db = join(mkdtempSync(join(tmpdir(), 'e2e-bulk-faults-')), 'queue.sqlite');
  const port = await freePortInRange();
  // Seeded without faults: a worker's lost claim is not what this test is about.
  const clean = await startService(['--db', db], ENV, port);
  const group = newId();
  const taskQueueId = ownQueue();
  const ids: string[] = [];
  try {
    const seed = rootClient(clean.url);
    for (let i = 0; i < TASKS; i++) {
      const id = newId();
      ids.push(id);
      await seed.createTask(
        id,
        definition({ name: `flaky-${i}`, taskGroupId: group, taskQueueId }),
      );
    }
    for (let failed = 0; failed < TASKS;) {
      const { tasks } = await seed.claimWork(taskQueueId, {
        workerGroup: 'e2e',
        workerId: 'bulk-faults',
        tasks: 32,
      });
      for (const t of tasks) await seed.reportFailed(t.status.taskId, t.runId);
      failed += tasks.length;
    }
  } finally {
    await clean.close();
  }

  const lines: string[] = [];
  const service = await startService(['--db', db, '--faults', '5xx=0.4', '--log'], ENV, port, (l) =>
    lines.push(l),
  );
  try {
    await page.goto(`${service.url}/tasks/groups/${group}`);
    await signIn(page, ROOT);
    await expect(page.getByTestId('load-progress')).toHaveText(new RegExp(`^${TASKS} tasks`), {
      timeout: 90_000,
    });
    await page.getByRole('checkbox', { name: `Select all ${TASKS} matching` }).check();
    await page.getByRole('button', { name: 'Rerun selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rerun selected tasks' });
    await expect(
      dialog.getByText(`${TASKS} selected: ${TASKS} will change, 0 will be skipped.`),
    ).toBeVisible();
    await dialog.getByRole('button', { name: `Rerun ${TASKS} tasks` }).click();

    // Failures that stay unknown are retried from the results, as a user would, until none is left.
    const results = page.getByRole('region', { name: 'Bulk action results' });
    const counts = results.getByTestId('bulk-counts');
    for (let attempt = 0; ; attempt++) {
      await expect(results).toHaveAttribute('data-job-passes', String(attempt + 1));
      await expect(results).toHaveAttribute('data-job-state', 'finished', { timeout: 90_000 });
      const text = (await counts.textContent())!;
      if (text.startsWith(`${TASKS} done · 0 failed`)) break;
      expect(attempt, `still failing after ${attempt} retries: ${text}`).toBeLessThan(15);
      await expect(results.locator('[data-result="failed"]').first()).toContainText(
        /5\d\d|may or may not have happened|did not happen/,
      );
      await results.getByRole('button', { name: 'Retry failed' }).click();
    }

    // Some reruns committed and lost their answer: exactly what must not be sent twice.
    const committedThenLost = lines.filter((l) =>
      /^FAULT 5\d\d after handling POST \/api\/queue\/v1\/task\/[\w-]+\/rerun/.test(l),
    );
    expect(committedThenLost.length, 'no rerun met a 5xx after its commit').toBeGreaterThan(0);
    const check = rootClient(service.url);
    const { statuses } = await check.statuses({ taskIds: ids });
    expect(statuses).toHaveLength(TASKS);
    for (const { status } of statuses) {
      expect(
        status.runs.map((r) => r.reasonCreated),
        status.taskId,
      ).toEqual(['scheduled', 'rerun']);
    }
  } finally {
    await service.close();
  }
});
