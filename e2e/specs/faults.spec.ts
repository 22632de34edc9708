// The dashboard on a network and a service that misbehave: `--faults` deployments of their own
// (file databases, own ports), a rerun whose answer is lost after the commit, and an outage.
import type { Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueClient, type QueueClient } from '../../src/api';
import { seedLargeGroup } from '../../server/demo/seed-large-group';
import { expect, signIn, test } from '../fixtures';
import { definition, newId, ownQueue, runTask } from '../support/seed';
import { freePort, startService } from '../support/service';

const ROOT = { clientId: 'static/taskcluster/root', accessToken: 'faults-e2e-root-token' };
const ENV = { TASKCLUSTER_ROOT_ACCESS_TOKEN: ROOT.accessToken };

const tempDb = () => join(mkdtempSync(join(tmpdir(), 'e2e-faults-')), 'queue.sqlite');
/** Reads are retried generously: the seeding and checking client must not be the flaky part. */
const rootClient = (url: string): QueueClient =>
  createQueueClient({ rootUrl: url, credentials: ROOT, retries: 10, delayFactorMs: 50 });

/** Starts a service whose stdout lines (`--log`) are kept. */
async function startLogged(args: string[], port = 0) {
  const lines: string[] = [];
  const service = await startService(args, ENV, port, (line) => lines.push(line));
  return { service, lines };
}

/** Records whether the page ever went blank after its first render, and what notices showed. */
async function watchShell(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as {
      __shell: { rendered: boolean; filled: boolean; blank: number; seen: string[] };
    };
    w.__shell = { rendered: false, filled: false, blank: 0, seen: [] };
    const check = () => {
      const header = document.querySelector('header');
      const main = document.querySelector('main');
      if (header && main) w.__shell.rendered = true;
      else if (w.__shell.rendered) w.__shell.blank++;
      // Once the view showed something, retries must never replace it with nothing.
      const text = (main?.textContent ?? '').trim();
      if (text) w.__shell.filled = true;
      else if (w.__shell.filled) w.__shell.blank++;
      const notice = document
        .querySelector('[data-connectivity]')
        ?.getAttribute('data-connectivity');
      if (notice && !w.__shell.seen.includes(notice)) w.__shell.seen.push(notice);
    };
    new MutationObserver(check).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
    });
  });
}
const shell = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __shell: { rendered: boolean; blank: number; seen: string[] } })
        .__shell,
  );

test('a 2,000-task group loads completely under 5xx, resets and latency, quietly retrying, never blank', async ({
  page,
}) => {
  const db = tempDb();
  const { taskGroupId } = seedLargeGroup({ db, tasks: 2000 });
  const { service, lines } = await startLogged([
    '--db',
    db,
    '--faults',
    '5xx=0.3,reset=0.05,latency=0-150',
    '--log',
  ]);
  try {
    await watchShell(page);
    await page.goto(`${service.url}/tasks/groups/${taskGroupId}`);
    await expect(page.getByTestId('load-progress')).toHaveText(/^2,000 tasks/, { timeout: 90_000 });
    // Every task once: the table holds 2,000 rows, and the state counts add up to 2,000.
    await expect(page.getByRole('table').first()).toHaveAttribute('aria-rowcount', '2001');
    const counts = await page
      .locator('[data-count]')
      .evaluateAll((els) =>
        els.reduce((sum, el) => sum + Number(el.textContent!.replace(/,/g, '')), 0),
      );
    expect(counts).toBe(2000);
    // The loader's own requests met faults (live refresh keeps asking for the open tasks), and
    // the page said it was retrying while they were retried.
    const loaderFault = /^FAULT (5\d\d|reset) .*(\/task-group\/|\/tasks\/status)/;
    await expect.poll(() => lines.some((l) => loaderFault.test(l)), { timeout: 60_000 }).toBe(true);
    await expect.poll(async () => (await shell(page)).seen).toContain('retrying');
    const seen = await shell(page);
    expect(seen.rendered).toBe(true);
    expect(seen.blank, 'the page went blank').toBe(0);
    expect(seen.seen).not.toContain('offline');
  } finally {
    await service.close();
  }
});

/** Clicks the action until it reports success, retrying after each clear, retryable failure. */
async function actUntilDone(page: Page, label: string, done: RegExp) {
  await page.getByRole('button', { name: label }).click();
  const dialog = page.getByRole('dialog', { name: label });
  await expect(dialog).toBeVisible();
  for (let attempt = 0; attempt < 12; attempt++) {
    await dialog.getByRole('button', { name: label }).click();
    // The last attempt's alert stays until this one starts: wait for it to go, so that the
    // outcome below is this attempt's (a quick failure may bring a new alert back at once).
    await expect(dialog.getByRole('alert'))
      .toBeHidden({ timeout: 5_000 })
      .catch(() => undefined);
    // A success closes the dialog; its notice may have gone already (the caller checks the API).
    const settled = async () =>
      (await page.getByText(done).isVisible()) || !(await dialog.isVisible())
        ? 'done'
        : (await dialog.getByRole('alert').isVisible())
          ? 'alert'
          : 'pending';
    await expect.poll(settled, { timeout: 60_000 }).not.toBe('pending');
    if ((await settled()) === 'done') return attempt;
    await expect(dialog.getByRole('alert')).toContainText(
      /did not happen.*safe to try again|may or may not have happened.*checks the status first|failed/,
    );
  }
  throw new Error(`${label} never succeeded`);
}

/** Tasks to act on, seeded without faults (a worker's claim must not be lost to them). */
async function seedActionTasks(url: string) {
  const seed = rootClient(url);
  const pending = newId();
  await seed.createTask(pending, definition({ name: 'faults pending', taskQueueId: ownQueue() }));
  const failed = newId();
  await seed.createTask(failed, definition({ name: 'faults failed', taskQueueId: ownQueue() }));
  await runTask(seed, failed, 'failed');
  const unscheduled = newId();
  await seed.createTask(
    unscheduled,
    definition({ name: 'faults unscheduled', dependencies: [unscheduled] }),
  );
  return { pending, failed, unscheduled };
}

test('a rerun whose answer is lost after the commit, retried after a worker resolved the new run, adds exactly one run', async ({
  page,
}) => {
  const db = tempDb();
  const { service: clean } = await startLogged(['--db', db]);
  const seed = rootClient(clean.url);
  const lost = newId();
  const lostQueue = ownQueue();
  await seed.createTask(lost, definition({ name: 'faults lost answer', taskQueueId: lostQueue }));
  await runTask(seed, lost, 'completed');

  // The rerun commits, its answer is lost (the connection drops after the service handled it),
  // and the status cannot be read either: the outcome is unknown.
  let rerunCalls = 0;
  let blockStatus = false;
  await page.route(`**/api/queue/v1/task/${lost}/rerun`, async (route) => {
    rerunCalls++;
    await route.fetch();
    blockStatus = true;
    await route.abort('connectionreset');
  });
  await page.route(`**/api/queue/v1/task/${lost}/status`, (route) =>
    blockStatus ? route.abort('connectionreset') : route.fallback(),
  );
  await page.goto(`${clean.url}/tasks/${lost}`);
  await signIn(page, ROOT);
  await page.getByRole('button', { name: 'Rerun task' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rerun task' });
  await dialog.getByRole('button', { name: 'Rerun task' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    /may or may not have happened.*Trying again checks the status first/,
  );
  // Meanwhile a worker runs the new run to completion: a blind retry would add a third run.
  const { tasks } = await seed.claimWork(lostQueue, {
    workerGroup: 'e2e',
    workerId: 'faults',
    tasks: 1,
  });
  expect(tasks.map((t) => [t.status.taskId, t.runId])).toEqual([[lost, 1]]);
  await seed.reportCompleted(lost, 1);
  blockStatus = false;
  await dialog.getByRole('button', { name: 'Rerun task' }).click();
  await expect(page.getByText('Task rerun')).toBeVisible();
  await expect(page.getByText(/The answer was lost/)).toBeVisible();
  expect(rerunCalls).toBe(1);
  const after = (await seed.status(lost)).status;
  expect(after.runs.map((r) => [r.runId, r.state])).toEqual([
    [0, 'completed'],
    [1, 'completed'],
  ]);
  await page.unrouteAll();
  await clean.close();
});

test('cancel, rerun and schedule under 5xx succeed once or fail clearly and can be retried', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const db = tempDb();
  const { service: clean } = await startLogged(['--db', db]);
  const { pending, failed, unscheduled } = await seedActionTasks(clean.url);
  await clean.close();
  const { service } = await startLogged(['--db', db, '--faults', '5xx=0.4', '--log']);
  try {
    const check = rootClient(service.url);
    await page.goto(`${service.url}/tasks/${pending}`);
    await signIn(page, ROOT);
    await actUntilDone(page, 'Cancel task', /^Task canceled$/);
    const canceled = (await check.status(pending)).status;
    expect(canceled.runs.map((r) => [r.state, r.reasonResolved])).toEqual([
      ['exception', 'canceled'],
    ]);

    await page.goto(`${service.url}/tasks/${failed}`);
    await actUntilDone(page, 'Rerun task', /^Task rerun$/);
    const rerun = (await check.status(failed)).status;
    expect(rerun.runs.map((r) => r.state)).toEqual(['failed', 'pending']);

    await page.goto(`${service.url}/tasks/${unscheduled}`);
    await actUntilDone(page, 'Schedule task', /^Task scheduled$/);
    const scheduled = (await check.status(unscheduled)).status;
    expect(scheduled.runs.map((r) => [r.state, r.reasonCreated])).toEqual([
      ['pending', 'scheduled'],
    ]);
  } finally {
    await service.close();
  }
});

/** Every line of the open log viewer, read by scrolling it from top to bottom. */
function viewerLines(page: Page): Promise<string[]> {
  return page.getByTestId('log-scroll').evaluate(async (scroll) => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    const texts = new Map<number, string>();
    scroll.scrollTop = 0;
    for (;;) {
      // Lines on screen are decoded by the log worker: wait until each has its spans.
      let rows: Element[] = [];
      for (let i = 0; i < 200; i++) {
        await frame();
        rows = [...scroll.querySelectorAll('[data-line]')];
        if (rows.every((r) => r.querySelector('[data-text] > span'))) break;
      }
      for (const r of rows)
        texts.set(
          Number(r.getAttribute('data-line')),
          r.querySelector('[data-text]')!.textContent!,
        );
      if (scroll.scrollTop + scroll.clientHeight >= scroll.scrollHeight - 1) break;
      scroll.scrollTop += scroll.clientHeight - 36;
    }
    return [...texts.keys()].sort((a, b) => a - b).map((n) => texts.get(n)!);
  });
}

test('a live log keeps following across connection resets, every line once', async ({ page }) => {
  // Every live-log connection is reset, before it is answered or part-way through (within 2 s);
  // the demo worker writing the log (over the API) is spared.
  const { service, lines } = await startLogged([
    '--worker',
    // The log is written over 20 s: the view opens while it grows, even on a busy machine.
    '--worker-run-seconds',
    '20-20',
    '--faults',
    'reset=1',
    '--faults-on',
    'livelog',
    '--log',
  ]);
  try {
    // What the status line said, in order: the page records it, so no change is missed.
    await page.addInitScript(() => {
      const w = window as unknown as { __status: string[] };
      w.__status = [];
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="log-status"]')?.textContent;
        if (text && text !== w.__status[w.__status.length - 1]) w.__status.push(text);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    // The dashboard's code is loaded before the run starts, so the view opens quickly.
    await page.goto(`${service.url}/`);
    const seed = rootClient(service.url);
    const id = newId();
    await seed.createTask(
      id,
      definition({ name: 'faults live log', taskQueueId: 'proj-demo/live' }),
    );
    // The demo worker claims it and points live.log at its live log.
    const liveLog = `${service.url}/api/queue/v1/task/${id}/runs/0/artifacts/public/logs/live.log`;
    await expect
      .poll(async () => (await fetch(liveLog, { redirect: 'manual' })).status, {
        timeout: 30_000,
        intervals: [100],
      })
      .toBe(303);
    await page.goto(`${service.url}/tasks/${id}/runs/0/logs/live/public/logs/live.log`);
    await page.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
    const status = page.getByTestId('log-status');
    // The worker finishes: the viewer reaches the end, following it, without a reload.
    await expect(status).toHaveText(/^[\d,]+ lines$/, { timeout: 60_000 });
    const scroll = page.getByTestId('log-scroll');
    await expect(scroll.getByText(/^\[taskcluster\] Exit Code: [01]$/)).toBeInViewport();
    expect(await page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(
      true,
    );
    // Connections were cut while the log grew, and lines written after a cut still arrived.
    expect(lines.some((l) => l.startsWith('FAULT reset during the answer') && l.includes(id))).toBe(
      true,
    );
    const seen = await page.evaluate(() => (window as unknown as { __status: string[] }).__status);
    const count = (text: string) => Number(/^([\d,]+) lines/.exec(text)?.[1]?.replace(/,/g, ''));
    // (A cut before the first byte shows "0 lines"; the first cut that cost lines is wanted.)
    const firstCut = seen.findIndex(
      (t) => t.includes('connection lost, reconnecting') && count(t) > 0,
    );
    expect(firstCut, `status lines: ${seen.join(' | ')}`).toBeGreaterThanOrEqual(0);
    expect(count(seen[seen.length - 1]!)).toBeGreaterThan(count(seen[firstCut]!));
    expect(seen.slice(firstCut).some((t) => t.endsWith(' · streaming'))).toBe(true);

    // Each line exactly once, in order: the viewer holds what the worker wrote.
    const backing = await fetch(
      `${service.url}/api/queue/v1/task/${id}/runs/0/artifacts/public/logs/live_backing.log`,
    ).then((r) => r.text());
    const written = backing
      // eslint-disable-next-line no-control-regex -- the log's colours, which the viewer renders
      .replace(/\u001b\[[\d;]*m/g, '')
      .split('\n')
      .slice(0, -1);
    expect(written.length).toBeGreaterThan(300);
    await page.getByRole('switch', { name: 'Follow' }).uncheck();
    expect(count((await status.textContent())!)).toBe(written.length);
    expect(await viewerLines(page)).toEqual(written);
  } finally {
    await service.close();
  }
});

test('stopped for 20 s and started again, every open view recovers by itself and says it was offline', async ({
  page,
  context,
}) => {
  // 20 s of outage is the floor; a busy machine restarts the service slowly.
  test.setTimeout(300_000);
  const db = tempDb();
  const port = await freePort();
  let { service } = await startLogged(['--db', db], port);
  const url = service.url;
  try {
    const seed = rootClient(url);
    const group = newId();
    const running = newId();
    const taskQueueId = ownQueue();
    await seed.createTask(
      running,
      definition({ name: 'outage running', taskGroupId: group, taskQueueId }),
    );
    await runTask(seed, running, 'running');
    await seed.createTask(newId(), definition({ name: 'outage pending', taskGroupId: group }));

    const groupPage = await context.newPage();
    await page.goto(`${url}/tasks/${running}`);
    await groupPage.goto(`${url}/tasks/groups/${group}`);
    await expect(groupPage.getByTestId('load-progress')).toHaveText(/^2 tasks/, {
      timeout: 90_000,
    });
    await expect(groupPage.locator('[data-count="running"]')).toHaveText('1');
    const views = [page, groupPage];
    for (const p of views)
      await p.evaluate(
        () => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true),
      );

    const stopped = Date.now();
    await service.close();
    for (const p of views)
      await expect(p.locator('[data-connectivity="offline"]')).toBeVisible({ timeout: 60_000 });
    await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - stopped))));
    ({ service } = await startLogged(['--db', db], port));

    for (const p of views) {
      await expect(p.locator('[data-connectivity="recovered"]')).toContainText(
        /The Queue was unreachable for \d+ s/,
        { timeout: 60_000 },
      );
    }
    // The views keep following the Queue: a change made now shows without a reload.
    const { status } = await seed.status(running);
    await seed.reportCompleted(running, status.runs.length - 1);
    await expect(
      page.getByRole('group', { name: 'Run timeline' }).getByRole('button', { name: /completed/ }),
    ).toBeVisible({ timeout: 60_000 });
    await expect(groupPage.locator('[data-count="completed"]')).toHaveText('1', {
      timeout: 60_000,
    });
    for (const p of views)
      expect(
        await p.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
        'the view was reloaded',
      ).toBe(true);
    await groupPage.close();
  } finally {
    await service.close();
  }
});
