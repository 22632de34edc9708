// Pins the browsing journey: group → filter → search → task → run timeline → artifacts → log.
import { expect, test } from '../fixtures';
import { definition, logText, newId, ownQueue, runTask, uploadArtifact } from '../support/seed';

test('browse a group, filter and search it, open a task, its artifacts and its log', async ({
  page,
  queue,
}) => {
  const group = newId();
  const failedId = newId();
  await queue.createTask(
    failedId,
    definition({ name: 'test-linux64/mochitest-1', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await runTask(queue, failedId, 'failed', {
    log: logText(400),
    extra: async (runId, q) => {
      const expires = new Date(Date.now() + 86400_000).toJSON();
      await uploadArtifact(
        q,
        failedId,
        runId,
        'public/report.json',
        'application/json',
        JSON.stringify({ suite: 'mochitest', failures: 3 }),
      );
      await q.createArtifact(failedId, runId, 'public/missing.txt', {
        storageType: 'error',
        reason: 'file-missing-on-worker',
        message: 'no such file: report.txt',
        expires,
      });
    },
  });
  const okId = newId();
  await queue.createTask(
    okId,
    definition({ name: 'test-linux64/xpcshell-1', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await runTask(queue, okId, 'completed');
  for (let i = 0; i < 3; i++)
    await queue.createTask(newId(), definition({ name: `build-android-${i}`, taskGroupId: group }));

  await page.goto(`/tasks/groups/${group}`);
  await expect(page.getByTestId('load-progress')).toHaveText('5 tasks');
  await expect(page.locator('[data-count="failed"]')).toHaveText('1');
  await expect(page.locator('[data-count="pending"]')).toHaveText('3');
  await expect(page.locator('[data-task-row]')).toHaveCount(5);

  await page.getByRole('button', { name: /^failed: 1 tasks/ }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(1);
  await expect(page).toHaveURL(/state=failed/);
  await page.getByRole('button', { name: /^completed: 1 tasks/ }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await page.getByLabel('Filter tasks by name').fill('ANDROID');
  await expect(page.locator('[data-task-row]')).toHaveCount(3);
  await expect(page).toHaveURL(/search=ANDROID/);
  await page.getByLabel('Filter tasks by name').fill('mochitest');
  await expect(page.locator('[data-task-row]')).toHaveCount(1);

  // Rows hold plain anchors that the table routes itself: the click must stay in the app (the
  // marker survives), while the anchor keeps a real href for new tabs.
  await page.evaluate(
    () => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true),
  );
  const taskLink = page.getByRole('link', { name: 'test-linux64/mochitest-1' });
  await expect(taskLink).toHaveAttribute('href', /^\/tasks\/[A-Za-z0-9_-]{22}$/);
  await taskLink.click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'test-linux64/mochitest-1' }),
  ).toBeVisible();
  expect(
    await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
  ).toBe(true);
  const timeline = page.getByRole('group', { name: 'Run timeline' });
  await expect(timeline.getByRole('button', { name: /Run 0: failed/ })).toBeVisible();

  const artifacts = page.getByRole('list', { name: 'Artifacts' });
  await expect(artifacts.locator('[data-artifact]')).toHaveCount(4);
  await artifacts.getByRole('button', { name: 'Preview public/report.json' }).click();
  await expect(
    page.getByLabel('Preview of public/report.json').getByText('"failures"'),
  ).toBeVisible();
  await artifacts.getByRole('button', { name: 'Preview public/missing.txt' }).click();
  await expect(page.getByText('no such file: report.txt')).toBeVisible();
  await page.getByLabel('Filter artifacts').fill('live_backing');
  await expect(artifacts.locator('[data-artifact]')).toHaveCount(1);

  await artifacts.getByRole('link', { name: 'View log' }).click();
  await expect(page.getByTestId('log-status')).toHaveText('400 lines');
  await expect(page.locator('[data-line="1"]')).toContainText('INFO step 1 ok');
  await expect(page.locator('[data-line="1"] span span').first()).toHaveClass(/ansi-green/);

  await page.locator('[data-line="4"] a').click();
  await expect(page).toHaveURL(/#L4$/);
  await page.locator('[data-line="7"] a').click({ modifiers: ['Shift'] });
  await expect(page).toHaveURL(/#L4-7$/);
  await expect(page.locator('[data-line][data-selected]')).toHaveCount(4);

  await page.getByLabel('Search the log').fill('needle-');
  await expect(page.getByTestId('log-matches')).toHaveText('1 of 40');
  await page.getByLabel('Search the log').press('Enter');
  await expect(page.getByTestId('log-matches')).toHaveText('2 of 40');
  await page.getByLabel('Only matching lines').check();
  await expect(page.locator('[data-line]').first()).toContainText('needle-4');

  // A line link opened directly scrolls to its line.
  const logUrl = page.url().split('#')[0]!;
  await page.goto('/');
  await page.goto(`${logUrl}#L350`);
  await expect(page.locator('[data-line="350"]')).toBeInViewport();
  await expect(page.locator('[data-line="350"]')).toHaveAttribute('data-selected', 'true');
});

test('a filter cleared just before a reload stays cleared', async ({ page, queue }) => {
  const group = newId();
  for (const name of ['lint-alpha', 'build-beta', 'test-gamma'])
    await queue.createTask(newId(), definition({ name, taskGroupId: group }));
  await page.goto(`/tasks/groups/${group}`);
  await expect(page.getByTestId('load-progress')).toHaveText('3 tasks');
  const search = page.getByLabel('Filter tasks by name');
  await search.fill('beta');
  await expect(page).toHaveURL(/search=beta/);
  // A quiet spell, then the clear and, at once, the reload: the address must already say so.
  await page.waitForTimeout(400);
  await search.fill('');
  // The first change after a quiet spell reaches the address bar at once.
  expect(await page.evaluate(() => window.location.search)).toBe('');
  await page.reload();
  await expect(page.getByTestId('load-progress')).toHaveText('3 tasks');
  await expect(search).toHaveValue('');
  await expect(page.locator('[data-task-row]')).toHaveCount(3);
  expect(new URL(page.url()).searchParams.has('search')).toBe(false);
});
