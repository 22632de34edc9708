/**
 * One part of the benchmark run on its own (`tsx bench/selection.ts`, `tsx bench/revisit.ts`):
 * a fresh database with one large group, the local service on it in its own process, a browser,
 * and everything removed afterwards. `measure` resolves whether its targets were met.
 */
import { chromium, type Browser } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { spawnQueueService } from '../server/common/spawn';
import { seedLargeGroup } from '../server/demo/seed-large-group';

export interface StandaloneRun {
  browser: Browser;
  url: string;
  taskGroupId: string;
  tasks: number;
  reps: number;
}

export async function runStandalone(
  name: string,
  defaults: { tasks: string; reps: string },
  measure: (run: StandaloneRun) => Promise<boolean>,
): Promise<void> {
  const { values } = parseArgs({
    options: {
      tasks: { type: 'string', default: defaults.tasks },
      reps: { type: 'string', default: defaults.reps },
      port: { type: 'string', default: '0' },
    },
  });
  const tasks = Number(values.tasks);
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), `${name}-bench-`));
  const db = join(dir, 'queue.sqlite');
  const { taskGroupId } = seedLargeGroup({ db, tasks });
  const port = Number(values.port) || 20000 + Math.floor(Math.random() * 20000);
  const child = await spawnQueueService({ db, port, rootAccessToken: `bench-${Date.now()}` });
  try {
    const browser = await chromium.launch(await chromiumLaunchOptionsOrExit());
    try {
      const ok = await measure({
        browser,
        url: `http://127.0.0.1:${port}`,
        taskGroupId,
        tasks,
        reps: Number(values.reps),
      });
      process.exitCode = ok ? 0 : 1;
    } finally {
      await browser.close();
    }
  } finally {
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}
