// Pins every view under the three identities a real deployment meets: a visitor of a public
// deployment (the documented anonymous role), a visitor of a private one (empty role), and a
// narrow client (see also errors.spec.ts for the 403 that names the scope of an action).
import {
  E2E_LIMITED,
  definition,
  logText,
  newId,
  ownQueue,
  runTask,
  uploadArtifact,
} from '../support/seed';
import { startService } from '../support/service';
import { createQueueClient } from '../../src/api';
import { expect, signIn, test } from '../fixtures';

test('a visitor of a public deployment can use every view, with sign-in lines and no red wall', async ({
  page,
  queue,
}) => {
  const group = newId();
  const id = newId();
  const taskQueueId = ownQueue();
  await queue.createTask(
    id,
    definition({ name: 'public visitor task', taskGroupId: group, taskQueueId }),
  );
  await runTask(queue, id, 'failed', {
    log: logText(50),
    extra: (runId, q) =>
      uploadArtifact(q, id, runId, 'private/build/secret.txt', 'text/plain', 'secret'),
  });
  await queue.createTask(
    newId(),
    definition({ name: 'waiting sibling', taskGroupId: group, taskQueueId }),
  );
  const [provisionerId, workerType] = taskQueueId.split('/');

  const views: [string, () => Promise<void>][] = [
    ['/', () => expect(page.getByRole('heading', { level: 1 })).toBeVisible()],
    [
      `/tasks/groups/${group}`,
      () => expect(page.getByTestId('load-progress')).toHaveText('2 tasks'),
    ],
    [
      `/tasks/${id}`,
      async () => {
        await expect(page.getByRole('group', { name: 'Run timeline' })).toBeVisible();
        await expect(page.getByText('1 pending')).toBeVisible();
        await expect(
          page.getByRole('note', { name: 'Sign in to view 1 private artifact' }),
        ).toContainText('queue:get-artifact:');
      },
    ],
    [
      `/tasks/${id}/definition`,
      () => expect(page.getByText('public visitor task').first()).toBeVisible(),
    ],
    [
      `/tasks/${id}/runs/0/logs/public/logs/live_backing.log`,
      () => expect(page.locator('[data-line="50"]')).toBeAttached(),
    ],
    ['/provisioners', () => expect(page.getByRole('link', { name: taskQueueId })).toBeVisible()],
    [
      `/provisioners/${provisionerId}/worker-types/${workerType}`,
      async () => {
        await expect(page.getByTestId('count-pending')).toHaveText('1');
        await expect(page.getByRole('note')).toHaveCount(3);
      },
    ],
    ['/settings', () => expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible()],
  ];
  for (const [path, ready] of views) {
    await page.goto(path);
    await ready();
    await expect(page.getByRole('alert'), path).toHaveCount(0);
    await expect(page.getByTestId('private-deployment'), path).toHaveCount(0);
  }
});

test('a private deployment is recognised and every view says that it requires sign-in', async ({
  page,
}) => {
  const service = await startService(['--private'], {
    TASKCLUSTER_ROOT_ACCESS_TOKEN: 'private-root-token',
  });
  try {
    const privateRoot = createQueueClient({
      rootUrl: service.url,
      credentials: { clientId: 'static/taskcluster/root', accessToken: 'private-root-token' },
    });
    const group = newId();
    const id = newId();
    await privateRoot.createTask(id, definition({ name: 'private task', taskGroupId: group }));

    for (const path of [
      '/',
      `/tasks/groups/${group}`,
      `/tasks/${id}`,
      '/provisioners',
      '/settings',
    ]) {
      await page.goto(`${service.url}${path}`);
      const notice = page.getByTestId('private-deployment');
      await expect(notice, path).toContainText('This deployment requires sign-in');
      await expect(notice.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expect(page.getByRole('alert'), path).toHaveCount(0);
    }
    await page.goto(`${service.url}/tasks/${id}`);
    await expect(
      page.getByRole('note', { name: 'Sign in to view this task', exact: true }),
    ).toContainText('This deployment requires sign-in to view this task');
    await page.getByTestId('private-deployment').getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in to Taskcluster' });
    await dialog.getByLabel('Client ID').fill('static/taskcluster/root');
    await dialog.getByLabel('Access token').fill('private-root-token');
    await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('private task');
    await expect(page.getByTestId('private-deployment')).toHaveCount(0);
  } finally {
    await service.close();
  }
});

test('a narrow client sees what it may and a sign-in line naming what it may not', async ({
  page,
  queue,
}) => {
  const taskQueueId = ownQueue();
  const id = newId();
  await queue.createTask(id, definition({ name: 'narrow view', taskQueueId }));
  const [provisionerId, workerType] = taskQueueId.split('/');
  await page.goto(`/provisioners/${provisionerId}/worker-types/${workerType}`);
  await signIn(page, E2E_LIMITED);
  await expect(page.getByTestId('count-pending')).toHaveText('1');
  const line = page.getByRole('note', { name: 'Sign in to view the pending tasks' });
  await expect(line).toContainText(`${E2E_LIMITED.clientId} may not view the pending tasks`);
  await expect(line).toContainText(`queue:pending-list:${taskQueueId}`);
  await expect(line.getByRole('button', { name: 'Sign in as another client' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
