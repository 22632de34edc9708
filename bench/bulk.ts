/**
 * Bulk rerun through the UI: in a group of N resolved tasks (default 1,000), sign in, select all,
 * `Rerun selected`, type the count, confirm; measures from the confirm click to the job's
 * `finished` (every call answered, 8 in flight) and to the rows showing every task pending again.
 * Then checks through the API that each task got exactly one new run. Prints the load average
 * before and after: a busy machine slows the service and the page alike.
 *
 * `npx tsx bench/bulk.ts [--tasks N] [--reps N] [--port P]` (each rep on a fresh group).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { spawnQueueService } from '../server/common/spawn';
import { seedLargeGroup } from '../server/demo/seed-large-group';
import { createQueueClient } from '../src/api';

const ROOT = { clientId: 'static/taskcluster/root', accessToken: `bench-bulk-${Date.now()}` };

/** Clicks the confirm button and resolves with [ms to the job finished, ms to all rows pending]. */
const CONFIRM_AND_WAIT = ([label, total]: [string, number]) =>
  new Promise<[number, number]>((resolve) => {
    const start = performance.now();
    let finished = 0;
    let rows = 0;
    const check = () => {
      const job = document.querySelector('[aria-label="Bulk action results"]');
      if (!finished && job?.getAttribute('data-job-state') === 'finished')
        finished = performance.now() - start;
      const pending = document.querySelector('[data-count="pending"]')?.textContent ?? '';
      if (!rows && Number(pending.replace(/,/g, '')) === total) rows = performance.now() - start;
      if (finished && rows) {
        mo.disconnect();
        resolve([finished, rows]);
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    const button = [...document.querySelectorAll('[role="dialog"] button')].find(
      (b) => b.textContent === label,
    ) as HTMLButtonElement;
    button.click();
  });

async function signIn(page: Page) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to Taskcluster' });
  await dialog.getByLabel('Client ID').fill(ROOT.clientId);
  await dialog.getByLabel('Access token').fill(ROOT.accessToken);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: `Signed in as ${ROOT.clientId}` }).waitFor();
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main() {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: '1000' },
      reps: { type: 'string', default: '1' },
      port: { type: 'string', default: '24390' },
    },
  });
  const n = Number(values.tasks);
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), 'bulk-bench-'));
  const db = join(dir, 'queue.sqlite');
  const groups = Array.from(
    { length: Number(values.reps) },
    () => seedLargeGroup({ db, tasks: n, pending: 0, running: 0 }).taskGroupId,
  );
  const port = Number(values.port);
  const url = `http://127.0.0.1:${port}`;
  const child = await spawnQueueService({ db, port, rootAccessToken: ROOT.accessToken });
  const browser = await chromium.launch(await chromiumLaunchOptionsOrExit());
  let failures = 0;
  try {
    for (const taskGroupId of groups) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${url}/tasks/groups/${taskGroupId}`);
      await signIn(page);
      await page.getByTestId('load-state').and(page.locator('[data-done]')).waitFor();
      await page.getByRole('checkbox', { name: `Select all ${n} matching` }).check();
      await page.getByRole('button', { name: 'Rerun selected' }).click();
      const dialog = page.getByRole('dialog', { name: 'Rerun selected tasks' });
      await dialog.getByText(`${n} selected: ${n} will change, 0 will be skipped.`).waitFor();
      if (n > 50) await dialog.getByLabel(`Type ${n} to confirm`).fill(String(n));
      // tsx keeps function names with a `__name` helper the page lacks.
      await page.evaluate('globalThis.__name = (f) => f');
      const before = load();
      const [finished, rows] = await page.evaluate(CONFIRM_AND_WAIT, [`Rerun ${n} tasks`, n] as [
        string,
        number,
      ]);
      const after = load();
      const counts = await page.getByTestId('bulk-counts').textContent();
      await page.close();
      // Exactly one new run each, through the API.
      const queue = createQueueClient({ rootUrl: url, credentials: ROOT });
      const tasks = [];
      let continuationToken: string | undefined;
      do {
        const chunk = await queue.listTaskGroup(taskGroupId, { continuationToken });
        tasks.push(...chunk.tasks);
        continuationToken = chunk.continuationToken;
      } while (continuationToken);
      const bad = tasks.filter(
        (t) => t.status.runs.filter((r) => r.reasonCreated === 'rerun').length !== 1,
      ).length;
      if (bad || tasks.length !== n || errors.length) failures++;
      console.log(
        `bulk rerun of ${n.toLocaleString()} selected tasks: job finished in ${(finished / 1000).toFixed(2)} s (${((n / finished) * 1000).toFixed(0)} calls/s, 8 in flight), rows all pending after ${(rows / 1000).toFixed(2)} s; ${counts}; ${bad} tasks without exactly one new run${errors.length ? `; page errors: ${errors.join('; ')}` : ''}; load average ${before} before, ${after} after`,
      );
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = failures ? 1 : 0;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
