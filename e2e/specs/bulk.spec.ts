// Selection in the task-group view and bulk actions over it: preview, execution, scopes.
import type { QueueClient, TaskDefinitionRequest } from '../../src/api';
import { expect, signIn, test } from '../fixtures';
import { E2E_ROOT, definition, newId, ownQueue } from '../support/seed';

/** Resolves every pending task of `taskQueueId` (a queue of this test's own) with `outcome`. */
async function resolveAll(
  queue: QueueClient,
  taskQueueId: string,
  count: number,
  outcome: 'failed' | 'completed' | 'running',
) {
  let done = 0;
  while (done < count) {
    const { tasks } = await queue.claimWork(
      taskQueueId,
      { workerGroup: 'e2e', workerId: 'bulk', tasks: Math.min(32, count - done) },
      { timeoutMs: 25_000 },
    );
    for (const t of tasks) {
      if (outcome === 'failed') await queue.reportFailed(t.status.taskId, t.runId);
      if (outcome === 'completed') await queue.reportCompleted(t.status.taskId, t.runId);
    }
    done += tasks.length;
  }
}

/** Creates `count` tasks named `<prefix>-<i>` in `group` on `taskQueueId`; returns their ids. */
async function seed(
  queue: QueueClient,
  group: string,
  prefix: string,
  count: number,
  overrides: Partial<TaskDefinitionRequest> = {},
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = newId();
    ids.push(id);
    await queue.createTask(
      id,
      definition({ name: `${prefix}-${i}`, taskGroupId: group, ...overrides }),
    );
  }
  return ids;
}

test('select by row, range, Space and all matching; the bar counts what the filter hides', async ({
  page,
  queue,
}) => {
  const group = newId();
  const qa = ownQueue();
  const qb = ownQueue();
  const failed = await seed(queue, group, 'fail', 3, { taskQueueId: qa });
  await resolveAll(queue, qa, 3, 'failed');
  await seed(queue, group, 'wait', 2, { taskQueueId: qb });

  await page.goto(`/tasks/groups/${group}`);
  await expect(page.locator('[data-task-row]')).toHaveCount(5);
  const bar = page.getByRole('region', { name: 'Selection' });

  const first = page.getByRole('checkbox', { name: 'Select fail-0' });
  await expect(first).toHaveAccessibleDescription(failed[0]!);
  await first.click();
  await expect(bar.getByText('1 selected')).toBeVisible();
  // Sorted by name: fail-0, fail-1, fail-2, wait-0, wait-1. Shift-click selects up to wait-0.
  await page.getByRole('button', { name: 'Sort by Name' }).click();
  await page.getByRole('checkbox', { name: 'Select wait-0' }).click({ modifiers: ['Shift'] });
  await expect(bar.getByText('4 selected')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select wait-0' }).focus();
  await page.keyboard.press('Space');
  await expect(bar.getByText('3 selected')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(bar.getByText('3 selected')).toBeHidden();

  // The task-queue filter, then select every matching task.
  await page.getByRole('combobox', { name: 'Task queue' }).click();
  await page.getByRole('option', { name: new RegExp(qb.replace('/', '\\/')) }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`queue=${encodeURIComponent(qb)}`));
  await page.getByRole('checkbox', { name: 'Select all 2 matching' }).check();
  await expect(bar.getByText('2 selected')).toBeVisible();
  // Kept across filter changes; the bar says how many the filter hides.
  await page.getByRole('button', { name: 'Clear task queue filter' }).click();
  await page.getByRole('button', { name: /^failed: 3 tasks/ }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(3);
  await expect(bar.getByText('2 selected')).toBeVisible();
  await expect(bar.getByText('2 hidden by the current filter')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all 3 matching' }).check();
  await expect(bar.getByText('5 selected')).toBeVisible();
  await bar.getByRole('button', { name: 'Clear' }).click();
  await expect(bar.getByText(/selected/)).toBeHidden();
});

test('rerun every failed task: preview counts, one new run each, running tasks untouched', async ({
  page,
  queue,
}) => {
  const group = newId();
  const qf = ownQueue();
  const qr = ownQueue();
  const failed = await seed(queue, group, 'broken', 3, { taskQueueId: qf });
  await resolveAll(queue, qf, 3, 'failed');
  const running = await seed(queue, group, 'busy', 1, { taskQueueId: qr });
  await resolveAll(queue, qr, 1, 'running');
  await seed(queue, group, 'ok', 1, { taskQueueId: qf });
  await resolveAll(queue, qf, 1, 'completed');

  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await expect(page.locator('[data-task-row]')).toHaveCount(5);
  await page.getByRole('button', { name: /^failed: 3 tasks/ }).click();
  await page.getByRole('checkbox', { name: 'Select all 3 matching' }).check();
  await page.getByRole('button', { name: 'Rerun selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rerun selected tasks' });
  await expect(dialog.getByText('3 selected: 3 will change, 0 will be skipped.')).toBeVisible();
  await expect(dialog.getByText('queue:rerun-task-in-project:e2e')).toBeVisible();
  await dialog.getByRole('button', { name: 'Rerun 3 tasks' }).click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('3 done · 0 failed · 0 skipped');
  // Rows follow the answered statuses with no reload: no failed task is left.
  await expect(page.getByRole('button', { name: /^pending: 3 tasks/ })).toBeVisible();
  for (const id of failed) {
    const { status } = await queue.status(id);
    expect(status.runs.map((r) => r.reasonCreated)).toEqual(['scheduled', 'rerun']);
  }
  const busy = (await queue.status(running[0]!)).status;
  expect(busy.state).toBe('running');
  expect(busy.runs).toHaveLength(1);
});

test('a bulk cancel over 50 tasks asks for the count to be typed', async ({ page, queue }) => {
  const group = newId();
  const ids = await seed(queue, group, 'many', 52, { taskQueueId: ownQueue() });
  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await expect(page.getByTestId('load-state')).toHaveAttribute('data-loaded', '52');
  await page.getByRole('checkbox', { name: 'Select all 52 matching' }).check();
  await page.getByRole('button', { name: 'Cancel selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel selected tasks' });
  const confirm = dialog.getByRole('button', { name: 'Cancel 52 tasks' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 52 to confirm').fill('51');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 52 to confirm').fill('52');
  await confirm.click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('52 done · 0 failed · 0 skipped');
  const { statuses } = await queue.statuses({ taskIds: ids });
  expect(statuses.map((s) => s.status.runs.at(-1)?.reasonResolved)).toEqual(
    ids.map(() => 'canceled'),
  );
});

test('a narrow client: the results name the missing scope; Retry failed as root completes them', async ({
  page,
  queue,
}) => {
  const group = newId();
  const q = ownQueue();
  const a = await seed(queue, group, 'proj-a', 2, { taskQueueId: q, projectId: 'A' });
  const b = await seed(queue, group, 'proj-b', 2, { taskQueueId: q, projectId: 'B' });
  await resolveAll(queue, q, 4, 'failed');

  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, { clientId: 'e2e/rerun-project-a', accessToken: 'e2e-rerun-project-a-token' });
  await page.getByRole('checkbox', { name: 'Select all 4 matching' }).check();
  await page.getByRole('button', { name: 'Rerun selected' }).click();
  await page
    .getByRole('dialog', { name: 'Rerun selected tasks' })
    .getByRole('button', { name: 'Rerun 4 tasks' })
    .click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('2 done · 2 failed · 0 skipped');
  const failures = results.locator('[data-result="failed"]');
  await expect(failures).toHaveCount(2);
  await expect(failures.first()).toContainText('queue:rerun-task-in-project:B');
  await expect(failures.first()).toContainText('proj-b');

  await page.getByRole('button', { name: 'Signed in as e2e/rerun-project-a' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signIn(page, E2E_ROOT);
  await results.getByRole('button', { name: 'Retry failed' }).click();
  await expect(results.getByTestId('bulk-counts')).toHaveText('4 done · 0 failed · 0 skipped');
  for (const id of [...a, ...b]) {
    expect((await queue.status(id)).status.runs).toHaveLength(2);
  }
});
