// Pins that hostile content renders as inert text: names, descriptions, tags, sources,
// artifact names, reference URLs and log lines.
import { definition, newId, ownQueue, runTask, uploadArtifact } from '../support/seed';
import { expect, test } from '../fixtures';

const XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script>';

test('HTML, scripts and javascript: URLs in task data are shown as text', async ({
  page,
  queue,
}) => {
  const group = newId();
  const id = newId();
  await queue.createTask(
    id,
    definition({
      name: `evil ${XSS}`,
      taskGroupId: group,
      taskQueueId: ownQueue(),
      metadata: {
        name: `evil ${XSS}`,
        description: `desc ${XSS}`,
        owner: 'x@example.com',
        source: 'https://example.com/x',
      },
      tags: { evil: XSS },
    }),
  );
  const evilSource = newId();
  await queue.createTask(evilSource, {
    ...definition({ name: 'git source' }),
    metadata: {
      name: 'git source',
      description: 'd',
      owner: 'o',
      source: 'git@example.com:javascript:alert(1)',
    },
  });
  await runTask(queue, id, 'failed', {
    log: `line with ${XSS}\n\u001b[31m<b>bold?</b>\u001b[0m\n`,
    extra: async (runId, q) => {
      const expires = new Date(Date.now() + 86400_000).toJSON();
      await q.createArtifact(id, runId, `public/${XSS}.txt`, {
        storageType: 'reference',
        url: 'https://example.com/a',
        contentType: 'text/plain',
        expires,
      });
      await q.createArtifact(id, runId, 'public/jsref.txt', {
        storageType: 'reference',
        url: 'javascript:alert(3)',
        contentType: 'text/plain',
        expires,
      });
      await uploadArtifact(q, id, runId, 'public/page.html', 'text/html', `<h1>big</h1>${XSS}`);
    },
  });

  await page.goto(`/tasks/groups/${group}`);
  await expect(page.getByRole('link', { name: `evil ${XSS}` })).toBeVisible();

  await page.goto(`/tasks/${id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`evil ${XSS}`);
  await expect(page.getByTestId('task-description')).toHaveText(`desc ${XSS}`);
  await expect(page.getByText(`evil: ${XSS}`)).toBeVisible();
  await expect(page.getByRole('button', { name: `Preview public/${XSS}.txt` })).toBeVisible();
  await page.getByRole('button', { name: 'Preview public/jsref.txt' }).click();
  await expect(page.getByText('javascript:alert(3)')).toBeVisible();
  await expect(page.getByText('Not an http(s) URL, so it is not a link.')).toBeVisible();
  await page.getByRole('button', { name: 'Preview public/page.html' }).click();
  await expect(page.getByLabel('Preview of public/page.html')).toContainText(`<h1>big</h1>${XSS}`);
  expect(await page.getByLabel('Preview of public/page.html').locator('h1').count()).toBe(0);

  await page.goto(`/tasks/${id}/runs/0/logs/public/logs/live_backing.log`);
  await expect(page.locator('[data-line="1"]')).toContainText(`line with ${XSS}`);
  await expect(page.locator('[data-line="2"]')).toContainText('<b>bold?</b>');

  await page.goto(`/tasks/${evilSource}`);
  await expect(page.getByText('git@example.com:javascript:alert(1)')).toBeVisible();

  for (const path of [`/tasks/${id}`, `/tasks/${evilSource}`]) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await page.locator('img[src="x"], script:not([src]):not([type])').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
  }
});
