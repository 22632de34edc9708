// The browse and action journeys against a real deployment (E2E_ROOT_URL), through the dashboard
// hosted on its own origin. Everything happens in one task group on this run's own worker type.
import type { Page } from '@playwright/test';
import { isQueueError } from '../../src/api';
import { expect, signIn, test } from '../fixtures';
import { logText } from '../support/seed';
import {
  anonymous,
  cleanUp,
  client,
  CLIENT,
  definition,
  newId,
  PROVISIONER,
  ROOT_URL,
  runTask,
  runWorkerType,
  taskQueueId,
} from './deployment';

const group = newId();
const failed = newId();
const completed = newId();
const pending = newId();
const dependent = newId();
const unscheduled = newId();

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // One pending task at a time, so that our worker claims exactly the one meant.
  await client.createTask(failed, definition('dashboard-e2e/failing test', { taskGroupId: group }));
  await runTask(failed, 'failed', logText(300));
  await client.createTask(
    completed,
    definition('dashboard-e2e/passing test', { taskGroupId: group }),
  );
  await runTask(completed, 'completed', logText(20));
  await client.createTask(
    pending,
    definition('dashboard-e2e/waiting build', { taskGroupId: group }),
  );
  await client.createTask(
    dependent,
    definition('dashboard-e2e/after the build', { taskGroupId: group, dependencies: [pending] }),
  );
  await client.createTask(
    unscheduled,
    definition('dashboard-e2e/manual step', { taskGroupId: group, dependencies: [unscheduled] }),
  );
});

test.afterAll(async () => {
  await cleanUp(group);
});

/** Opens the dashboard on the deployment under test (for this tab). */
async function open(page: Page, path: string) {
  const url = new URL(path, 'http://x');
  url.searchParams.set('rootUrl', ROOT_URL);
  await page.goto(`${url.pathname}${url.search}${url.hash}`);
}

test('a visitor browses the group, a task, its log and the worker type', async ({ page }) => {
  const visitorMayRead = await anonymous.task(failed).then(
    () => true,
    (e: unknown) => !(isQueueError(e) && e.status === 403),
  );
  await open(page, `/tasks/groups/${group}`);
  if (!visitorMayRead) {
    // A private deployment: every view says so, with the way in.
    await expect(page.getByTestId('private-deployment')).toContainText('requires sign-in');
    return;
  }
  await expect(page.getByTestId('load-progress')).toHaveText('5 tasks');
  await expect(page.locator('[data-count="failed"]')).toHaveText('1');
  await expect(page.locator('[data-count="completed"]')).toHaveText('1');
  await expect(page.locator('[data-count="pending"]')).toHaveText('1');
  await expect(page.locator('[data-count="unscheduled"]')).toHaveText('2');
  await page.getByRole('button', { name: /^failed: 1 tasks/ }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(1);
  await page.getByRole('link', { name: 'dashboard-e2e/failing test' }).click();

  await expect(page.getByRole('heading', { level: 1 })).toHaveText('dashboard-e2e/failing test');
  await expect(
    page
      .getByRole('group', { name: 'Run timeline' })
      .getByRole('button', { name: /Run 0: failed/ }),
  ).toBeVisible();
  // The description is Markdown: its link is a link.
  await expect(
    page.getByTestId('task-description').getByRole('link', { name: 'Queue Dashboard' }),
  ).toBeVisible();
  const artifacts = page.getByRole('list', { name: 'Artifacts' });
  await artifacts.getByRole('button', { name: 'Preview public/missing.txt' }).click();
  await expect(page.getByText('no such file: missing.txt')).toBeVisible();
  await artifacts.getByRole('link', { name: 'View log' }).first().click();
  await expect(page.getByTestId('log-status')).toHaveText('300 lines');
  await page.getByLabel('Search the log').fill('needle-');
  await expect(page.getByTestId('log-matches')).toHaveText('1 of 30');

  // The worker type: an exact pending count whatever the visitor's scopes.
  await open(page, `/provisioners/${PROVISIONER}/worker-types/${runWorkerType}`);
  await expect(page.getByTestId('count-pending')).toHaveText('1');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await open(page, `/provisioners/${PROVISIONER}`);
  await expect(page.getByRole('link', { name: taskQueueId })).toBeVisible();
});

test('signed in: cancel, rerun and schedule tasks, then seal and cancel the group', async ({
  page,
}) => {
  await open(page, `/tasks/${pending}`);
  await signIn(page, CLIENT);

  await page.getByRole('button', { name: 'Cancel task' }).click();
  const cancel = page.getByRole('dialog', { name: 'Cancel task' });
  await expect(
    cancel.getByText(/1 dependent task \(1 direct, 0 transitive\) will then never run/),
  ).toBeVisible();
  await cancel.getByRole('button', { name: 'Cancel task' }).click();
  await expect(page.getByText('Task canceled')).toBeVisible();
  await expect.poll(async () => (await client.status(pending)).status.state).toBe('exception');

  await open(page, `/tasks/${failed}`);
  await page.getByRole('button', { name: 'Rerun task' }).click();
  await page
    .getByRole('dialog', { name: 'Rerun task' })
    .getByRole('button', { name: 'Rerun task' })
    .click();
  await expect(page.getByText('Task rerun')).toBeVisible();
  await expect(
    page
      .getByRole('group', { name: 'Run timeline' })
      .getByRole('button', { name: /Run 1: pending/ }),
  ).toBeVisible();

  await open(page, `/tasks/${unscheduled}`);
  await page.getByRole('button', { name: 'Schedule task' }).click();
  await page
    .getByRole('dialog', { name: 'Schedule task' })
    .getByRole('button', { name: 'Schedule task' })
    .click();
  await expect(page.getByText('Task scheduled')).toBeVisible();
  expect((await client.status(unscheduled)).status.state).toBe('pending');

  await open(page, `/tasks/groups/${group}`);
  await page.getByRole('button', { name: 'Seal task group' }).click();
  await page
    .getByRole('dialog', { name: 'Seal task group' })
    .getByRole('button', { name: 'Seal task group' })
    .click();
  await expect(page.getByText('Task group sealed')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel task group' }).click();
  await page
    .getByRole('dialog', { name: 'Cancel task group' })
    .getByRole('button', { name: 'Cancel task group' })
    .click();
  await expect(page.getByText(/Tasks canceled: \d+ of 5\./)).toBeVisible();
  await expect.poll(async () => (await client.getTaskGroup(group)).sealed !== undefined).toBe(true);
  for (const id of [failed, unscheduled, dependent])
    await expect.poll(async () => (await client.status(id)).status.state).toBe('exception');
});
