// Credential hygiene, checked mechanically: across a whole signed-in journey (manual sign-in
// with temporary credentials, group → task → log → run artifacts → preview → one action),
// neither the access token nor the certificate's signature appears in any request URL, console
// message, localStorage, the page title or the page's DOM (text and attributes).
import taskcluster from 'taskcluster-client';
import { E2E_ROOT, definition, newId, ownQueue, runTask, uploadArtifact } from '../support/seed';
import { expect, test } from '../fixtures';

const temp = taskcluster.createTemporaryCredentials({
  start: new Date(Date.now() - 60_000),
  expiry: new Date(Date.now() + 3600_000),
  scopes: ['queue:*', 'auth:current-scopes'],
  credentials: E2E_ROOT,
}) as { clientId: string; accessToken: string; certificate: string };
const signature = (JSON.parse(temp.certificate) as { signature: string }).signature;
const SECRETS = {
  'access token': temp.accessToken,
  'certificate signature': signature,
  'issuer access token': E2E_ROOT.accessToken,
};

test('no credential leaks into URLs, console, localStorage, title or DOM', async ({
  page,
  context,
  queue,
}) => {
  expect(signature.length).toBeGreaterThan(20);
  const group = newId();
  const failed = newId();
  const pending = newId();
  await queue.createTask(
    failed,
    definition({ name: 'hygiene failed', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await queue.createTask(
    pending,
    definition({ name: 'hygiene pending', taskGroupId: group, taskQueueId: ownQueue() }),
  );
  await runTask(queue, failed, 'failed', {
    log: 'step 1 ok\nstep 2 failed\n',
    extra: (runId, q) =>
      uploadArtifact(q, failed, runId, 'public/report.txt', 'text/plain', 'report body\n'),
  });

  const urls: string[] = [];
  const consoleMessages: string[] = [];
  context.on('request', (request) => urls.push(request.url()));
  page.on('console', (message) => consoleMessages.push(message.text()));

  const leaks: string[] = [];
  const check = async (where: string) => {
    // The app's own banner: a Mantine dialog's header is a banner too while it closes.
    await expect(
      page.getByRole('banner').filter({ has: page.getByRole('link', { name: 'Queue Dashboard' }) }),
    ).toBeVisible();
    // `remember` is off by default, so the documented storage is sessionStorage (this tab
    // only, see src/queries/session-storage.ts); localStorage must not hold the credentials.
    const seen = await page.evaluate(() => ({
      local: JSON.stringify({ ...localStorage }),
      title: document.title,
      dom: document.documentElement.outerHTML,
      text: document.body.innerText,
    }));
    const places: Record<string, string> = {
      'request URLs': urls.join('\n'),
      console: consoleMessages.join('\n'),
      localStorage: seen.local,
      'document.title': seen.title,
      'DOM text': seen.text,
      'DOM markup': seen.dom,
    };
    for (const [place, text] of Object.entries(places))
      for (const [secret, value] of Object.entries(SECRETS))
        if (text.includes(value)) leaks.push(`${secret} in ${place} (${where})`);
  };

  await page.goto('/');
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to Taskcluster' });
  await dialog.getByLabel('Client ID').fill(temp.clientId);
  await dialog.getByLabel('Access token').fill(temp.accessToken);
  await dialog.getByLabel('Certificate').fill(temp.certificate);
  await expect(dialog.getByLabel('Remember on this device')).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: `Signed in as ${temp.clientId}` })).toBeVisible();
  // The form's fields hold the token until the dialog has closed: check what stays.
  await expect(dialog).toBeHidden();
  await check('signed in');
  // The credentials are where the dashboard documents them: this tab's sessionStorage.
  expect(await page.evaluate(() => JSON.stringify({ ...sessionStorage }))).toContain(
    temp.accessToken,
  );

  await page.goto(`/tasks/groups/${group}`);
  await page.getByRole('link', { name: 'hygiene failed' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('hygiene failed');
  await check('task');

  await page.goto(`/tasks/${failed}/runs/0/logs/public/logs/live_backing.log`);
  await expect(page.locator('[data-line="2"]')).toContainText('step 2 failed');
  await check('log');

  await page.goto(`/tasks/${failed}`);
  await page.getByRole('button', { name: 'Preview public/report.txt' }).click();
  await expect(page.getByLabel('Preview of public/report.txt')).toContainText('report body');
  await check('artifacts');

  await page.goto(`/tasks/${pending}`);
  await page.getByRole('button', { name: 'Cancel task' }).click();
  await page
    .getByRole('dialog', { name: 'Cancel task' })
    .getByRole('button', { name: 'Cancel task' })
    .click();
  await expect(page.getByText('Task canceled')).toBeVisible();
  expect((await queue.status(pending)).status.runs[0]!.reasonResolved).toBe('canceled');
  await check('after cancel');

  expect(urls.length).toBeGreaterThan(10);
  expect(leaks).toEqual([]);
});
