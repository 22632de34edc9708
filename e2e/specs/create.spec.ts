/**
 * One task's copies and priority: Retrigger (and its yielding to an in-tree `retrigger`), Edit
 * and create through /tasks/create, Change priority of a task and of a group; every effect is
 * checked through the Queue API.
 */
import { expect, signIn, test } from '../fixtures';
import { decisionGroup } from '../support/actions';
import { definition, E2E_ROOT, newId, ownQueue } from '../support/seed';

test('Retrigger makes a copy in the same group; an in-tree retrigger replaces the button', async ({
  page,
  queue,
}) => {
  const group = newId();
  const dependency = newId();
  await queue.createTask(dependency, definition({ name: 'e2e dependency', taskGroupId: group }));
  const original = newId();
  await queue.createTask(
    original,
    definition({
      name: 'e2e retrigger me',
      taskGroupId: group,
      taskQueueId: ownQueue(),
      dependencies: [dependency],
      retries: 4,
      routes: ['index.e2e.retrigger'],
    }),
  );

  await page.goto(`/tasks/${original}`);
  await signIn(page, E2E_ROOT);
  await page.getByRole('button', { name: 'Retrigger', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Retrigger' });
  await expect(dialog.getByText('no automatic retries')).toBeVisible();
  await dialog.getByRole('button', { name: 'Retrigger' }).click();
  const link = page.getByRole('status').filter({ hasText: 'Retriggered as' }).getByRole('link');
  await expect(link).toBeVisible();
  const copyId = (await link.textContent())!;
  expect(copyId).not.toBe(original);

  const [before, after] = await Promise.all([queue.task(original), queue.task(copyId)]);
  expect(after).toMatchObject({
    taskGroupId: group,
    routes: ['index.e2e.retrigger'],
    dependencies: [],
    retries: 0,
    payload: before.payload,
    metadata: before.metadata,
  });
  const offset = (t: typeof before, field: 'deadline' | 'expires') =>
    Date.parse(t[field]) - Date.parse(t.created);
  expect(offset(after, 'deadline')).toBe(offset(before, 'deadline'));
  expect(offset(after, 'expires')).toBe(offset(before, 'expires'));
  expect(Date.parse(after.created)).toBeGreaterThan(Date.parse(before.created));
  expect((await queue.status(copyId)).status.state).toBe('pending');

  await link.click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${copyId}$`));
  await expect(page.getByRole('heading', { name: 'e2e retrigger me' })).toBeVisible();

  // In a group whose decision task publishes `retrigger`, only the in-tree one is offered.
  const actionsGroup = await decisionGroup(queue);
  const inTree = newId();
  await queue.createTask(
    inTree,
    definition({ name: 'e2e in-tree target', taskGroupId: actionsGroup, taskQueueId: ownQueue() }),
  );
  await page.goto(`/tasks/${inTree}`);
  await expect(page.getByRole('button', { name: 'Edit and create' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel task' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Retrigger', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Actions' }).click();
  await expect(page.getByRole('menuitem', { name: 'Retrigger' })).toBeVisible();
});
