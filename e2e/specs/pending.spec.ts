// Pins the worker-type views under the documented public anonymous role: exact pending counts
// through pendingTasks (taskQueueCounts needs queue:claimed-count), the worker-type list through
// listProvisioners + listWorkerTypes (listTaskQueues needs queue:list-task-queues), inline
// "Sign in to view" lines naming the scope, never a red wall; and everything once signed in.
import { E2E_ROOT, definition, newId } from '../support/seed';
import { expect, signIn, test } from '../fixtures';

test('a visitor sees exact pending counts, the worker-type list and sign-in lines', async ({
  page,
  queue,
}) => {
  const workerType = `wt-${Math.random().toString(36).slice(2, 8)}`;
  const taskQueueId = `e2e-prov/${workerType}`;
  const first = newId();
  await queue.createTask(first, definition({ name: 'queued 0', taskQueueId }));
  for (let i = 1; i < 3; i++)
    await queue.createTask(newId(), definition({ name: `queued ${i}`, taskQueueId }));
  const calls: string[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/api/queue/v1/')) calls.push(`${r.status()} ${path}`);
  });

  await page.goto(`/provisioners/e2e-prov/worker-types/${workerType}`);
  await expect(page.getByTestId('count-pending')).toHaveText('3');
  const main = page.getByRole('main');
  await expect(
    main.getByRole('note', { name: 'Sign in to view how many tasks are running' }),
  ).toContainText(`queue:claimed-count:${taskQueueId}`);
  await expect(main.getByRole('note', { name: 'Sign in to view the pending tasks' })).toContainText(
    `queue:pending-list:${taskQueueId}`,
  );
  await expect(main.getByRole('note', { name: 'Sign in to view the claimed tasks' })).toContainText(
    `queue:claimed-list:${taskQueueId}`,
  );
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The count follows new tasks without a reload, through pendingTasks alone after the first 403.
  await queue.createTask(newId(), definition({ name: 'one more', taskQueueId }));
  await expect(page.getByTestId('count-pending')).toHaveText('4', { timeout: 36_000 });
  const counts = calls.filter((c) =>
    c.includes(`/task-queues/${encodeURIComponent(taskQueueId)}/counts`),
  );
  expect(counts).toEqual([
    `403 /api/queue/v1/task-queues/${encodeURIComponent(taskQueueId)}/counts`,
  ]);
  expect(
    calls.filter((c) => c.startsWith('200 /api/queue/v1/pending/')).length,
  ).toBeGreaterThanOrEqual(2);

  await page.goto('/provisioners');
  await expect(page.getByRole('link', { name: taskQueueId })).toBeVisible();
  expect(calls).toContain('403 /api/queue/v1/task-queues');
  expect(calls).toContain('200 /api/queue/v1/provisioners/e2e-prov/worker-types');
  await expect(page.getByRole('row', { name: new RegExp(taskQueueId) })).toContainText('4');
  await expect(
    main.getByRole('note', { name: /Sign in to view how many tasks are running/ }),
  ).toContainText('queue:claimed-count:');

  await page.goto(`/tasks/${first}`);
  await expect(page.getByText('4 pending')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // "Sign in to view" opens the sign-in dialog; signed in, the lists and the claimed count show.
  await page.goto(`/provisioners/e2e-prov/worker-types/${workerType}`);
  await main
    .getByRole('note', { name: 'Sign in to view the pending tasks' })
    .getByRole('button', { name: 'Sign in to view' })
    .click();
  await expect(page.getByRole('dialog', { name: 'Sign in to Taskcluster' })).toBeVisible();
  await page.keyboard.press('Escape');
  await signIn(page, E2E_ROOT);
  await expect(page.getByRole('link', { name: 'queued 0' })).toBeVisible();
  await expect(page.getByTestId('count-claimed')).toHaveText('0');
  await expect(main.getByRole('note')).toHaveCount(0);
});
