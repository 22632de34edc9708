/**
 * `npm run bench -- --root-url URL --group ID [--reps N]`: the group benchmark against a real
 * deployment and one of its existing task groups. Nothing is seeded or changed there.
 *
 * The dashboard is built and hosted on its own origin (e2e/deployment/static-host.ts), as a
 * static host would serve it, and opened at `/tasks/groups/ID?rootUrl=URL`. With
 * `TASKCLUSTER_CLIENT_ID` and `TASKCLUSTER_ACCESS_TOKEN` set (a private deployment), both the
 * limit and the page use those credentials.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createQueueClient, isValidSlugId } from '../src/api';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { freePort } from '../e2e/support/service';
import { buildIfStale } from '../scripts/build-if-stale';
import { groupRun, measureLimit, stat } from './group-run';

async function hostDashboard(rootUrl: string, port: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'e2e/deployment/static-host.ts',
      '--port',
      String(port),
      '--root-url',
      rootUrl,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('hosted at') && resolve());
    child.on('exit', (code) => reject(new Error(`the dashboard host exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

export async function remoteBench(options: {
  rootUrl: string;
  group: string;
  reps: number;
  port?: number;
}): Promise<void> {
  const rootUrl = options.rootUrl.replace(/\/+$/, '');
  if (!/^https?:\/\//.test(rootUrl))
    throw new Error(`--root-url must be an http(s) URL, not ${rootUrl}`);
  if (!isValidSlugId(options.group))
    throw new Error(`--group must be a task group ID, not ${options.group}`);
  const clientId = process.env.TASKCLUSTER_CLIENT_ID;
  const accessToken = process.env.TASKCLUSTER_ACCESS_TOKEN;
  const credentials = clientId && accessToken ? { clientId, accessToken } : undefined;
  buildIfStale();

  const queue = createQueueClient({ rootUrl, credentials, retries: 2 });
  const limits = [];
  for (let i = 0; i < options.reps; i++) {
    const l = await measureLimit(queue, options.group);
    limits.push(l);
    console.log(`limit run ${i + 1}: ${l.count.toLocaleString()} tasks in ${l.ms.toFixed(0)} ms`);
  }
  const count = limits[0]!.count;
  const limit = stat(limits.map((l) => l.ms));

  const host = await hostDashboard(rootUrl, options.port ?? (await freePort()));
  const browser = await chromium.launch(await chromiumLaunchOptionsOrExit());
  const initScript = credentials
    ? `try { sessionStorage.setItem('queue-dashboard:credentials', ${JSON.stringify(
        JSON.stringify({ ...credentials, rootUrl, remember: false }),
      )}); } catch {}`
    : undefined;
  const runs: Awaited<ReturnType<typeof groupRun>>[] = [];
  try {
    for (let i = 0; i < options.reps; i++) {
      const r = await groupRun(browser, host.url, options.group, count, {
        query: `?rootUrl=${encodeURIComponent(rootUrl)}`,
        interactions: false,
        initScript,
      });
      runs.push(r);
      console.log(
        `group run ${i + 1}: first row ${r.firstRow.toFixed(0)} ms, all loaded ${r.allLoaded.toFixed(0)} ms, heap ${r.heapMB.toFixed(0)} MB`,
      );
    }
  } finally {
    await browser.close();
    host.stop();
  }

  const pick = (key: 'firstRow' | 'allLoaded' | 'heapMB' | 'firstRouteJsKB') =>
    stat(runs.map((r) => r[key]));
  const rows: [string, ReturnType<typeof stat>, string][] = [
    ['limit: Node client, all pages (limit=1000)', limit, 'ms'],
    ['first row visible', pick('firstRow'), 'ms'],
    [`all ${count.toLocaleString()} loaded, counts final`, pick('allLoaded'), 'ms'],
    ['JS heap after load', pick('heapMB'), 'MB'],
    ['JavaScript loaded by the task-group URL (gzip)', pick('firstRouteJsKB'), 'KB'],
  ];
  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  console.log(
    `\n${rootUrl}, task group ${options.group} (${count.toLocaleString()} tasks), ${options.reps} runs`,
  );
  console.log('| measure | median | min | max |\n|---|---|---|---|');
  for (const [measure, s, unit] of rows)
    console.log(`| ${measure} | ${fmt(s.median)} ${unit} | ${fmt(s.min)} | ${fmt(s.max)} |`);
  console.log(`all loaded / limit: ${(pick('allLoaded').median / limit.median).toFixed(2)}×`);
  mkdirSync('bench-results', { recursive: true });
  const file = join(
    'bench-results',
    `remote-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify({ rootUrl, group: options.group, count, limits, runs }, null, 2),
  );
  console.log(`written to ${file}`);
}
