/**
 * `npm run bench [-- --tasks N] [--reps N] [--log-lines N] [--log-big-lines N] [--no-live] [--no-log] [--no-failures] [--no-insight]`
 * `--no-slow`: skip the load through a second service slowed like a real Queue (`SLOW_FAULTS`).
 * `--busy`: skip the wait for an idle machine (report.ts); the figures are then marked indicative.
 * `npm run bench -- --only logs [--reps N] [--log-lines N] [--log-big-lines N]`: the log viewer alone (logs.ts)
 * `npm run bench -- --only insight [--tasks N] [--reps N] [--no-failures]`: group insight alone (insight.ts)
 * `npm run bench -- --only big [--big-tasks N] [--reps N]`: the 200,000-task group alone (big-group.ts);
 *   `--no-big` leaves it out of the whole bench
 * `npm run bench -- --root-url URL --group ID [--reps N]`: an existing group of a deployment (remote.ts)
 *
 * Fills one task group of N tasks (default 50,000) into a fresh database, starts the local
 * Queue service on it, measures the limit (a Node client fetching every page), then opens the
 * dashboard in headless Chromium — a fresh context per repetition — and measures what a user
 * feels. Prints a table of medians with min/max, writes JSON to bench-results/, and exits
 * non-zero when a target is missed.
 */
import { chromium } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { createQueueClient, type QueueClient } from '../src/api';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { seedLargeGroup } from '../server/demo/seed-large-group';
import { groupRun, measureLimit, stat, type Stat } from './group-run';
import { spawnQueueService } from '../server/common/spawn';
import { remoteBench } from './remote';
import { benchFailures } from './failures';
import { selectionBench } from './selection';
import { logBench, logBenchAlone } from './logs';
import { COMPARE_SEED, insightBench, insightBenchAlone } from './insight';
import { revisitBench, REVISIT_TARGET_MS } from './revisit';
import { BIG_TASKS, bigGroupBench, bigGroupBenchAlone } from './big-group';
import { bounded, describeMachine, idleGate, printTable, type BenchRow } from './report';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '50000' },
    reps: { type: 'string', default: '3' },
    'log-lines': { type: 'string', default: '200000' },
    'log-big-lines': { type: 'string', default: '2000000' },
    only: { type: 'string' },
    'no-live': { type: 'boolean', default: false },
    'no-log': { type: 'boolean', default: false },
    'no-failures': { type: 'boolean', default: false },
    'no-insight': { type: 'boolean', default: false },
    // Skips the load through a second service slowed with --faults latency=300-900.
    'no-slow': { type: 'boolean', default: false },
    'no-big': { type: 'boolean', default: false },
    'big-tasks': { type: 'string', default: String(BIG_TASKS) },
    // Skips the idle gate (report.ts) for a development run; the output says so.
    busy: { type: 'boolean', default: false },
    port: { type: 'string', default: '0' },
    // Against a deployment: an existing group there, nothing seeded (see remote.ts).
    'root-url': { type: 'string' },
    group: { type: 'string' },
  },
});
const TASKS = Number(args.tasks);
const REPS = Number(args.reps);
const LOG_LINES = Number(args['log-lines']);
const BIG_LOG_LINES = Number(args['log-big-lines']);
const ROOT = {
  clientId: 'static/taskcluster/root',
  accessToken: `bench-${Math.random().toString(36).slice(2)}`,
};

/** A real Queue answers a page of 1,000 tasks in ~0.7 s: the slowed service stands in for it. */
const SLOW_FAULTS = 'latency=300-900';

async function startService(
  db: string,
  options: { faults?: string; port?: number } = {},
): Promise<{ url: string; child: ChildProcess }> {
  const port = options.port || 20000 + Math.floor(Math.random() * 20000);
  const child = await spawnQueueService({
    db,
    port,
    rootAccessToken: ROOT.accessToken,
    faults: options.faults,
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Resolves the group's unresolved tasks at a steady pace, as a fleet of workers would. */
function startResolver(queue: QueueClient, queues: string[], perSecond: number) {
  let stop = false;
  let resolved = 0;
  const loop = async (tq: string) => {
    while (!stop) {
      const t0 = performance.now();
      const { tasks } = await queue
        .claimWork(
          tq,
          { workerGroup: 'bench', workerId: 'resolver', tasks: 4 },
          { timeoutMs: 2_000 },
        )
        .catch(() => ({ tasks: [] }));
      for (const t of tasks) {
        await (Math.random() < 0.85
          ? queue.reportCompleted(t.status.taskId, t.runId)
          : queue.reportFailed(t.status.taskId, t.runId));
        resolved++;
      }
      if (!tasks.length) await new Promise((r) => setTimeout(r, 500));
      const wait = (tasks.length / perSecond) * 1000 * queues.length - (performance.now() - t0);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };
  const loops = queues.map(loop);
  return { stop: async () => ((stop = true), await Promise.all(loops)), resolved: () => resolved };
}

function distJs() {
  const dir = 'dist/assets';
  return (
    readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f))).length, 0) / 1024
  );
}

/** Prints how long the bench has run when each part ends (§5: the whole bench within 20 min). */
const benchStarted = performance.now();
const partDone = (part: string) =>
  console.log(`[${((performance.now() - benchStarted) / 1000).toFixed(0)} s] ${part} done`);

async function main() {
  const machine = await idleGate({ busy: args.busy });
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), 'queue-bench-'));
  const db = join(dir, 'queue.sqlite');
  console.log(`seeding ${TASKS.toLocaleString()} tasks…`);
  const seeded = seedLargeGroup({ db, tasks: TASKS, pending: 0, running: 0 });
  const live = args['no-live']
    ? undefined
    : seedLargeGroup({ db, tasks: TASKS, pending: 1000, running: 0 });
  // The comparison's other side: the same task names, other outcomes and times.
  const other = args['no-insight']
    ? undefined
    : seedLargeGroup({ db, tasks: TASKS, pending: 0, running: 0, seed: COMPARE_SEED });
  console.log(
    `seeded in ${((seeded.ms + (live?.ms ?? 0) + (other?.ms ?? 0)) / 1000).toFixed(2)} s`,
  );
  partDone('seeding');
  const { url, child } = await startService(db, { port: Number(args.port) });
  service = child;
  const queue = createQueueClient({ rootUrl: url, credentials: ROOT, retries: 2 });

  const limits = [];
  for (let i = 0; i < REPS; i++) limits.push(await measureLimit(queue, seeded.taskGroupId));
  const limit = stat(limits.map((l) => l.ms));
  console.log(
    `limit: ${limit.median.toFixed(0)} ms (pages ${stat(limits.map((l) => l.pageMs)).median.toFixed(1)} ms median)`,
  );

  const launchOptions = await chromiumLaunchOptionsOrExit();
  const browser = await chromium.launch(launchOptions);
  machine.chromium = browser.version();
  const fastBrowser = await chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  const runs = [];
  for (let i = 0; i < REPS; i++) {
    const r = await groupRun(browser, url, seeded.taskGroupId, TASKS, {
      scrollBrowser: fastBrowser,
    });
    runs.push(r);
    console.log(
      `group run ${i + 1}: first row ${r.firstRow.toFixed(0)} ms, all loaded ${r.allLoaded.toFixed(0)} ms, search p95 ${r.searchP95.toFixed(1)} ms, click p95 ${r.clickP95.toFixed(1)} ms, heap ${r.heapMB.toFixed(0)} MB (page ${r.pageHeapMB.toFixed(0)} + workers ${r.workersHeapMB.toFixed(0)} + buffers ${r.buffersMB.toFixed(0)}), long tasks ${r.scrollLongTasks} (max ${r.scrollLongest.toFixed(0)} ms)`,
    );
  }
  partDone('group runs');
  const selection = await selectionBench(browser, url, seeded.taskGroupId, TASKS);
  console.log(
    `selection: select all ${selection.selected.toLocaleString()} p95 ${selection.selectAllP95.toFixed(1)} ms, clear p95 ${selection.clearP95.toFixed(1)} ms`,
  );
  const revisit = await revisitBench(browser, url, seeded.taskGroupId, TASKS, REPS);
  partDone('selection and revisit');
  const liveRuns = [];
  if (live) {
    const unresolvedQueues = [
      ...new Set(
        (await queue.statuses({ taskIds: live.taskIds.slice(0, 1000) })).statuses.map(
          (s) => s.status.taskQueueId!,
        ),
      ),
    ];
    const resolver = startResolver(queue, unresolvedQueues, 15);
    for (let i = 0; i < REPS; i++) {
      const r = await groupRun(browser, url, live.taskGroupId, TASKS, {
        scrollBrowser: fastBrowser,
      });
      liveRuns.push(r);
      console.log(
        `live run ${i + 1}: search p95 ${r.searchP95.toFixed(1)} ms, click p95 ${r.clickP95.toFixed(1)} ms, long tasks ${r.scrollLongTasks} (max ${r.scrollLongest.toFixed(0)} ms), resolved so far ${resolver.resolved()}`,
      );
    }
    await resolver.stop();
    partDone('live runs');
  }
  // Pages that take 300-900 ms each, as from a real Queue: they arrive spread out, one render
  // each, rather than in bursts. A second service on the same database, slowed by --faults.
  const slowRuns = [];
  if (!args['no-slow']) {
    const slow = await startService(db, { faults: SLOW_FAULTS });
    try {
      for (let i = 0; i < REPS; i++) {
        const r = await groupRun(browser, slow.url, seeded.taskGroupId, TASKS, {
          interactions: false,
        });
        slowRuns.push(r);
        console.log(
          `slow run ${i + 1} (--faults ${SLOW_FAULTS}): all loaded ${r.allLoaded.toFixed(0)} ms, long tasks while loading ${r.loadLongTasks} (max ${r.loadLongest.toFixed(0)} ms)`,
        );
      }
    } finally {
      slow.child.kill('SIGTERM');
    }
    partDone('slow runs');
  }
  const logs = args['no-log']
    ? undefined
    : await logBench({
        browser,
        fastBrowser,
        reps: REPS,
        lines: LOG_LINES,
        bigLines: BIG_LOG_LINES,
      });
  if (logs) partDone('logs');
  const failureRuns = args['no-failures'] ? [] : await benchFailures(queue, fastBrowser, url, REPS);
  const insight = other
    ? await insightBench({
        browser,
        url,
        a: seeded.taskGroupId,
        b: other.taskGroupId,
        tasks: TASKS,
        reps: REPS,
      })
    : undefined;
  partDone('50,000-task group parts');
  child.kill('SIGTERM');
  const big = args['no-big']
    ? undefined
    : await bigGroupBench({ browser, tasks: Number(args['big-tasks']), reps: REPS });
  if (big) partDone('big group');
  await browser.close();
  await fastBrowser.close();

  const pick = <T extends Record<string, number>>(list: T[], key: keyof T) =>
    stat(list.map((r) => r[key]!));
  const rows: BenchRow[] = [];
  const add = (measure: string, s: Stat, unit: string) => rows.push({ measure, stat: s, unit });
  add('limit: Node client, all pages (limit=1000)', limit, 'ms');
  rows.push(
    bounded('service: listTaskGroup page of 1000', stat(limits.map((l) => l.pageMs)), 'ms', 100),
  );
  rows.push(bounded('first row visible', pick(runs, 'firstRow'), 'ms', 1000));
  rows.push(
    bounded(
      `all ${TASKS.toLocaleString()} loaded, counts final`,
      pick(runs, 'allLoaded'),
      'ms',
      1.3 * limit.median,
      {
        label: `≤ 1.3 × limit = ${(1.3 * limit.median).toFixed(0)} ms`,
      },
    ),
  );
  add('while loading: long tasks (> 50 ms)', pick(runs, 'loadLongTasks'), 'count');
  rows.push(
    bounded('while loading: longest task', pick(runs, 'loadLongest'), 'ms', 100, {
      use: 'max',
      label: 'none over 100 ms',
    }),
  );
  add('search keystroke → painted, p50', pick(runs, 'searchP50'), 'ms');
  rows.push(bounded('search keystroke → painted, p95', pick(runs, 'searchP95'), 'ms', 25));
  add('state filter click → painted, p50', pick(runs, 'clickP50'), 'ms');
  rows.push(bounded('state filter click → painted, p95', pick(runs, 'clickP95'), 'ms', 25));
  add('scroll whole list: long tasks (> 50 ms)', pick(runs, 'scrollLongTasks'), 'count');
  add('scroll whole list: total long-task time', pick(runs, 'scrollLongTotal'), 'ms');
  rows.push(
    bounded('scroll whole list: longest task', pick(runs, 'scrollLongest'), 'ms', 50, {
      use: 'max',
      label: 'none over 50 ms',
    }),
  );
  rows.push(
    bounded(
      `select all ${TASKS.toLocaleString()} matching → painted, p95`,
      stat([selection.selectAllP95]),
      'ms',
      25,
    ),
  );
  rows.push(bounded('clear selection → painted, p95', stat([selection.clearP95]), 'ms', 25));
  rows.push(
    bounded(
      'cached rows interactive after full reload',
      revisit.interactive,
      'ms',
      REVISIT_TARGET_MS,
    ),
  );
  rows.push(
    bounded('JS heap after load (page + workers + ArrayBuffers)', pick(runs, 'heapMB'), 'MB', 250),
  );
  rows.push(
    bounded('DOM rows at any time (max)', pick(runs, 'maxRows'), 'rows', 200, { use: 'max' }),
  );
  rows.push(
    bounded(
      'JavaScript loaded by the task-group URL (gzip)',
      pick(runs, 'firstRouteJsKB'),
      'KB',
      200,
    ),
  );
  add('JavaScript shipped in total (gzip)', stat([distJs()]), 'KB');
  if (liveRuns.length) {
    rows.push(
      bounded('live: search keystroke → painted, p95', pick(liveRuns, 'searchP95'), 'ms', 25),
    );
    rows.push(
      bounded('live: state filter click → painted, p95', pick(liveRuns, 'clickP95'), 'ms', 25),
    );
    rows.push(
      bounded('live: scroll, longest task', pick(liveRuns, 'scrollLongest'), 'ms', 50, {
        use: 'max',
        label: 'none over 50 ms',
      }),
    );
  }
  if (slowRuns.length) {
    add(
      `while loading under latency ${SLOW_FAULTS.slice(8)} ms: all loaded`,
      pick(slowRuns, 'allLoaded'),
      'ms',
    );
    add(
      `while loading under latency ${SLOW_FAULTS.slice(8)} ms: long tasks (> 50 ms)`,
      pick(slowRuns, 'loadLongTasks'),
      'count',
    );
    rows.push(
      bounded(
        `while loading under latency ${SLOW_FAULTS.slice(8)} ms: longest task`,
        pick(slowRuns, 'loadLongest'),
        'ms',
        100,
        { use: 'max', label: 'none over 100 ms' },
      ),
    );
  }
  if (logs) rows.push(...logs.rows);
  if (failureRuns.length) {
    add('failures: 1,000 log tails alone (6 in flight)', pick(failureRuns, 'baselineMs'), 'ms');
    add('failures: triage of 1,000 failed tasks', pick(failureRuns, 'triageMs'), 'ms');
    rows.push(
      bounded('failures: triage ÷ tails alone', pick(failureRuns, 'ratio'), '×', 1.5, {
        label: '≤ 1.5',
      }),
    );
  }

  if (insight) rows.push(...insight.rows);
  if (big) rows.push(...big.rows);

  machine.loadAfter = loadavg();
  console.log(
    `\n${describeMachine(machine)}; ${((performance.now() - benchStarted) / 60_000).toFixed(1)} min in all`,
  );
  printTable(rows);
  mkdirSync('bench-results', { recursive: true });
  const file = join(
    'bench-results',
    `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify(
      {
        machine,
        tasks: TASKS,
        reps: REPS,
        seedMs: seeded.ms,
        rows,
        runs,
        selection,
        revisit: revisit.runs,
        liveRuns,
        slowRuns,
        logRuns: logs?.runs,
        failureRuns,
        insightRuns: insight?.runs,
        big: big && { seedMs: big.seedMs, runs: big.runs, limits: big.limits },
        limits,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${file}`);
  rmSync(dir, { recursive: true, force: true });
  const failed = rows.filter((r) => r.ok === false);
  if (failed.length) {
    console.log(`${failed.length} target(s) missed: ${failed.map((r) => r.measure).join('; ')}`);
    process.exit(1);
  }
  console.log('all targets met');
  process.exit(0);
}

let service: ChildProcess | undefined;
const run =
  args.only === 'logs'
    ? () =>
        logBenchAlone({
          reps: REPS,
          lines: LOG_LINES,
          bigLines: BIG_LOG_LINES,
          busy: args.busy,
        }).then((ok) => process.exit(ok ? 0 : 1))
    : args.only === 'insight'
      ? () =>
          insightBenchAlone({
            tasks: TASKS,
            reps: REPS,
            failures: !args['no-failures'],
            port: Number(args.port) || undefined,
            busy: args.busy,
          }).then((ok) => process.exit(ok ? 0 : 1))
      : args.only === 'big'
        ? () =>
            bigGroupBenchAlone({
              tasks: Number(args['big-tasks']),
              reps: REPS,
              port: Number(args.port) || undefined,
              busy: args.busy,
            }).then((ok) => process.exit(ok ? 0 : 1))
        : args.only !== undefined
          ? () =>
              Promise.reject(
                new Error(`--only: unknown part ${args.only} (known: logs, insight, big)`),
              )
          : args['root-url'] || args.group
            ? () => {
                if (!args['root-url'] || !args.group)
                  throw new Error(
                    '--root-url and --group go together: a deployment and one of its task groups.',
                  );
                return remoteBench({
                  rootUrl: args['root-url'],
                  group: args.group,
                  reps: REPS,
                  port: Number(args.port) || undefined,
                }).then(() => process.exit(0));
              }
            : main;
run().catch((err: unknown) => {
  console.error(err);
  service?.kill('SIGKILL');
  process.exit(1);
});
