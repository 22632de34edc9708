// The group page's insight tabs: deep links, and the task-list filters their numbers link to.
import { expect, test } from '../fixtures';
import { definition, newId, ownQueue, runTask } from '../support/seed';

test('group tabs have deep links, and the task list filters by queue and kind from its URL', async ({
  page,
  queue,
}) => {
  const group = newId();
  const qa = ownQueue();
  const qb = ownQueue();
  const build = newId();
  await queue.createTask(
    build,
    definition({ name: 'build-linux64', taskGroupId: group, taskQueueId: qa, tags: {} }),
  );
  await runTask(queue, build, 'completed');
  const dependents: [id: string, name: string][] = [];
  for (const [name, q] of [
    ['test-linux64/a', qb],
    ['test-linux64/b', qb],
    ['lint-eslint', qa],
  ] as const) {
    const id = newId();
    dependents.push([id, name]);
    await queue.createTask(
      id,
      definition({ name, taskGroupId: group, taskQueueId: q, dependencies: [build], tags: {} }),
    );
  }
  // The group still runs: its end is now, held by the unresolved dependents alike; the tie goes
  // to the smaller taskId.
  const lastStep = dependents.sort(([a], [b]) => (a < b ? -1 : 1))[0]![1];

  await page.goto(`/tasks/groups/${group}?queue=${encodeURIComponent(qb)}`);
  await expect(page.getByRole('tab', { name: 'Tasks' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[data-task-row]')).toHaveCount(2);
  await expect(page.getByTestId('match-count')).toHaveText('2 of 4 match');
  await page.getByRole('button', { name: 'Clear task queue filter' }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(4);

  await page.goto(`/tasks/groups/${group}?kind=build`);
  await expect(page.locator('[data-task-row]')).toHaveCount(1);
  await expect(page.locator('[data-task-row]')).toContainText('build-linux64');

  for (const [view, label] of [
    ['timeline', 'Timeline'],
    ['timings', 'Timings'],
    ['failures', 'Failures'],
  ] as const) {
    await page.goto(`/tasks/groups/${group}?view=${view}`);
    await expect(page.getByRole('tab', { name: label })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel')).toBeVisible();
  }
  // The timeline's critical path runs through the build to one of its waiting dependents.
  await page.goto(`/tasks/groups/${group}?view=timeline`);
  const path = page.getByTestId('critical-path');
  await expect(path).toContainText('Critical path: 2 tasks');
  await expect(path.getByRole('link')).toHaveText(['build-linux64', lastStep]);
  await expect(page.getByTestId('timeline-canvas')).toHaveAttribute('data-painted-segments', /\d+/);
  await page.goto(`/tasks/groups/${group}?view=timings`);
  await expect(page.getByTestId('timings-by-queue')).toContainText(qa);
  await page.goto(`/tasks/groups/${group}?view=failures`);
  // Tabs push history: back returns to the previous tab.
  await page.getByRole('tab', { name: 'Tasks' }).click();
  await expect(page).not.toHaveURL(/view=/);
  await expect(page.locator('[data-task-row]')).toHaveCount(4);
  await page.goBack();
  await expect(page.getByRole('tab', { name: 'Failures' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
});
