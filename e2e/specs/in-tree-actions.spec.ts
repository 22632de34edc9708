/**
 * In-tree actions end to end: the decision task's actions.json in the Actions menus, the input
 * form, the second confirmation, the Hooks service creating action tasks and the demo worker
 * performing them with the action task's credentials.
 */
import type { Page } from '@playwright/test';
import type { QueueClient } from '../../src/api';
import { expect, signIn, test } from '../fixtures';
import { decisionGroup, ensureHooks, e2eActionsJson } from '../support/actions';
import { definition, E2E_ROOT, newId, ownQueue, runTask } from '../support/seed';

/** A group with actions, a task in it, its page signed in as root, and the Actions menu open. */
async function openTaskActions(page: Page, queue: QueueClient, name: string) {
  const group = await decisionGroup(queue);
  const target = newId();
  await queue.createTask(target, definition({ name, taskGroupId: group, taskQueueId: ownQueue() }));
  await page.goto(`/tasks/${target}`);
  await signIn(page, E2E_ROOT);
  await page.getByRole('button', { name: 'Actions' }).click();
  return { group, target };
}

test.beforeAll(async ({ baseURL }) => {
  await ensureHooks(baseURL!);
});

test('Retrigger ×2 from a task page: the hook and payload are confirmed, two copies appear', async ({
  page,
  queue,
}) => {
  const { group, target } = await openTaskActions(page, queue, 'e2e retrigger target');
  await page.getByRole('menuitem', { name: 'Retrigger' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retrigger' });
  const times = dialog.getByLabel('Times');
  await times.fill('0');
  await expect(dialog.getByText('0 is less than 1').first()).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Continue' })).toBeDisabled();
  await times.fill('2');
  await dialog.getByRole('button', { name: 'Continue' }).click();

  const confirm = page.getByRole('dialog', { name: 'Retrigger?' });
  await expect(confirm.getByText('This action triggers hook')).toContainText('e2e-actions/allowed');
  await expect(confirm.getByTestId('action-payload')).toContainText('"times": 2');
  await expect(confirm.getByTestId('action-payload')).toContainText(target);
  await confirm.getByRole('button', { name: 'Retrigger', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created task' })).toBeVisible();

  // The action task runs on the demo worker, which creates the copies with its credentials.
  await expect
    .poll(
      async () => {
        const { tasks } = await queue.listTaskGroup(group);
        return tasks.filter(
          (t) => t.task.metadata.name === 'e2e retrigger target' && t.task.tags.retrigger,
        ).length;
      },
      { timeout: 90_000 },
    )
    .toBe(2);
  await page.getByRole('button', { name: 'Close' }).click();
  await page.goto(`/tasks/groups/${group}`);
  await expect(page.getByRole('link', { name: 'e2e retrigger target' })).toHaveCount(3);
});

test('Rerun failed tasks from the group page', async ({ page, queue }) => {
  const group = await decisionGroup(queue);
  const failed = newId();
  await queue.createTask(
    failed,
    definition({ name: 'e2e failing task', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await runTask(queue, failed, 'failed');
  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await page.getByRole('button', { name: 'Actions' }).click();
  // Task-context actions do not appear on the group page.
  await expect(page.getByRole('menuitem', { name: 'Retrigger' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Rerun failed tasks' }).click();
  await page
    .getByRole('dialog', { name: 'Rerun failed tasks' })
    .getByRole('button', { name: 'Continue' })
    .click();
  const confirm = page.getByRole('dialog', { name: 'Rerun failed tasks?' });
  await expect(confirm.getByTestId('action-payload')).toContainText('"taskId": null');
  await confirm.getByRole('button', { name: 'Rerun failed tasks' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Created task' })).toBeVisible();
  await expect
    .poll(async () => (await queue.status(failed)).status.runs.length, { timeout: 90_000 })
    .toBe(2);
});

test('a kind-task action creates its task with the decision task scopes', async ({
  page,
  queue,
}) => {
  const { group } = await openTaskActions(page, queue, 'e2e smoke target');
  await page.getByRole('menuitem', { name: 'Run smoke test' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run smoke test?' });
  await dialog.getByRole('button', { name: 'Run smoke test' }).click();
  const created = page
    .getByRole('dialog', { name: 'Run smoke test' })
    .getByRole('status')
    .getByRole('link');
  await expect(created).toBeVisible();
  const taskId = (await created.textContent())!;
  const task = await queue.task(taskId);
  expect(task.metadata.name).toBe('Smoke test: e2e smoke target');
  expect(task.taskGroupId).toBe(group);
  await created.click();
  await expect(page.getByRole('heading', { name: 'Smoke test: e2e smoke target' })).toBeVisible();
});

test('an action whose hook the decision task may not use is refused with the reason', async ({
  page,
  queue,
}) => {
  await openTaskActions(page, queue, 'e2e release target');
  await page.getByRole('menuitem', { name: 'Release' }).click();
  const dialog = page.getByRole('dialog', { name: 'Release' });
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await expect(dialog.getByRole('alert')).toContainText(
    "Action is misconfigured: decision task's scopes do not satisfy in-tree:hook-action:e2e-actions/forbidden",
  );
  await expect(page.getByRole('dialog', { name: 'Release?' })).toHaveCount(0);
});

test('a hostile actions.json renders inert, and a group without one says why', async ({
  page,
  queue,
}) => {
  const hostile = (groupId: string) => {
    const file = e2eActionsJson(groupId);
    file.actions[0] = {
      ...file.actions[0]!,
      title: '<img src=x onerror=alert(1)>Retrigger',
      description: '<script>alert(2)</script> [click me](javascript:alert(3))',
    };
    file.actions[1] = { ...file.actions[1]!, title: '<script>alert(4)</script>' };
    return file;
  };
  const group = await decisionGroup(queue, hostile);
  const target = newId();
  await queue.createTask(
    target,
    definition({ name: 'e2e hostile target', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await page.goto(`/tasks/${target}`);
  await page.getByRole('button', { name: 'Actions' }).click();
  await expect(
    page.getByRole('menuitem', { name: '<img src=x onerror=alert(1)>Retrigger' }),
  ).toBeVisible();
  await signIn(page, E2E_ROOT);
  await page.getByRole('button', { name: 'Actions' }).click();
  await page.getByRole('menuitem', { name: '<img src=x onerror=alert(1)>Retrigger' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('action-description')).toContainText('click me');
  expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.goto(`/tasks/groups/${group}`);
  await page.getByRole('button', { name: 'Actions' }).click();
  await expect(page.getByRole('menuitem', { name: '<script>alert(4)</script>' })).toBeVisible();

  // A group whose decision task publishes no actions.json: one line, no menu.
  const bare = newId();
  await queue.createTask(
    bare,
    definition({ name: 'e2e bare', taskGroupId: bare, taskQueueId: ownQueue() }),
  );
  await page.goto(`/tasks/groups/${bare}`);
  await expect(page.getByTestId('actions-reason')).toContainText('no public/actions.json');
  await expect(page.getByRole('button', { name: 'Actions' })).toHaveCount(0);
});
