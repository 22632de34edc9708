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
import { seedDemo } from '../server/demo/seed-demo';
import { startDemoWorker } from '../server/demo/worker';
import { createDeployment } from '../server/deployment';

const OUT = 'docs/screenshots';
const ROOT = { clientId: 'static/taskcluster/root', accessToken: 'screenshot-token' };

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'queue-shots-'));
  const deployment = createDeployment({
    db: join(dir, 'q.sqlite'),
    clients: [{ ...ROOT, scopes: ['*'] }],
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
      'task',
      `/tasks/${threeRuns}`,
      async (p) => void (await p.getByRole('group', { name: 'Run timeline' }).waitFor()),
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
  ];
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, path, ready] of views) {
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
