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

test('change priority of a task and its group; edit and create with a YAML error fixed inline', async ({
  page,
  queue,
}) => {
  // Three views and a reload in one journey: on a busy 2-core machine it needs more than 180 s.
  test.slow();
  const group = newId();
  const original = newId();
  const sibling = newId();
  for (const [id, name] of [
    [original, 'e2e edit me'],
    [sibling, 'e2e sibling'],
  ] as const)
    await queue.createTask(
      id,
      definition({ name, taskGroupId: group, taskQueueId: ownQueue(), routes: ['index.e2e.x'] }),
    );

  await page.goto(`/tasks/${original}`);
  await signIn(page, E2E_ROOT);
  const choose = async (dialogName: string, priority: string) => {
    const dialog = page.getByRole('dialog', { name: dialogName });
    await dialog.getByRole('combobox', { name: 'Priority' }).click();
    await page.getByRole('option', { name: priority, exact: true }).click();
    await dialog.getByRole('button', { name: 'Change priority' }).click();
    await expect(dialog).toBeHidden();
  };
  await page.getByRole('button', { name: 'Change priority' }).click();
  await expect(
    page.getByRole('dialog', { name: 'Change priority' }).getByText('Current priority: lowest'),
  ).toBeVisible();
  await choose('Change priority', 'very-high');
  await expect.poll(async () => (await queue.task(original)).priority).toBe('very-high');
  expect((await queue.task(sibling)).priority).toBe('lowest');

  await page.goto(`/tasks/groups/${group}`);
  await page.getByRole('button', { name: 'Change priority', exact: true }).click();
  await choose('Change priority', 'low');
  await expect(page.getByText('2 tasks now low.')).toBeVisible();
  for (const id of [original, sibling]) expect((await queue.task(id)).priority).toBe('low');

  // Edit and create: the copy stands alone.
  await page.goto(`/tasks/${original}`);
  await page.getByRole('button', { name: 'Edit and create' }).click();
  await expect(page).toHaveURL(/\/tasks\/create$/);
  const editor = page.getByRole('textbox', { name: 'Task definition (YAML)' });
  await expect(editor).toContainText('name: e2e edit me');
  await expect(editor).not.toContainText('taskGroupId');
  await expect(editor).not.toContainText('index.e2e.x');
  const newTaskId = (await page.getByTestId('new-task-id').textContent())!;
  expect(newTaskId).not.toBe(original);

  // A YAML error, shown at its line; the draft survives a reload.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('bad: x: y');
  const errors = page.getByRole('alert').filter({ hasText: 'YAML syntax error' });
  await expect(errors).toBeVisible();
  await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
  await page.reload();
  await expect(editor).toContainText('bad: x: y');
  await expect(errors).toBeVisible();
  await expect(page.getByTestId('new-task-id')).toHaveText(newTaskId);
  await page.getByRole('button', { name: 'Create task' }).click();
  expect(await queue.status(newTaskId).catch((e: { status?: number }) => e.status)).toBe(404);

  // Fixed inline: the line goes, the error with it.
  await editor.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Shift+Home');
  await page.keyboard.press('Backspace');
  await expect(errors).toBeHidden();
  await page.getByRole('button', { name: 'Create task' }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${newTaskId}$`));
  await expect(page.getByRole('heading', { name: 'e2e edit me' })).toBeVisible();
  const created = await queue.task(newTaskId);
  expect(created).toMatchObject({ taskGroupId: newTaskId, dependencies: [], routes: [] });
  expect(created.priority).toBe('lowest');

  // The next visit starts from the task just created, under a new taskId.
  await page.goto('/tasks/create');
  await expect(page.getByText('The last task you created here')).toBeVisible();
  await expect(editor).toContainText('name: e2e edit me');
  await expect(page.getByTestId('new-task-id')).not.toHaveText(newTaskId);
});
