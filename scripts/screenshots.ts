/**
 * `npm run screenshots`: starts the local Queue service on a fresh database with demo data,
 * opens every view in headless Chromium in light and dark mode, and writes PNGs to
 * docs/screenshots/ (used by the README).
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { createQueueClient } from '../src/api';
import { seedDemo } from '../server/demo/seed-demo';
import { startDemoWorker } from '../server/demo/worker';
import { createDeployment } from '../server/deployment';
import slugid from 'slugid';

const OUT = 'docs/screenshots';
const ROOT = { clientId: 'static/taskcluster/root', accessToken: 'screenshot-token' };
/** May rerun the `gecko` project's tasks only: the bulk results show the 403s for the others. */
const NARROW = { clientId: 'screenshots/rerun-gecko', accessToken: 'screenshot-narrow-token' };

async function signIn(page: Page, credentials: { clientId: string; accessToken: string }) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to Taskcluster' });
  await dialog.getByLabel('Client ID').fill(credentials.clientId);
  await dialog.getByLabel('Access token').fill(credentials.accessToken);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('button', { name: `Signed in as ${credentials.clientId}` }).waitFor();
  // The "Signed in" notice would cover the view's lower right corner.
  const notice = page.locator('.mantine-Notification-root', { hasText: 'Signed in' });
  await notice.locator('.mantine-Notification-closeButton').click();
  await notice.waitFor({ state: 'detached' });
}

/**
 * A group of failed tasks in two projects, for a bulk rerun by the narrow client (a fresh one per
 * color scheme: the rerun changes it).
 */
async function seedBulkGroup(rootUrl: string): Promise<string> {
  const queue = createQueueClient({ rootUrl, credentials: ROOT });
  const taskGroupId = slugid.nice();
  const taskQueueId = `proj-shots/bulk-${slugid.nice().slice(0, 8).toLowerCase()}`;
  const now = Date.now();
  const suites = ['mochitest-browser-chrome', 'xpcshell', 'reftest', 'web-platform-tests'];
  for (let i = 0; i < 12; i++) {
    const project = i % 3 === 2 ? 'comm' : 'gecko';
    const name = `test-linux64/opt-${suites[i % suites.length]}-${i + 1}${project === 'comm' ? ' (comm)' : ''}`;
    await queue.createTask(slugid.nice(), {
      taskGroupId,
      taskQueueId,
      schedulerId: 'gecko-level-3',
      projectId: project,
      created: new Date(now).toJSON(),
      deadline: new Date(now + 86400_000).toJSON(),
      expires: new Date(now + 7 * 86400_000).toJSON(),
      payload: {},
      metadata: { name, description: name, owner: 'ci@example.com', source: 'https://example.com' },
    });
  }
  for (let failed = 0; failed < 12;) {
    const { tasks } = await queue.claimWork(taskQueueId, {
      workerGroup: 'shots',
      workerId: 'w1',
      tasks: 12,
    });
    for (const t of tasks) await queue.reportFailed(t.status.taskId, t.runId);
    failed += tasks.length;
  }
  return taskGroupId;
}

/** A task whose payload holds a name with a right-to-left override and a 100 kB string. */
async function seedPayloadTask(rootUrl: string): Promise<string> {
  const queue = createQueueClient({ rootUrl, credentials: ROOT });
  const taskId = slugid.nice();
  const now = Date.now();
  await queue.createTask(taskId, {
    taskQueueId: 'proj-shots/payload',
    schedulerId: 'shots',
    projectId: 'shots',
    created: new Date(now).toJSON(),
    deadline: new Date(now + 86400_000).toJSON(),
    expires: new Date(now + 7 * 86400_000).toJSON(),
    payload: {
      command: ['./run-tests.sh', '--suite', 'xpcshell'],
      artifact: 'invoice-\u202Etxt.exe',
      env: { MOZ_AUTOMATION: '1', GECKO_HEAD_REV: 'a'.repeat(40) },
      blob: 'QUJD'.repeat(25_000),
    },
    metadata: {
      name: 'task with a long payload',
      description: 'A payload with a reordering character and a 100 kB value.',
      owner: 'ci@example.com',
      source: 'https://example.com',
    },
  });
  return taskId;
}

/**
 * Two pushes of the same tasks for the comparison: B breaks two that passed in A, fixes one that
 * failed, drops one and adds one.
 */
async function seedComparePair(rootUrl: string): Promise<[string, string]> {
  const queue = createQueueClient({ rootUrl, credentials: ROOT });
  const names = [
    'build-linux64/opt',
    'test-linux64/opt-mochitest-browser-chrome-1',
    'test-linux64/opt-mochitest-browser-chrome-2',
    'test-linux64/opt-xpcshell-1',
    'test-linux64/opt-reftest-1',
    'test-windows11-64/opt-web-platform-tests-3',
    'test-macosx1470-64/opt-crashtest-1',
    'lint-eslint',
  ];
  const failing: Record<'a' | 'b', string[]> = {
    a: ['test-linux64/opt-reftest-1', 'test-windows11-64/opt-web-platform-tests-3'],
    b: [
      'test-linux64/opt-mochitest-browser-chrome-2',
      'test-linux64/opt-xpcshell-1',
      'test-windows11-64/opt-web-platform-tests-3',
    ],
  };
  const groups: string[] = [];
  for (const side of ['a', 'b'] as const) {
    const taskGroupId = slugid.nice();
    const taskQueueId = `proj-shots/compare-${slugid.nice().slice(0, 8).toLowerCase()}`;
    const now = Date.now();
    const list = side === 'a' ? names : [...names.filter((n) => n !== 'lint-eslint'), 'lint-mypy'];
    for (const name of list)
      await queue.createTask(slugid.nice(), {
        taskGroupId,
        taskQueueId,
        schedulerId: 'gecko-level-3',
        projectId: 'gecko',
        created: new Date(now).toJSON(),
        deadline: new Date(now + 86400_000).toJSON(),
        expires: new Date(now + 7 * 86400_000).toJSON(),
        payload: {},
        metadata: {
          name,
          description: name,
          owner: 'ci@example.com',
          source: 'https://example.com',
        },
      });
    for (let resolved = 0; resolved < list.length;) {
      const { tasks } = await queue.claimWork(taskQueueId, {
        workerGroup: 'shots',
        workerId: 'w1',
        tasks: list.length,
      });
      for (const t of tasks) {
        if (failing[side].includes(t.task.metadata.name))
          await queue.reportFailed(t.status.taskId, t.runId);
        else await queue.reportCompleted(t.status.taskId, t.runId);
      }
      resolved += tasks.length;
    }
    groups.push(taskGroupId);
  }
  return [groups[0]!, groups[1]!];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'queue-shots-'));
  const deployment = createDeployment({
    db: join(dir, 'q.sqlite'),
    clients: [
      { ...ROOT, scopes: ['*'] },
      { ...NARROW, scopes: ['queue:rerun-task-in-project:gecko'] },
    ],
  });
  const { url } = await deployment.listen(0, '127.0.0.1');
  const ids = seedDemo(deployment.queue.store)!;
  const worker = startDemoWorker({
    rootUrl: url,
    credentials: ROOT,
    liveLogs: deployment.queue.liveLogs,
    queues: ['proj-demo/live'],
    durationMs: [60_000, 90_000],
  });
  const group = (await (
    await fetch(`${url}/api/queue/v1/task-group/${ids.ciGroup}/list`)
  ).json()) as { tasks: { status: { taskId: string; state: string; runs: unknown[] } }[] };
  const failed = group.tasks.find((t) => t.status.state === 'failed')!.status.taskId;
  const threeRuns = group.tasks.find((t) => t.status.runs.length >= 2)?.status.taskId ?? failed;
  const nightly = (await (
    await fetch(`${url}/api/queue/v1/task-group/${ids.nightlyGroup}/list`)
  ).json()) as { tasks: { task: { metadata: { name: string } }; status: { taskId: string } }[] };
  const blocked = nightly.tasks.find((t) => t.task.metadata.name === 'nightly-signing')!.status
    .taskId;
  const [compareA, compareB] = await seedComparePair(url);
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch(await chromiumLaunchOptionsOrExit());

  const views: [string, string, (page: Page) => Promise<void>][] = [
    ['home', '/', async (p) => void (await p.getByRole('heading', { level: 1 }).waitFor())],
    [
      'task-group',
      `/tasks/groups/${ids.ciGroup}`,
      async (p) => void (await p.getByText(/^\d+ tasks/).waitFor()),
    ],
    [
      'task-group-failed',
      `/tasks/groups/${ids.ciGroup}?state=failed,exception&sort=duration&dir=desc`,
      async (p) => void (await p.getByText(/^\d+ tasks/).waitFor()),
    ],
    [
      'insight-timeline',
      `/tasks/groups/${ids.ciGroup}?view=timeline`,
      async (p) => {
        await p.getByTestId('critical-path').waitFor();
        await p.locator('[data-testid="timeline-canvas"][data-painted-segments]').waitFor();
        await p.getByTestId('concurrency-chart').waitFor();
      },
    ],
    [
      'insight-timings',
      `/tasks/groups/${ids.ciGroup}?view=timings`,
      async (p) => void (await p.getByTestId('timings-slowest').waitFor()),
    ],
    [
      'insight-failures',
      `/tasks/groups/${ids.ciGroup}?view=failures`,
      async (p) =>
        void (await p
          .locator('[data-testid="triage-progress"][data-state="done"]')
          .waitFor({ timeout: 120_000 })),
    ],
    [
      'insight-why-pending',
      `/tasks/${blocked}`,
      async (p) => void (await p.getByTestId('why-pending-chain').waitFor()),
    ],
    [
      'insight-compare',
      `/tasks/groups/${compareA}/compare/${compareB}`,
      async (p) => void (await p.locator('[data-testid="comparison"][data-done]').waitFor()),
    ],
    [
      'task',
      `/tasks/${threeRuns}`,
      async (p) => void (await p.getByRole('group', { name: 'Run timeline' }).waitFor()),
    ],
    [
      'task-payload',
      '/',
      async (p) => {
        await p.goto(`${url}/tasks/${await seedPayloadTask(url)}`);
        const more = p.getByRole('button', { name: /more characters: show all/ });
        await more.scrollIntoViewIfNeeded();
      },
    ],
    [
      'artifact-preview',
      `/tasks/${failed}`,
      async (p) => {
        await p
          .getByRole('button', { name: 'Preview public/test_info/resource-usage.json' })
          .click();
        await p
          .getByLabel('Preview of public/test_info/resource-usage.json')
          .getByText('"cpu"')
          .waitFor();
      },
    ],
    [
      'log',
      `/tasks/${failed}/runs/0/logs/public/logs/live_backing.log#L120-126`,
      async (p) => void (await p.getByText(/3,0\d\d lines/).waitFor()),
    ],
    [
      'worker-type',
      '/provisioners/gecko-t/worker-types/t-linux-xlarge',
      async (p) => void (await p.getByTestId('count-pending').waitFor()),
    ],
    [
      'worker-types',
      '/provisioners',
      async (p) => void (await p.getByRole('link', { name: 'gecko-t/t-linux-xlarge' }).waitFor()),
    ],
    ['settings', '/settings', async (p) => void (await p.getByLabel('Root URL').waitFor())],
    [
      'sign-in',
      '/',
      async (p) => {
        await p.getByRole('button', { name: 'Sign in' }).first().click();
        await p.getByLabel('Client ID').waitFor();
      },
    ],
    [
      'bulk-selection',
      `/tasks/groups/${ids.ciGroup}?state=failed`,
      async (p) => {
        await signIn(p, ROOT);
        await p.getByRole('checkbox', { name: /^Select all \d+ matching$/ }).check();
        // One more, outside the filter: the bar says the filter hides it.
        await p.getByRole('button', { name: /^failed: / }).click();
        await p.getByRole('button', { name: /^completed: / }).click();
        await p.locator('[data-task-row] input[type="checkbox"]').first().check();
        await p.getByRole('button', { name: /^completed: / }).click();
        await p.getByRole('button', { name: /^failed: / }).click();
        await p.getByTestId('selection-hidden').waitFor();
      },
    ],
    [
      'bulk-preview',
      `/tasks/groups/${ids.ciGroup}`,
      async (p) => {
        await signIn(p, ROOT);
        await p.getByText(/^\d+ tasks/).waitFor();
        await p.getByRole('checkbox', { name: /^Select all \d+ matching$/ }).check();
        await p.getByRole('button', { name: 'Rerun selected' }).click();
        const dialog = p.getByRole('dialog', { name: 'Rerun selected tasks' });
        await dialog.getByTestId('preview-groups').getByRole('button').first().click();
        await dialog.getByLabel(/^Type \d+ to confirm$/).waitFor();
      },
    ],
    [
      'bulk-results',
      '/',
      async (p) => {
        const group = await seedBulkGroup(url);
        await p.goto(`${url}/tasks/groups/${group}`);
        await signIn(p, NARROW);
        await p.getByRole('checkbox', { name: 'Select all 12 matching' }).check();
        await p.getByRole('button', { name: 'Rerun selected' }).click();
        await p
          .getByRole('dialog', { name: 'Rerun selected tasks' })
          .getByRole('button', { name: 'Rerun 12 tasks' })
          .click();
        await p.locator('[data-job-state="finished"]').waitFor();
      },
    ],
    [
      'create-error',
      '/tasks/create',
      async (p) => {
        await signIn(p, ROOT);
        const editor = p.getByRole('textbox', { name: 'Task definition (YAML)' });
        await editor.getByText('taskQueueId').waitFor();
        await editor.click();
        await p.keyboard.press('Control+End');
        await p.keyboard.type('bad: x: y');
        await p.getByRole('alert').filter({ hasText: 'YAML syntax error' }).waitFor();
      },
    ],
  ];
  const only = process.argv.slice(2);
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, path, ready] of views) {
      // `npm run screenshots -- bulk create`: only the views whose names start so.
      if (only.length && !only.some((prefix) => name.startsWith(prefix))) continue;
      const page = await browser.newPage({
        viewport: { width: 1440, height: 900 },
        colorScheme: scheme,
      });
      await page.goto(url + path);
      await ready(page);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) });
      await page.close();
      console.log(`${OUT}/${name}-${scheme}.png`);
    }
  }
  await browser.close();
  worker.stop();
  await deployment.close();
  rmSync(dir, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
