// Pins Markdown rendering: task descriptions and Taskcluster error messages render as safe
// Markdown (code blocks, http(s) links only, no raw HTML, no images), and the renderer is a
// lazy chunk that neither `/` nor the task-group URL loads.
import type { Page } from '@playwright/test';
import { definition, newId } from '../support/seed';
import { expect, test } from '../fixtures';

/** react-markdown's own option name: present in its code, and only there. */
const RENDERER_MARKER = 'allowedElements';

async function scriptsLoaded(page: Page, path: string, ready: () => Promise<void>) {
  const bodies: { url: string; text: string }[] = [];
  const pending: Promise<void>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script')
      pending.push(r.text().then((text) => void bodies.push({ url: r.url(), text })));
  });
  await page.goto(path);
  await ready();
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  return bodies;
}

test('the Markdown renderer is not in the JavaScript of / nor of the task-group URL', async ({
  page,
  queue,
}) => {
  const group = newId();
  const id = newId();
  await queue.createTask(
    id,
    definition({
      name: 'markdown task',
      taskGroupId: group,
      metadata: {
        name: 'markdown task',
        description: 'Built for [the push](https://example.com/push/1) with `mach build`.',
        owner: 'o@example.com',
        source: 'https://example.com/src',
      },
    }),
  );

  const home = await scriptsLoaded(page, '/', () =>
    expect(page.getByRole('heading', { level: 1 })).toBeVisible(),
  );
  const groupPage = await scriptsLoaded(page, `/tasks/groups/${group}`, () =>
    expect(page.getByRole('link', { name: 'markdown task' })).toBeVisible(),
  );
  for (const s of [...home, ...groupPage]) {
    expect(s.url).not.toMatch(/Markdown/i);
    expect(s.text.includes(RENDERER_MARKER), s.url).toBe(false);
  }

  // The task view does load it (the marker is real), and renders the description as Markdown.
  const taskPage = await scriptsLoaded(page, `/tasks/${id}`, () =>
    expect(
      page.getByTestId('task-description').getByRole('link', { name: 'the push' }),
    ).toBeVisible(),
  );
  expect(taskPage.some((s) => s.text.includes(RENDERER_MARKER))).toBe(true);
  const description = page.getByTestId('task-description');
  await expect(description.getByRole('link', { name: 'the push' })).toHaveAttribute(
    'href',
    'https://example.com/push/1',
  );
  await expect(description.locator('code')).toHaveText('mach build');
});

test('hostile Markdown in a description and in an error renders inert', async ({ page, queue }) => {
  const id = newId();
  const hostile = [
    '<img src=x onerror="alert(1)"> <script>alert(2)</script>',
    '[js](javascript:alert(3)) [data](data:text/html,<script>alert(4)</script>) [rel](/settings)',
    '![pixel](https://tracker.example/p.gif)',
    '<a href="javascript:alert(5)">raw link</a> [ok](https://example.com/ok)',
  ].join('\n\n');
  await queue.createTask(
    id,
    definition({
      name: 'hostile markdown',
      metadata: {
        name: 'hostile markdown',
        description: hostile,
        owner: 'o@example.com',
        source: 'https://example.com/s',
      },
    }),
  );
  await page.goto(`/tasks/${id}`);
  const description = page.getByTestId('task-description');
  await expect(description.getByRole('link', { name: 'ok' })).toBeVisible();
  await expect(description).toContainText('<script>alert(2)</script>');
  await expect(description).toContainText('[image: pixel]');
  expect(
    await description
      .locator('img, script, iframe, svg, a[href^="javascript" i], a[href^="data" i]')
      .count(),
  ).toBe(0);
  expect(
    await description.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
  ).toEqual(['https://example.com/ok']);

  // A Taskcluster error (Markdown with a fenced scope expression: a visitor opening a private
  // log) shows the code block, not the fences.
  await page.goto(`/tasks/${id}/runs/0/logs/private/secret.log`);
  const refusal = page.getByRole('main').getByRole('note').first();
  await expect(refusal).toBeVisible();
  await expect(refusal.locator('pre code')).toContainText('queue:get-artifact:private/secret.log');
  await expect(refusal).not.toContainText('```');
});
