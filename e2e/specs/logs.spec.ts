// The log viewer on a log bigger than one storage chunk (1 MiB): streamed into the worker, lines decoded
// on demand (invalid UTF-8 as U+FFFD), searched in the worker, and line links far down.
import { expect, test } from '../fixtures';
import { definition, logText, newId, ownQueue, runTask } from '../support/seed';

test('a 60,000-line log: first lines, invalid UTF-8, search counts and a far line link', async ({
  page,
  queue,
}) => {
  const id = newId();
  await queue.createTask(id, definition({ name: 'big log', taskQueueId: ownQueue() }));
  const text = logText(60_000);
  const firstNewline = text.indexOf('\n');
  // Line 2 gets a byte that is never valid UTF-8.
  const bytes = Buffer.concat([
    Buffer.from(text.slice(0, firstNewline + 1)),
    Buffer.from([0x62, 0x61, 0x64, 0xff, 0x20]),
    Buffer.from(text.slice(firstNewline + 1)),
  ]);
  await runTask(queue, id, 'completed', {
    extra: async (runId, q) => {
      const res = await q.createArtifact(id, runId, 'public/logs/live_backing.log', {
        storageType: 's3',
        contentType: 'text/plain; charset=utf-8',
        expires: new Date(Date.now() + 3600_000).toJSON(),
      });
      if (res.storageType !== 's3') throw new Error('expected s3');
      expect((await fetch(res.putUrl, { method: 'PUT', body: bytes })).status).toBe(200);
    },
  });
  expect(bytes.length).toBeGreaterThan(1024 * 1024);

  await page.goto(`/tasks/${id}/runs/0/logs/public/logs/live_backing.log`);
  await expect(page.locator('[data-line="1"]')).toContainText('INFO step 1 ok');
  await expect(page.getByTestId('log-status')).toHaveText('60,000 lines');
  await expect(page.locator('[data-line="2"]')).toContainText('bad\ufffd INFO step 2 ok');

  const box = page.getByLabel('Search the log');
  await box.fill('needle-');
  await expect(page.getByTestId('log-matches')).toHaveText('1 of 6,000');
  await box.fill('needle-59994');
  await expect(page.getByTestId('log-matches')).toHaveText('1 of 1');
  await expect(page.locator('[data-line="59994"]')).toBeInViewport();
  await expect(page.locator('[data-line="59994"]')).toHaveAttribute('data-current', 'true');
  await box.fill('no such text');
  await expect(page.getByTestId('log-matches')).toHaveText('no match');
  // Escape codes are not text: the `31m` of `\e[31m` is not found.
  await box.fill('31m');
  await expect(page.getByTestId('log-matches')).toHaveText('no match');
  await box.fill('');

  await page.goto('/');
  await page.goto(`/tasks/${id}/runs/0/logs/public/logs/live_backing.log#L59000-59002`);
  await expect(page.locator('[data-line="59000"]')).toBeInViewport();
  await expect(page.locator('[data-line="59001"]')).toContainText('INFO step 59001 ok');
  await expect(page.locator('[data-line][data-selected]')).toHaveCount(3);
});
