// Pins the actions: sign in, then cancel, rerun and schedule, each updating the state shown.
import { E2E_ROOT, definition, newId, ownQueue, runTask } from '../support/seed';
import { expect, signIn, test } from '../fixtures';

test('signed out, actions are disabled with an explanation', async ({ page, queue }) => {
  const id = newId();
  await queue.createTask(id, definition({ name: 'pending task' }));
  await page.goto(`/tasks/${id}`);
  await expect(page.getByRole('button', { name: 'Cancel task' })).toBeDisabled();
  await expect(
    page.getByText('Sign in with credentials that have the needed scopes to act on tasks.').first(),
  ).toBeAttached();
});

test('cancel a pending task, rerun a failed one, schedule an unscheduled one', async ({
  page,
  queue,
}) => {
  const pending = newId();
  await queue.createTask(
    pending,
    definition({ name: 'e2e pending task', taskQueueId: ownQueue() }),
  );
  const dependent = newId();
  await queue.createTask(dependent, definition({ name: 'e2e dependent', dependencies: [pending] }));
  const failed = newId();
  await queue.createTask(failed, definition({ name: 'e2e failed task', taskQueueId: ownQueue() }));
  await runTask(queue, failed, 'failed');
  const unscheduled = newId();
  await queue.createTask(
    unscheduled,
    definition({ name: 'e2e unscheduled task', dependencies: [unscheduled] }),
  );

  await page.goto(`/tasks/${pending}`);
  await signIn(page, E2E_ROOT);
  await page.getByRole('button', { name: 'Cancel task' }).click();
  const cancel = page.getByRole('dialog', { name: 'Cancel task' });
  await expect(
    cancel.getByText(/1 dependent task \(1 direct, 0 transitive\) will then never run/),
  ).toBeVisible();
  await cancel.getByRole('button', { name: 'Cancel task' }).click();
  await expect(page.getByText('Task canceled')).toBeVisible();
  await expect(
    page.getByRole('main').getByText('exception', { exact: true }).first(),
  ).toBeVisible();
  expect((await queue.status(pending)).status.runs[0]!.reasonResolved).toBe('canceled');

  await page.goto(`/tasks/${failed}`);
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
  expect((await queue.status(failed)).status.state).toBe('pending');

  await page.goto(`/tasks/${unscheduled}`);
  await page.getByRole('button', { name: 'Schedule task' }).click();
  await page
    .getByRole('dialog', { name: 'Schedule task' })
    .getByRole('button', { name: 'Schedule task' })
    .click();
  await expect(page.getByText('Task scheduled')).toBeVisible();
  await expect(
    page
      .getByRole('group', { name: 'Run timeline' })
      .getByRole('button', { name: /Run 0: pending/ }),
  ).toBeVisible();
  expect((await queue.status(unscheduled)).status.state).toBe('pending');

  // Signing out drops the credentials from this tab.
  await page.getByRole('button', { name: `Signed in as ${E2E_ROOT.clientId}` }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(
    await page.evaluate(
      () => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }),
    ),
  ).not.toContain(E2E_ROOT.accessToken);
});
