// Selection in the task-group view and bulk actions over it: preview, execution, scopes.
import type { QueueClient, TaskDefinitionRequest } from '../../src/api';
import { expect, test } from '../fixtures';
import { definition, newId, ownQueue } from '../support/seed';

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
