// Issue 10 §2: the hostile-data corpus (src/testing/hostile-corpus.ts), seeded through our client
// into one task group of a deployment of its own (whose --dashboard-config features the group
// under hostile titles), checked on every view: no script runs, no javascript:/data:/vbscript:
// URL, nothing active brought in, no directional override reordering UI text, and the header and
// the primary action stay inside the viewport. One test per group of views.
import { expect, signIn, test as base } from '../fixtures';
import {
  HOSTILE_CONFIG_TITLES,
  HOSTILE_TASK_QUEUE,
  HOSTILE_WORKER,
  HOSTILE_URLS,
  MARKUP,
} from '../../src/testing/hostile-corpus';
import {
  UPLOADS,
  expectIsolatedName,
  expectSafeView,
  startHostileWorld,
  watchDialogs,
  type HostileWorld,
} from '../support/hostile';
import { E2E_ROOT } from '../support/seed';

const test = base.extend<object, { world: HostileWorld }>({
  world: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const world = await startHostileWorld();
      await use(world);
      await world.close();
    },
    { scope: 'worker', timeout: 150_000 },
  ],
  baseURL: async ({ world }, use) => use(world.url),
});

test.beforeEach(({ page }) => watchDialogs(page));

const SCRIPT_TEXT = MARKUP.script;
const [provisioner, workerType] = HOSTILE_TASK_QUEUE.split('/') as [string, string];

test('home: featured titles from --dashboard-config and recent hostile names', async ({
  page,
  world,
}) => {
  // Opening the group and a task puts their hostile names into the recent lists.
  await page.goto(`/tasks/groups/${world.group}`);
  await expect(page.getByTestId('load-state')).toHaveAttribute('data-done', 'true');
  await page.goto(`/tasks/${world.ids.unicode}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('invoice-');
  await page.goto('/');
  const featured = page.getByRole('region', { name: 'Featured task groups' });
  await expect(featured.getByRole('link')).toHaveCount(HOSTILE_CONFIG_TITLES.length);
  for (const title of HOSTILE_CONFIG_TITLES) await expectIsolatedName(featured, title, 'featured');
  await expect(page.getByRole('link', { name: world.names.markup })).toHaveCount(1);
  await expectSafeView(page, 'home', {
    shows: [SCRIPT_TEXT, HOSTILE_CONFIG_TITLES[2]!],
    primary: [
      page.getByRole('textbox', { name: 'Task ID, task group ID or Taskcluster URL' }),
      page.getByRole('button', { name: 'Go', exact: true }),
    ],
  });
});

test('task group: tasks, timeline, timings and failures tabs', async ({ page, world }) => {
  await page.goto(`/tasks/groups/${world.group}`);
  await expect(page.getByTestId('load-state')).toHaveAttribute('data-done', 'true');
  await expect(page.locator('[data-task-row]')).toHaveCount(4);
  const heading = page.getByRole('heading', { level: 1 });
  await expectIsolatedName(heading, world.names.markup, 'group heading');
  for (const key of ['markup', 'long', 'unicode'] as const)
    await expectIsolatedName(page.locator('[data-task-row]'), world.names[key], `row ${key}`);
  const compare = page.getByRole('button', { name: 'Compare with…' });
  await expectSafeView(page, 'task group', {
    shows: [SCRIPT_TEXT, 'invoice-', HOSTILE_TASK_QUEUE],
    primary: [heading, compare, page.getByRole('textbox', { name: 'Filter tasks by name' })],
  });

  await page.getByRole('tab', { name: 'Timeline' }).click();
  await expect(page.getByTestId('timeline-canvas')).toHaveAttribute('data-painted-segments', /\d+/);
  // The long name is on the critical path (see the seed); the tasks in view list every name.
  await expectIsolatedName(page.getByTestId('critical-path'), world.names.long, 'critical path');
  await page.getByText(/^Tasks in view/).click();
  await expectIsolatedName(page.getByTestId('timeline-visible-rows'), world.names.unicode, 'rows');
  await expectSafeView(page, 'timeline', {
    primary: [heading, compare, page.getByRole('button', { name: 'Zoom in' })],
  });

  await page.getByRole('tab', { name: 'Timings' }).click();
  await expect(page.getByTestId('timings-by-queue')).toContainText(HOSTILE_TASK_QUEUE);
  await expectSafeView(page, 'timings', {
    shows: [HOSTILE_TASK_QUEUE],
    primary: [heading, compare, page.getByRole('tab', { name: 'Timings' })],
  });

  await page.getByRole('tab', { name: 'Failures' }).click();
  await expect(page.getByTestId('failures')).toBeVisible();
  await expect(page.getByTestId('triage-progress')).toHaveAttribute('data-state', 'done');
  await expectSafeView(page, 'failures', {
    shows: ['2 failed tasks'],
    primary: [heading, compare, page.getByRole('tab', { name: 'Failures' })],
  });
});

test('task view with artifacts and every artifact preview', async ({ page, world }) => {
  await page.goto(`/tasks/${world.ids.markup}`);
  const heading = page.getByRole('heading', { level: 1 });
  // The task carries 2 MiB of payload and extra: on a loaded machine its first render is slow.
  await expect(heading).toBeVisible({ timeout: 90_000 });
  await expectIsolatedName(heading, world.names.markup, 'task heading');
  const artifacts = page.getByRole('list', { name: 'Artifacts' });
  // A stable landmark that the whole list has loaded: its count line.
  await expect(page.getByText(/^\d+ of \d+ artifacts$/)).toBeVisible();
  await expect(artifacts).toBeVisible();
  await expect(page.getByTestId('task-description')).toContainText(SCRIPT_TEXT);
  await expect(page.getByRole('region', { name: 'Runs' })).toContainText(HOSTILE_WORKER.workerId);
  await expectSafeView(page, 'task', {
    shows: [
      SCRIPT_TEXT,
      'hostile key',
      HOSTILE_WORKER.workerGroup,
      HOSTILE_WORKER.workerId,
      '__proto__',
      HOSTILE_URLS.vbscript,
    ],
    primary: [
      heading,
      page.getByRole('link', { name: 'Full definition' }),
      page.getByRole('button', { name: 'Edit and create' }),
      page.getByRole('textbox', { name: 'Filter artifacts' }),
    ],
  });

  // Each preview, found through the artifact filter so that long names need not be unclipped.
  const filter = page.getByRole('textbox', { name: 'Filter artifacts' });
  const previews: [name: string, shows: string[]][] = [
    [
      'public/ref-javascript.txt',
      ['Not an http(s) URL, so it is not a link.', HOSTILE_URLS.javascript],
    ],
    ['public/ref-data.txt', ['Not an http(s) URL, so it is not a link.']],
    ['public/ref-vbscript.txt', [HOSTILE_URLS.vbscript]],
    ['public/ref-tracker.png', ['https://tracker.example/p.png']],
    [`public/${MARKUP.script}.txt`, ['https://example.com/a']],
    ['public/error-', ['Error artifact', SCRIPT_TEXT]],
    [UPLOADS.badUtf8, [SCRIPT_TEXT, 'bad bytes: ']],
    [UPLOADS.html, ['<h1>big</h1>', SCRIPT_TEXT]],
    [UPLOADS.json, ['__proto__', 'polluted']],
    ['evil name with spaces.exe', ['https://example.com/b']],
  ];
  for (const [name, shows] of previews) {
    await filter.fill(name);
    const button = artifacts.getByRole('button', { name: /^Preview / }).first();
    await button.scrollIntoViewIfNeeded();
    await button.click();
    const preview = page.locator('[aria-label^="Preview of "]');
    await expect(preview).toBeVisible();
    await expectSafeView(page, `preview of ${name}`, {
      shows,
      within: preview,
      primary: [page.getByRole('button', { name: 'Close preview' })],
    });
    await page.getByRole('button', { name: 'Close preview' }).click();
  }
  // The long artifact name truncates inside its row.
  await filter.fill('NNNN');
  await expectSafeView(page, 'long artifact name', {
    primary: [artifacts.getByRole('button', { name: /^Preview / }).first()],
  });
});

test('log view: markup, terminal attacks, a 1 MiB line and invalid UTF-8', async ({
  page,
  world,
}) => {
  await page.goto(`/tasks/${world.ids.markup}/runs/0/logs/public/logs/live_backing.log`);
  await expect(page.locator('[data-line="1"]')).toContainText(`line with ${SCRIPT_TEXT}`);
  await expect(page.locator('[data-line="3"]')).toContainText('after title');
  await expect(page.locator('[data-line="7"]')).toContainText('end of invalid');
  await expect(page.locator('[data-line="9"]')).toContainText('after the mega line');
  // OSC 8 hyperlinks never become links, and the title sequences do not reach the title.
  await expect(page.getByRole('link', { name: 'click me' })).toHaveCount(0);
  expect(await page.title()).not.toContain('pwned');
  await expectSafeView(page, 'log', {
    shows: [SCRIPT_TEXT, 'click me', 'invoice-'],
    primary: [page.getByLabel('Search the log')],
  });
  await page.getByLabel('Search the log').fill('__hostile');
  await expect(page.locator('[data-line="1"]')).toBeVisible();
  await expectSafeView(page, 'log search', { primary: [page.getByLabel('Search the log')] });
});

test('definition as YAML and JSON', async ({ page, world }) => {
  await page.goto(`/tasks/${world.ids.markup}/definition`);
  const definition = page.getByLabel('Definition as yaml');
  await expect(definition).toContainText('__proto__', { timeout: 90_000 });
  await expectIsolatedName(page.getByRole('main'), world.names.markup, 'definition link');
  await expectSafeView(page, 'definition', {
    shows: [SCRIPT_TEXT, HOSTILE_URLS.javascript],
    primary: [page.getByRole('button', { name: 'Copy YAML' })],
  });
  await page.getByText('JSON', { exact: true }).click();
  await expect(page.getByLabel('Definition as json')).toContainText('"__proto__"');
  await expectSafeView(page, 'definition (JSON)', {
    primary: [page.getByRole('button', { name: 'Copy JSON' })],
  });
});

test('Edit and create with the hostile definition', async ({ page, world }) => {
  // Signed in on a light page: the task's 2 MiB keep a loaded machine busy for a while.
  await page.goto('/');
  await signIn(page, E2E_ROOT);
  await page.goto(`/tasks/${world.ids.markup}`);
  await page.getByRole('button', { name: 'Edit and create' }).click({ timeout: 90_000 });
  await expect(page).toHaveURL(/\/tasks\/create$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Create task' })).toBeVisible();
  await expect(page.locator('.cm-content')).toContainText('__hostile');
  await expectSafeView(page, 'create', {
    primary: [page.getByRole('button', { name: 'Create task' })],
  });
});

test('worker types and the hostile worker type, signed in; settings', async ({ page, world }) => {
  await page.goto('/provisioners');
  await expect(page.getByRole('link', { name: HOSTILE_TASK_QUEUE })).toBeVisible();
  await expectSafeView(page, 'worker types', {
    shows: [HOSTILE_TASK_QUEUE],
    primary: [page.getByRole('textbox', { name: 'Filter worker types' })],
  });

  await page.goto(`/provisioners/${provisioner}/worker-types/${workerType}`);
  await signIn(page, E2E_ROOT);
  await expect(page.getByTestId('count-pending')).toHaveText('1');
  await expect(page.getByTestId('count-claimed')).toHaveText('1');
  const main = page.getByRole('main');
  await expect(main.getByRole('link', { name: world.names.long })).toBeVisible();
  await expectIsolatedName(main, world.names.unicode, 'pending row');
  await expectIsolatedName(main, world.names.long, 'claimed row');
  await expectSafeView(page, 'worker type', {
    shows: [`${HOSTILE_WORKER.workerGroup}/${HOSTILE_WORKER.workerId}`, 'invoice-'],
    primary: [page.getByRole('heading', { level: 1, name: workerType })],
  });

  await page.goto('/settings');
  await expectSafeView(page, 'settings', {
    primary: [page.getByRole('button', { name: 'Save', exact: true })],
  });
});

test('compare: the hostile group against the same names, all completed', async ({
  page,
  world,
}) => {
  await page.goto(`/tasks/groups/${world.peer}/compare/${world.group}`);
  const newly = page.getByRole('region', { name: 'Newly failing' });
  await expect(newly.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByTestId('compare-summary')).toContainText('3 tasks matched by name');
  await expectIsolatedName(newly, world.names.markup, 'compare row');
  await expectIsolatedName(newly, world.names.unicode, 'compare row');
  await expectSafeView(page, 'compare', {
    shows: [SCRIPT_TEXT, 'invoice-'],
    primary: [page.getByRole('link', { name: 'Swap A and B' })],
  });
});

test('bulk preview dialog over every hostile task', async ({ page, world }) => {
  await page.goto(`/tasks/groups/${world.group}`);
  await signIn(page, E2E_ROOT);
  await expect(page.getByTestId('load-state')).toHaveAttribute('data-done', 'true');
  await page.getByRole('checkbox', { name: /^Select all/ }).click();
  await expect(page.getByTestId('selection-bar')).toHaveAttribute('data-selected-count', '4');
  await page.getByRole('button', { name: 'Rerun selected' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Open every group of the preview: the names are inside.
  const collapsed = dialog.locator('button[aria-expanded="false"]');
  await expect(dialog.getByTestId('preview-groups')).toBeVisible();
  for (let i = 0; i < 6 && (await collapsed.count()) > 0; i++) await collapsed.first().click();
  await expect(collapsed).toHaveCount(0);
  await expectIsolatedName(dialog, world.names.markup, 'bulk preview');
  await expectSafeView(page, 'bulk preview', {
    shows: [SCRIPT_TEXT, 'invoice-'],
    within: dialog,
    primary: [dialog.getByRole('button', { name: /^Rerun \d+ tasks?$/ })],
  });
});
