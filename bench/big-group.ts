/**
 * Four times the largest real group (issue 14 §4): real decision tasks make up to ~50,000 tasks;
 * this seeds 200,000 into a database of their own (the seeder's time is a figure: under 30 s),
 * starts the local service on it, measures the limit (a Node client fetching every page), then
 * loads the group in a fresh browser context per repetition: first row, all loaded (against the
 * limit measured in this run), the heap of the page, its workers and their ArrayBuffers, and
 * search latency. Scrolling is measured on the 50,000-task group; it is not repeated here.
 *
 * Part of `npm run bench` (`--no-big` leaves it out), or alone with `npm run bench -- --only big`.
 */
import { chromium, type Browser } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueClient } from '../src/api';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { spawnQueueService } from '../server/common/spawn';
import { seedLargeGroup } from '../server/demo/seed-large-group';
import { groupRun, measureLimit, stat } from './group-run';
import { bounded, describeMachine, idleGate, printTable, type BenchRow } from './report';

type GroupRun = Awaited<ReturnType<typeof groupRun>>;

export const BIG_TASKS = 200_000;
const SEED_LIMIT_S = 30;

export async function bigGroupBench(options: {
  browser: Browser;
  tasks: number;
  reps: number;
  port?: number;
  log?: (line: string) => void;
}) {
  const log = options.log ?? console.log;
  const { tasks, reps } = options;
  const dir = mkdtempSync(join(tmpdir(), 'big-group-bench-'));
  let child: ChildProcess | undefined;
  try {
    log(`big group: seeding ${tasks.toLocaleString('en-US')} tasks…`);
    const seeded = seedLargeGroup({ db: join(dir, 'queue.sqlite'), tasks, pending: 0, running: 0 });
    log(`big group: seeded in ${(seeded.ms / 1000).toFixed(1)} s`);
    const port = options.port || 20000 + Math.floor(Math.random() * 20000);
    const credentials = {
      clientId: 'static/taskcluster/root',
      accessToken: `big-${Math.random().toString(36).slice(2)}`,
    };
    child = await spawnQueueService({
      db: join(dir, 'queue.sqlite'),
      port,
      rootAccessToken: credentials.accessToken,
    });
    const url = `http://127.0.0.1:${port}`;
    const queue = createQueueClient({ rootUrl: url, credentials, retries: 2 });
    const limits = [];
    for (let i = 0; i < reps; i++) limits.push(await measureLimit(queue, seeded.taskGroupId));
    const limit = stat(limits.map((l) => l.ms));
    log(`big group: limit ${limit.median.toFixed(0)} ms`);
    const runs: GroupRun[] = [];
    for (let i = 0; i < reps; i++) {
      const r = await groupRun(options.browser, url, seeded.taskGroupId, tasks, {});
      runs.push(r);
      log(
        `big group run ${i + 1}: first row ${r.firstRow.toFixed(0)} ms, all loaded ${r.allLoaded.toFixed(0)} ms, search p95 ${r.searchP95.toFixed(1)} ms, heap ${r.heapMB.toFixed(0)} MB (page ${r.pageHeapMB.toFixed(0)} + workers ${r.workersHeapMB.toFixed(0)} + buffers ${r.buffersMB.toFixed(0)}), longest task while loading ${r.loadLongest.toFixed(0)} ms`,
      );
    }
    const pick = (key: keyof GroupRun) => stat(runs.map((r) => r[key]));
    const n = tasks.toLocaleString('en-US');
    const rows: BenchRow[] = [
      bounded(`${n} tasks: seeder fills the group`, stat([seeded.ms / 1000]), 's', SEED_LIMIT_S),
      { measure: `${n} tasks: limit, Node client, all pages`, stat: limit, unit: 'ms' },
      bounded(`${n} tasks: first row visible`, pick('firstRow'), 'ms', 1000),
      bounded(`${n} tasks: all loaded, counts final`, pick('allLoaded'), 'ms', 1.3 * limit.median, {
        label: `≤ 1.3 × limit = ${(1.3 * limit.median).toFixed(0)} ms`,
      }),
      bounded(
        `${n} tasks: JS heap after load (page + workers + ArrayBuffers)`,
        pick('heapMB'),
        'MB',
        250,
      ),
      bounded(`${n} tasks: search keystroke → painted, p95`, pick('searchP95'), 'ms', 50),
    ];
    return { rows, runs, limits, seedMs: seeded.ms };
  } finally {
    child?.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `npm run bench -- --only big`: the big group alone, with the machine record and a table. */
export async function bigGroupBenchAlone(options: {
  tasks: number;
  reps: number;
  port?: number;
  busy?: boolean;
}): Promise<boolean> {
  const started = performance.now();
  const machine = await idleGate({ busy: options.busy });
  buildIfStale();
  const browser = await chromium.launch(await chromiumLaunchOptionsOrExit());
  machine.chromium = browser.version();
  try {
    const result = await bigGroupBench({ ...options, browser });
    machine.loadAfter = loadavg();
    console.log(
      `\n${describeMachine(machine)}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
    );
    printTable(result.rows);
    mkdirSync('bench-results', { recursive: true });
    const file = join(
      'bench-results',
      `big-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(file, JSON.stringify({ machine, tasks: options.tasks, ...result }, null, 2));
    console.log(`\nwritten to ${file}`);
    return result.rows.every((r) => r.ok !== false);
  } finally {
    await browser.close();
  }
}
