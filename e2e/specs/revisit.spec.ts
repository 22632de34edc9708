// Instant revisits (issue 14 §3): a group loaded once is kept in IndexedDB; after a full reload
// its rows show (and filter) while the load is still held back, marked "refreshing"; the load
// then says what changed. Expiry, 404, "Clear cached data", sign-out and private groups.
import type { Page } from '@playwright/test';
import { createQueueClient } from '../../src/api';
import { expect, signIn, test } from '../fixtures';
import { definition, newId, ownQueue, runTask } from '../support/seed';
import { freePort, startService, type SpawnedService } from '../support/service';

const TOKEN = 'revisit-root-token';
const ROOT = { clientId: 'static/taskcluster/root', accessToken: TOKEN };

interface StoredEntry {
  rootUrl: string;
  taskGroupId: string;
  rowCount: number;
  savedAt: number;
}

/** The revisit cache's entries, read in the page (without creating the database if absent). */
function cacheEntries(page: Page): Promise<StoredEntry[]> {
  return page.evaluate(
    () =>
      new Promise<StoredEntry[]>((resolve, reject) => {
        const open = indexedDB.open('queue-dashboard-cache');
        // Not there yet: leave it to the dashboard to create.
        open.onupgradeneeded = () => open.transaction!.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('entries').objectStore('entries').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as StoredEntry[]);
          };
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

const rowCountOf = async (page: Page, group: string) =>
  (await cacheEntries(page)).find((e) => e.taskGroupId === group)?.rowCount;

/**
 * Holds every listTaskGroup request of `group` until `release()`: whatever the page shows
 * meanwhile did not come from the network.
 */
async function holdGroupList(page: Page, group: string) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let held = 0;
  await page
    .context()
    .route(new RegExp(`/api/queue/v1/task-group/${group}/list`), async (route) => {
      held++;
      await gate;
      await route.continue().catch(() => undefined);
    });
  return { release: () => release(), held: () => held };
}

const loadState = (page: Page) => page.getByTestId('load-state');
const rows = (page: Page) => page.locator('[data-task-row]');
const row = (page: Page, name: string) => rows(page).filter({ hasText: name });

test('a reload shows the cached rows at once, searchable, then what changed: a rerun and a new task', async ({
  page,
  queue,
}) => {
  const group = newId();
  const done = newId();
  await queue.createTask(
    done,
    definition({ name: 'build-linux64', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await runTask(queue, done, 'completed');
  const failed = newId();
  await queue.createTask(
    failed,
    definition({ name: 'test-alpha-1', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await runTask(queue, failed, 'failed');
  for (const name of ['test-beta-2', 'lint-gamma', 'docs-delta'])
    await queue.createTask(newId(), definition({ name, taskGroupId: group }));

  await page.goto(`/tasks/groups/${group}`);
  await expect(page.getByTestId('load-progress')).toHaveText('5 tasks');
  await expect(loadState(page)).toHaveAttribute('data-cache', 'miss');
  await expect.poll(() => rowCountOf(page, group)).toBe(5);

  // Between the visits: a rerun and a new task.
  await queue.rerunTask(done);
  await queue.createTask(newId(), definition({ name: 'test-new-arrival', taskGroupId: group }));

  const hold = await holdGroupList(page, group);
  await page.reload();
  // The rows of the last visit, while the load is held back.
  await expect(page.getByTestId('revisit-state')).toContainText('refreshing');
  await expect(page.getByTestId('revisit-state')).toContainText('5 tasks from your last visit');
  await expect(rows(page)).toHaveCount(5);
  await expect(page.locator('[data-count="completed"]')).toHaveText('1');
  await expect.poll(() => hold.held()).toBeGreaterThan(0);
  // Interactive: search and the state filter work on them.
  await page.getByLabel('Filter tasks by name').fill('beta');
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, 'test-beta-2')).toBeVisible();
  await expect(page.getByTestId('match-count')).toHaveText('1 of 5 match');
  await page.getByLabel('Filter tasks by name').fill('');
  await page.getByRole('button', { name: /^failed: 1 tasks/ }).click();
  await expect(rows(page)).toHaveCount(1);
  await expect(row(page, 'test-alpha-1')).toBeVisible();
  await page.getByRole('button', { name: /^failed: 1 tasks/ }).click();
  await expect(rows(page)).toHaveCount(5);

  hold.release();
  const notice = page.getByTestId('revisit-changes');
  await expect(notice).toContainText('2 tasks changed since you last looked');
  await expect(notice).toContainText('1 updated · 1 new');
  await expect(page.getByTestId('revisit-state')).toHaveCount(0);
  await expect(page.getByTestId('load-progress')).toHaveText('6 tasks');
  await expect(page.locator('[data-count="completed"]')).toHaveText('0');
  await expect(row(page, 'build-linux64')).toHaveAttribute('data-mark', 'changed');
  await expect(row(page, 'test-new-arrival')).toHaveAttribute('data-mark', 'new');
  await expect(row(page, 'test-beta-2')).not.toHaveAttribute('data-mark');
  await expect(page.locator('[data-task-row][data-mark]')).toHaveCount(2);

  // The marks last until the next visit.
  await expect.poll(() => rowCountOf(page, group)).toBe(6);
  await page.reload();
  await expect(notice).toHaveText('No task changed since you last looked.');
  await expect(rows(page)).toHaveCount(6);
  await expect(page.locator('[data-task-row][data-mark]')).toHaveCount(0);
});

test('"Clear cached data" in Settings empties the cache', async ({ page, queue }) => {
  const group = newId();
  await queue.createTask(newId(), definition({ name: 'cached-then-cleared', taskGroupId: group }));
  await page.goto(`/tasks/groups/${group}`);
  await expect(page.getByTestId('load-progress')).toHaveText('1 tasks');
  await expect.poll(() => rowCountOf(page, group)).toBe(1);

  await page.goto('/settings');
  await expect(page.getByTestId('cache-usage')).toContainText('1 group');
  await page.getByRole('button', { name: 'Clear cached data' }).click();
  await expect(page.getByTestId('cache-usage')).toHaveText('Nothing is cached.');
  expect(await cacheEntries(page)).toEqual([]);

  const hold = await holdGroupList(page, group);
  await page.goto(`/tasks/groups/${group}`);
  await expect(loadState(page)).toHaveAttribute('data-cache', 'miss');
  // The cache read starts at page start-up, so its miss can come before the load's first request.
  await expect.poll(() => hold.held()).toBeGreaterThan(0);
  await expect(rows(page)).toHaveCount(0);
  hold.release();
  await expect(rows(page)).toHaveCount(1);
});

test.describe('against a deployment of its own', () => {
  let service: SpawnedService | undefined;
  test.afterEach(async () => {
    await service?.close();
    service = undefined;
  });

  test('a task that expired leaves the list and counts as changed', async ({ page }) => {
    // The service sweeps expired tasks every second, as the real Queue's expire-tasks job does daily.
    service = await startService(['--expire-every', '1'], { TASKCLUSTER_ROOT_ACCESS_TOKEN: TOKEN });
    const q = createQueueClient({ rootUrl: service.url, credentials: ROOT, retries: 1 });
    const group = newId();
    const short = newId();
    const soon = new Date(Date.now() + 15_000).toJSON();
    await q.createTask(
      short,
      definition({ name: 'short-lived', taskGroupId: group, deadline: soon, expires: soon }),
    );
    await q.createTask(newId(), definition({ name: 'long-lived', taskGroupId: group }));

    await page.goto(`${service.url}/tasks/groups/${group}`);
    await expect(page.getByTestId('load-progress')).toHaveText('2 tasks');
    await expect.poll(() => rowCountOf(page, group)).toBe(2);

    // Past its expires the sweep deletes it.
    await expect
      .poll(
        () =>
          q.status(short).then(
            () => 200,
            (e: { status?: number }) => e.status,
          ),
        { timeout: 60_000 },
      )
      .toBe(404);

    const hold = await holdGroupList(page, group);
    await page.reload();
    await expect(page.getByTestId('revisit-state')).toContainText('refreshing');
    await expect(rows(page)).toHaveCount(2);
    hold.release();
    const notice = page.getByTestId('revisit-changes');
    await expect(notice).toContainText('1 task changed since you last looked');
    await expect(notice).toContainText('1 expired');
    await expect(rows(page)).toHaveCount(1);
    await expect(row(page, 'long-lived')).toBeVisible();
    await expect(page.getByTestId('load-progress')).toHaveText('1 tasks');
    await expect.poll(() => rowCountOf(page, group)).toBe(1);
  });

  test('a group that now answers 404 is dropped from the cache', async ({ page }) => {
    // The same origin before and after: the deployment is replaced by an empty one.
    const port = await freePort();
    service = await startService([], { TASKCLUSTER_ROOT_ACCESS_TOKEN: TOKEN }, port);
    const q = createQueueClient({ rootUrl: service.url, credentials: ROOT, retries: 1 });
    const group = newId();
    await q.createTask(newId(), definition({ name: 'soon-gone', taskGroupId: group }));
    await page.goto(`${service.url}/tasks/groups/${group}`);
    await expect(page.getByTestId('load-progress')).toHaveText('1 tasks');
    await expect.poll(() => rowCountOf(page, group)).toBe(1);

    await service.close();
    service = await startService([], { TASKCLUSTER_ROOT_ACCESS_TOKEN: TOKEN }, port);
    await page.reload();
    await expect(page.getByRole('alert')).toContainText('This task group does not exist');
    await expect(rows(page)).toHaveCount(0);
    await expect.poll(() => rowCountOf(page, group)).toBeUndefined();

    // The next visit has nothing to show before the answer.
    await page.reload();
    await expect(page.getByRole('alert')).toContainText('This task group does not exist');
    await expect(page.getByTestId('revisit-state')).toHaveCount(0);
  });

  test('a private group is cached only with "Remember on this device"; signing out clears it', async ({
    page,
  }) => {
    service = await startService(['--private'], { TASKCLUSTER_ROOT_ACCESS_TOKEN: TOKEN });
    const q = createQueueClient({ rootUrl: service.url, credentials: ROOT, retries: 1 });
    const group = newId();
    await q.createTask(newId(), definition({ name: 'private-task', taskGroupId: group }));
    // Anonymous visitors of a private deployment cannot read it.
    const anonymous = createQueueClient({ rootUrl: service.url, retries: 0 });
    await expect(anonymous.listTaskGroup(group)).rejects.toMatchObject({ status: 403 });

    await page.goto(`${service.url}/`);
    await signIn(page, ROOT);
    await page.goto(`${service.url}/tasks/groups/${group}`);
    await expect(page.getByTestId('load-progress')).toHaveText('1 tasks');
    // Signed in for this tab only: not kept.
    await expect(loadState(page)).toHaveAttribute('data-stored', 'false');
    expect(await cacheEntries(page)).toEqual([]);

    await page
      .getByRole('banner')
      .getByRole('button', { name: `Signed in as ${ROOT.clientId}` })
      .click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in to Taskcluster' });
    await dialog.getByLabel('Client ID').fill(ROOT.clientId);
    await dialog.getByLabel('Access token').fill(ROOT.accessToken);
    await dialog.getByLabel('Remember on this device').check();
    await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.reload();
    await expect(page.getByTestId('load-progress')).toHaveText('1 tasks');
    await expect(loadState(page)).toHaveAttribute('data-stored', 'true');
    await expect.poll(() => rowCountOf(page, group)).toBe(1);
    const entries = await cacheEntries(page);
    // Rows only: no credentials in what is stored.
    expect(JSON.stringify(entries)).not.toContain(TOKEN);

    await page
      .getByRole('banner')
      .getByRole('button', { name: `Signed in as ${ROOT.clientId}` })
      .click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => cacheEntries(page)).toEqual([]);
  });
});
