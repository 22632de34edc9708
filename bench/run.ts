/**
 * `npm run bench [-- --tasks N] [--reps N] [--log-lines N] [--log-big-lines N] [--no-live] [--no-log] [--no-failures] [--no-insight]`
 * `npm run bench -- --only logs [--reps N] [--log-lines N] [--log-big-lines N]`: the log viewer alone (logs.ts)
 * `npm run bench -- --only insight [--tasks N] [--reps N] [--no-failures]`: group insight alone (insight.ts)
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
import { tmpdir } from 'node:os';
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

async function startService(db: string): Promise<{ url: string; child: ChildProcess }> {
  const port = Number(args.port) || 20000 + Math.floor(Math.random() * 20000);
  const child = await spawnQueueService({ db, port, rootAccessToken: ROOT.accessToken });
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

async function main() {
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
  const { url, child } = await startService(db);
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
      `group run ${i + 1}: first row ${r.firstRow.toFixed(0)} ms, all loaded ${r.allLoaded.toFixed(0)} ms, search p95 ${r.searchP95.toFixed(1)} ms, click p95 ${r.clickP95.toFixed(1)} ms, heap ${r.heapMB.toFixed(0)} MB, long tasks ${r.scrollLongTasks} (max ${r.scrollLongest.toFixed(0)} ms)`,
    );
  }
  const selection = await selectionBench(browser, url, seeded.taskGroupId, TASKS);
  console.log(
    `selection: select all ${selection.selected.toLocaleString()} p95 ${selection.selectAllP95.toFixed(1)} ms, clear p95 ${selection.clearP95.toFixed(1)} ms`,
  );
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
  await browser.close();
  await fastBrowser.close();
  child.kill('SIGTERM');

  const pick = <T extends Record<string, number>>(list: T[], key: keyof T) =>
    stat(list.map((r) => r[key]!));
  type Row = { measure: string; stat: Stat; unit: string; target?: string; ok?: boolean };
  const rows: Row[] = [];
  const add = (measure: string, s: Stat, unit: string, target?: string, ok?: boolean) =>
    rows.push({ measure, stat: s, unit, target, ok });
  add('limit: Node client, all pages (limit=1000)', limit, 'ms');
  add(
    'service: listTaskGroup page of 1000',
    stat(limits.map((l) => l.pageMs)),
    'ms',
    '≤ 100 ms',
    stat(limits.map((l) => l.pageMs)).median <= 100,
  );
  const fr = pick(runs, 'firstRow');
  add('first row visible', fr, 'ms', '≤ 1000 ms', fr.median <= 1000);
  const al = pick(runs, 'allLoaded');
  add(
    `all ${TASKS.toLocaleString()} loaded, counts final`,
    al,
    'ms',
    `≤ 1.3 × limit = ${(1.3 * limit.median).toFixed(0)} ms`,
    al.median <= 1.3 * limit.median,
  );
  const sp = pick(runs, 'searchP95');
  add('search keystroke → painted, p50', pick(runs, 'searchP50'), 'ms');
  add('search keystroke → painted, p95', sp, 'ms', '≤ 50 ms', sp.median <= 50);
  add('state filter click → painted, p50', pick(runs, 'clickP50'), 'ms');
  const cp = pick(runs, 'clickP95');
  add('state filter click → painted, p95', cp, 'ms', '≤ 50 ms', cp.median <= 50);
  const sl = pick(runs, 'scrollLongest');
  add('scroll whole list: long tasks (> 50 ms)', pick(runs, 'scrollLongTasks'), 'count');
  add('scroll whole list: total long-task time', pick(runs, 'scrollLongTotal'), 'ms');
  add('scroll whole list: longest task', sl, 'ms', 'none over 100 ms', sl.max <= 100);
  add(
    `select all ${TASKS.toLocaleString()} matching → painted, p95`,
    stat([selection.selectAllP95]),
    'ms',
    '≤ 25 ms',
    selection.selectAllP95 <= 25,
  );
  add(
    'clear selection → painted, p95',
    stat([selection.clearP95]),
    'ms',
    '≤ 25 ms',
    selection.clearP95 <= 25,
  );
  const hp = pick(runs, 'heapMB');
  add('JS heap after load', hp, 'MB', '≤ 250 MB', hp.median <= 250);
  const mr = pick(runs, 'maxRows');
  add('DOM rows at any time (max)', mr, 'rows', '≤ 200', mr.max <= 200);
  const js = pick(runs, 'firstRouteJsKB');
  add('JavaScript loaded by the task-group URL (gzip)', js, 'KB', '≤ 200 KB', js.median <= 200);
  add('JavaScript shipped in total (gzip)', stat([distJs()]), 'KB');
  if (liveRuns.length) {
    const lsp = pick(liveRuns, 'searchP95');
    add('live: search keystroke → painted, p95', lsp, 'ms', '≤ 50 ms', lsp.median <= 50);
    const lcp = pick(liveRuns, 'clickP95');
    add('live: state filter click → painted, p95', lcp, 'ms', '≤ 50 ms', lcp.median <= 50);
    const lsl = pick(liveRuns, 'scrollLongest');
    add('live: scroll, longest task', lsl, 'ms', 'none over 100 ms', lsl.max <= 100);
  }
  if (logs) rows.push(...logs.rows);
  if (failureRuns.length) {
    add('failures: 1,000 log tails alone (6 in flight)', pick(failureRuns, 'baselineMs'), 'ms');
    add('failures: triage of 1,000 failed tasks', pick(failureRuns, 'triageMs'), 'ms');
    const fr = pick(failureRuns, 'ratio');
    add('failures: triage ÷ tails alone', fr, '×', '≤ 1.5', fr.median <= 1.5);
  }
  if (insight) rows.push(...insight.rows);

  const fmt = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : '—');
  console.log(`\n| measure | median | min | max | target | result |\n|---|---|---|---|---|---|`);
  for (const r of rows) {
    console.log(
      `| ${r.measure} | ${fmt(r.stat.median)} ${r.unit} | ${fmt(r.stat.min)} | ${fmt(r.stat.max)} | ${r.target ?? ''} | ${r.ok === undefined ? '' : r.ok ? 'pass' : 'FAIL'} |`,
    );
  }
  mkdirSync('bench-results', { recursive: true });
  const file = join(
    'bench-results',
    `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(
    file,
    JSON.stringify(
      {
        tasks: TASKS,
        reps: REPS,
        seedMs: seeded.ms,
        rows,
        runs,
        selection,
        liveRuns,
        logRuns: logs?.runs,
        failureRuns,
        insightRuns: insight?.runs,
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
        logBenchAlone({ reps: REPS, lines: LOG_LINES, bigLines: BIG_LOG_LINES }).then((ok) =>
          process.exit(ok ? 0 : 1),
        )
    : args.only === 'insight'
      ? () =>
          insightBenchAlone({
            tasks: TASKS,
            reps: REPS,
            failures: !args['no-failures'],
            port: Number(args.port) || undefined,
          }).then((ok) => process.exit(ok ? 0 : 1))
      : args.only !== undefined
        ? () =>
            Promise.reject(new Error(`--only: unknown part ${args.only} (known: logs, insight)`))
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
