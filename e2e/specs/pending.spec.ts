// Pins the pending count: exact, and it follows a newly created task without a reload.
import { definition, newId } from '../support/seed';
import { expect, test } from '../fixtures';

test('the worker-type page shows the exact pending count and follows new tasks', async ({
  page,
  queue,
}) => {
  const workerType = `wt-${Math.random().toString(36).slice(2, 8)}`;
  const taskQueueId = `e2e-prov/${workerType}`;
  for (let i = 0; i < 3; i++)
    await queue.createTask(newId(), definition({ name: `queued ${i}`, taskQueueId }));
  await page.goto(`/provisioners/e2e-prov/worker-types/${workerType}`);
  await expect(page.getByTestId('count-pending')).toHaveText('3');
  await expect(page.getByRole('link', { name: 'queued 0' })).toBeVisible();
  await queue.createTask(newId(), definition({ name: 'one more', taskQueueId }));
  await expect(page.getByTestId('count-pending')).toHaveText('4', { timeout: 12_000 });
  await page.goto('/provisioners');
  await expect(page.getByRole('link', { name: taskQueueId })).toBeVisible();
});
