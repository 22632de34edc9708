// Pins getting somewhere: the home box, Ctrl+K, pasted Taskcluster URLs, and ids that are both.
import { expect, test } from '../fixtures';
import { definition, newId } from '../support/seed';

test('the home box opens tasks, groups and Taskcluster UI URLs, and offers both for a decision task', async ({
  page,
  queue,
}) => {
  const decision = newId();
  await queue.createTask(decision, definition({ name: 'Decision Task', taskGroupId: decision }));
  await queue.createTask(newId(), definition({ name: 'build', taskGroupId: decision }));
  const lone = newId();
  await queue.createTask(lone, definition({ name: 'lone task' }));

  await page.goto('/');
  const box = page.getByLabel('Task ID, task group ID or Taskcluster URL');
  await box.fill(lone);
  await box.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'lone task' })).toBeVisible();

  await page.goto('/');
  await box.fill(decision);
  await box.press('Enter');
  await expect(page.getByText('This ID is both a task and a task group')).toBeVisible();
  await page.getByRole('link', { name: 'Open task group' }).click();
  await expect(page.getByTestId('load-progress')).toHaveText('2 tasks');

  await page.goto('/');
  await box.fill(`https://firefox-ci-tc.services.mozilla.com/tasks/${lone}/runs/0`);
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tasks/${lone}/runs/0$`));

  await page.goto('/');
  await box.fill('not an id');
  await box.press('Enter');
  await expect(page.getByText('That is neither a task ID nor a URL.')).toBeVisible();

  // Recent items remember what was opened, with state counts for groups.
  await page.goto('/');
  await expect(page.getByRole('link', { name: 'Decision Task' }).first()).toBeVisible();
  await expect(page.getByText('2 pending')).toBeVisible();
});

test('Ctrl+K goes to a task group', async ({ page, queue }) => {
  const group = newId();
  await queue.createTask(newId(), definition({ name: 'in group', taskGroupId: group }));
  await page.goto('/settings');
  await expect(page.getByLabel('Root URL')).toBeVisible();
  await page.keyboard.press('Control+K');
  const search = page.getByRole('textbox', { name: 'Go to' });
  await expect(search).toBeVisible();
  await search.fill(group);
  await page.getByRole('button', { name: `Open task group ${group}` }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/groups/${group}$`));
  await expect(page.getByTestId('load-progress')).toHaveText('1 tasks');
});

test('a signed-in user seals and cancels a task group', async ({ page, queue }) => {
  const group = newId();
  for (let i = 0; i < 3; i++)
    await queue.createTask(newId(), definition({ name: `member ${i}`, taskGroupId: group }));
  await page.goto(`/tasks/groups/${group}`);
  const { signIn } = await import('../fixtures');
  const { E2E_ROOT } = await import('../support/seed');
  await signIn(page, E2E_ROOT);
  await expect(page.getByRole('button', { name: 'Cancel task group' })).toBeDisabled();
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
  await expect(page.getByText('Tasks canceled: 3 of 3.')).toBeVisible();
  await expect(page.locator('[data-count="exception"]')).toHaveText('3', { timeout: 45_000 });
});
