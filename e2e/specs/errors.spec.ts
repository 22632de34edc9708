// Pins bad input and refusals: malformed ids, unknown tasks, missing scopes.
import { E2E_LIMITED, definition, newId } from '../support/seed';
import { expect, signIn, test } from '../fixtures';

test('a malformed taskId in the URL says so without asking the Queue', async ({ page }) => {
  await page.goto('/tasks/not-a-task-id');
  await expect(page.getByRole('alert')).toContainText('Not a valid task ID');
  await page.goto('/tasks/groups/abc"><img src=x onerror=alert(1)>');
  await expect(page.getByRole('alert')).toContainText('Not a valid task group ID');
});

test('an unknown task and an unknown group say they do not exist', async ({ page }) => {
  await page.goto(`/tasks/${newId()}`);
  await expect(page.getByRole('alert')).toContainText('This task does not exist');
  await page.goto(`/tasks/groups/${newId()}`);
  await expect(page.getByRole('alert')).toContainText('This task group does not exist');
});

test('a client without the scope sees the 403 and the missing scope', async ({ page, queue }) => {
  const id = newId();
  await queue.createTask(id, definition({ name: 'scoped task' }));
  await page.goto(`/tasks/${id}`);
  await signIn(page, E2E_LIMITED);
  await page.getByRole('button', { name: 'Cancel task' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel task' });
  await dialog.getByRole('button', { name: 'Cancel task' }).click();
  await expect(dialog.getByRole('alert')).toContainText('does not have sufficient scopes');
  await expect(dialog.getByRole('alert')).toContainText('queue:cancel-task:e2e/');
  expect((await queue.status(id)).status.state).toBe('pending');
});
