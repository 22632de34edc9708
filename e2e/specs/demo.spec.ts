// Pins the first run: `npm start`'s service with its demo, seen by a browser that knows nothing.
// It follows the README's "First five minutes".
import { expect, signIn, test } from '../fixtures';
import { startDemoService, type DemoService } from '../support/demo-service';

let service: DemoService;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  service = await startDemoService();
});
test.afterAll(async () => {
  await service?.stop();
});

test('the start message links the demo: the CI push first, then the nightly and the live group', () => {
  expect(service.links.map((l) => l.words)).toEqual([
    expect.stringMatching(/^CI push: \d{3} tasks, some failing$/),
    expect.stringMatching(/^nightly graph: \d+ tasks/),
    expect.stringMatching(/^live: .*demo worker/),
  ]);
  for (const link of service.links)
    expect(link.url).toBe(`${service.url}/tasks/groups/${link.taskGroupId}`);
});

test('first five minutes: featured group, a failed task, its log, sign in, rerun', async ({
  page,
}) => {
  const ci = service.links[0]!;
  await test.step('the home page features the demo', async () => {
    await page.goto(`${service.url}/`);
    const featured = page.getByRole('region', { name: 'Featured task groups' });
    await expect(featured).toBeVisible();
    await expect(featured.getByRole('link')).toHaveCount(3);
    await featured.getByRole('link', { name: /^CI push/ }).click();
  });

  await test.step('one click reaches the group with its rows', async () => {
    await expect(page).toHaveURL(`${service.url}/tasks/groups/${ci.taskGroupId}`);
    const total = Number(/(\d+) tasks/.exec(ci.words)![1]);
    await expect(page.getByTestId('load-progress')).toHaveText(`${total} tasks`);
    await expect(page.locator('[data-task-row]').first()).toBeVisible();
  });

  const name = await test.step('a failed task', async () => {
    await page.getByRole('button', { name: /^failed: \d+ tasks/ }).click();
    const link = page.locator('[data-task-row]').first().getByRole('link').first();
    const taskName = (await link.textContent())!;
    await link.click();
    await expect(page.getByRole('heading', { level: 1, name: taskName })).toBeVisible();
    return taskName;
  });

  await test.step('its log', async () => {
    const artifacts = page.getByRole('list', { name: 'Artifacts' });
    await artifacts.getByRole('link', { name: 'View log' }).first().click();
    await expect(page.getByTestId('log-status')).toHaveText(/\d+ lines/);
    await expect(page.locator('[data-line="1"]')).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  });

  await test.step('sign in with the printed credentials and rerun it', async () => {
    await signIn(page, { clientId: 'static/taskcluster/root', accessToken: service.accessToken });
    await page.getByRole('button', { name: 'Rerun task' }).click();
    await page
      .getByRole('dialog', { name: 'Rerun task' })
      .getByRole('button', { name: 'Rerun task' })
      .click();
    const timeline = page.getByRole('group', { name: 'Run timeline' });
    await expect(
      timeline.getByRole('button', { name: /^Run 1: (pending|running|completed|failed)/ }),
    ).toBeVisible();
  });
});
