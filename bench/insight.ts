/**
 * Group insight benchmark (issue 13; part of `npm run bench`, alone: `npm run bench -- --only
 * insight [--tasks N] [--reps N] [--no-failures]`).
 *
 * On a group of N tasks (default 50,000), in a fresh context per repetition:
 * - timeline first paint: the group loaded in the Tasks tab, a click on Timeline → the bars and
 *   the critical-path summary on screen;
 * - pan and zoom with everything in view: wheel zooms and drags around the fully zoomed-out view,
 *   one input per frame, traced; per frame, the time the page's main thread was busy, and the
 *   time its workers (the render worker draws the bars) were busy, with the longest task of each;
 * - timings view: a click on Timings → its tables on screen;
 * - compare: `/tasks/groups/A/compare/B` for two groups of N tasks that share names but not
 *   outcomes, from both loads done → the final comparison on screen.
 * Alone, it also runs the failure triage bench (failures.ts) on the same service.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueueClient } from '../src/api';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { spawnQueueService } from '../server/common/spawn';
import { seedLargeGroup } from '../server/demo/seed-large-group';
import { benchFailures, type FailuresRun } from './failures';
import { newContext, percentile, stat } from './group-run';
import {
  bounded,
  describeMachine,
  idleGate,
  printTable,
  type BenchRow,
  type MachineRecord,
} from './report';

/** The seed of the comparison's second group: same names as the first, other outcomes. */
export const COMPARE_SEED = 424242;

export interface InsightRun {
  /** Click on the Timeline tab → bars and critical-path summary painted (ms). */
  timelineFirstPaint: number;
  /** Of that: the render worker's own report of the first frame with bars. */
  timelineBarsOnly: number;
  /** Per frame of pan and zoom: main-thread busy time, p50 / p95 (ms). */
  panMainP50: number;
  panMainP95: number;
  /** Per frame: the page's workers' busy time (the render worker draws), p50 / p95 (ms). */
  panWorkerP50: number;
  panWorkerP95: number;
  /** The render worker's own drawing time per frame, p95 (ms). */
  panDrawP95: number;
  panFrames: number;
  /** Frames drawn by the render worker during the gesture (it may drop some). */
  panDrawn: number;
  /** Longest single task during the gesture on the main thread / on a worker (ms). */
  panLongestMain: number;
  panLongestWorker: number;
  /** Fewest bars drawn in a frame of the gesture, as a fraction of all. */
  panMinVisible: number;
  /** Click on the Timings tab → its tables painted (ms). */
  timings: number;
  /** Both groups loaded → the final comparison painted (ms). */
  compare: number;
  compareLoadMs: number;
}

type Win = Record<string, unknown> & typeof globalThis;

/** The group in the Tasks tab, loaded: returns as soon as the page shows it all loaded. */
async function openLoaded(page: Page, url: string, group: string, tasks: number) {
  await page.goto(`${url}/tasks/groups/${group}`);
  const state = page.getByTestId('load-state').and(page.locator('[data-done]'));
  await state.waitFor({ timeout: 600_000 });
  const loaded = Number(await state.getAttribute('data-loaded'));
  if (loaded < tasks) throw new Error(`loaded ${loaded} of ${tasks}`);
  // The clock starts as soon as the page says so: whatever the insight worker still has to take
  // in from the load is part of what the user waits for.
}

/** Clicks a tab in the page and resolves when `ready` holds, one frame later: ms since the click. */
async function clickUntil(
  page: Page,
  tab: string,
  ready: string,
  arg: unknown,
): Promise<{ ms: number; t0: number }> {
  return page.evaluate(
    ({ tab, ready, arg }) =>
      new Promise<{ ms: number; t0: number }>((resolve, reject) => {
        // The predicate arrives as source (functions cannot be passed): true when ready.
        const check = new Function('arg', ready) as (arg: unknown) => boolean;
        const button = [...document.querySelectorAll<HTMLElement>('[role="tab"]')].find(
          (b) => b.textContent?.trim() === tab,
        );
        if (!button) return reject(new Error(`no tab ${tab}`));
        let done = false;
        const t0 = performance.now();
        const timeout = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`${tab}: not ready after 120 s`));
        }, 120_000);
        const test = () => {
          if (done) return;
          if (!check(arg)) return;
          done = true;
          observer.disconnect();
          clearTimeout(timeout);
          // In the DOM now; on screen with the next frame.
          requestAnimationFrame(() => resolve({ ms: performance.now() - t0, t0 }));
        };
        const observer = new MutationObserver(test);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        button.click();
        test();
      }),
    { tab, ready, arg },
  );
}

const TRACE_CATEGORIES = [
  'toplevel',
  'disabled-by-default-devtools.timeline',
  'devtools.timeline',
  'blink.user_timing',
  'v8.execute',
  '__metadata',
  // JavaScript samples of every thread, workers included: which functions the time goes to.
  ...(process.env.INSIGHT_TRACE_DIR ? ['disabled-by-default-v8.cpu_profiler'] : []),
];

/**
 * `INSIGHT_TRACE_DIR=dir`: keep the Chromium traces (first paint, pan and zoom) of each run there,
 * to open in the Performance panel and see where the time goes.
 */
const TRACE_DIR = process.env.INSIGHT_TRACE_DIR;
let traceRun = 0;

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Busy time of `tasks` (sorted, non-overlapping after merging) inside [a, b). */
function busyIn(tasks: [number, number][], a: number, b: number): number {
  let sum = 0;
  for (const [s, e] of tasks) {
    if (e <= a) continue;
    if (s >= b) break;
    sum += Math.min(e, b) - Math.max(s, a);
  }
  return sum;
}

/** Top-level tasks of a thread as merged [start, end) intervals in µs. */
function topLevel(events: TraceEvent[], pid: number, tid: number): [number, number][] {
  const spans = events
    .filter(
      (e) =>
        e.pid === pid &&
        e.tid === tid &&
        e.ph === 'X' &&
        (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask'),
    )
    .map((e) => [e.ts, e.ts + (e.dur ?? 0)] as [number, number])
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([...s]);
  }
  return out;
}

/** Longest single top-level task of a thread inside [a, b) (ms). */
function longest(tasks: [number, number][], a: number, b: number): number {
  let max = 0;
  for (const [s, e] of tasks) if (e > a && s < b) max = Math.max(max, e - s);
  return max / 1000;
}

/**
 * Pans and zooms around the fully zoomed-out view, one input per frame: zoom in a step, drag
 * right, drag back, zoom out to everything again. Traced; frames are delimited by marks the
 * page makes at each animation frame.
 */
async function panZoom(
  browser: Browser,
  page: Page,
  segments: number,
  traceFile?: string,
  frames = 240,
) {
  await page.evaluate(() => {
    const w = window as unknown as Win;
    w.__draws = [] as { ms: number; segments: number }[];
  });
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const { draws } = await page.evaluate(
    (frames) =>
      new Promise<{ draws: { ms: number; segments: number }[] }>((resolve) => {
        const box = document.querySelector<HTMLElement>('[data-testid="timeline-canvas"]')!;
        const r = box.getBoundingClientRect();
        const cx = r.left + r.width / 2;
        const cy = r.top + r.height / 2;
        const draws: { ms: number; segments: number }[] = [];
        // Every drawn frame updates these attributes (the render worker's report).
        const observer = new MutationObserver(() =>
          draws.push({
            ms: Number(box.dataset.paintMs),
            segments: Number(box.dataset.paintedSegments),
          }),
        );
        observer.observe(box, { attributes: true, attributeFilter: ['data-painted-segments'] });
        let k = 0;
        const pointer = (type: string, x: number) =>
          box.dispatchEvent(
            new PointerEvent(type, {
              clientX: x,
              clientY: cy,
              pointerId: 1,
              bubbles: true,
              isPrimary: true,
              button: 0,
              buttons: type === 'pointerup' ? 0 : 1,
            }),
          );
        const step = () => {
          performance.mark('bench-frame');
          if (k === frames) {
            observer.disconnect();
            return resolve({ draws });
          }
          const phase = k % 4;
          if (phase === 0)
            box.dispatchEvent(
              new WheelEvent('wheel', {
                deltaY: -30,
                clientX: cx,
                clientY: cy,
                bubbles: true,
                cancelable: true,
              }),
            );
          else if (phase === 1) {
            pointer('pointerdown', cx);
            pointer('pointermove', cx + 40);
          } else if (phase === 2) {
            pointer('pointermove', cx);
            pointer('pointerup', cx);
          } else
            box.dispatchEvent(
              new WheelEvent('wheel', {
                deltaY: 60,
                clientX: cx,
                clientY: cy,
                bubbles: true,
                cancelable: true,
              }),
            );
          k++;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    frames,
  );
  const buffer = await browser.stopTracing();
  if (traceFile) writeFileSync(traceFile, buffer);
  const trace = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const marks = events.filter((e) => e.name === 'bench-frame').sort((a, b) => a.ts - b.ts);
  if (marks.length < 2) throw new Error('pan/zoom: no frame marks in the trace');
  const { pid, tid } = marks[0]!;
  const main = topLevel(events, pid, tid);
  const workerThreads = events
    .filter(
      (e) =>
        e.ph === 'M' &&
        e.name === 'thread_name' &&
        e.pid === pid &&
        e.args?.name === 'DedicatedWorker thread',
    )
    .map((e) => topLevel(events, pid, e.tid));
  const mainPerFrame: number[] = [];
  const workerPerFrame: number[] = [];
  for (let k = 0; k + 1 < marks.length; k++) {
    const a = marks[k]!.ts;
    const b = marks[k + 1]!.ts;
    mainPerFrame.push(busyIn(main, a, b) / 1000);
    // Workers run in parallel: the busiest one bounds the frame.
    workerPerFrame.push(Math.max(0, ...workerThreads.map((t) => busyIn(t, a, b) / 1000)));
  }
  const a = marks[0]!.ts;
  const b = marks.at(-1)!.ts;
  return {
    mainP50: percentile(mainPerFrame, 50),
    mainP95: percentile(mainPerFrame, 95),
    workerP50: percentile(workerPerFrame, 50),
    workerP95: percentile(workerPerFrame, 95),
    drawP95: percentile(
      draws.map((d) => d.ms),
      95,
    ),
    frames: mainPerFrame.length,
    drawn: draws.length,
    longestMain: longest(main, a, b),
    longestWorker: Math.max(0, ...workerThreads.map((t) => longest(t, a, b))),
    minVisible: Math.min(...draws.map((d) => d.segments)) / segments,
  };
}

/** One repetition: timeline, pan and zoom, timings on group `a`; compare `a` with `b`. */
export async function insightRun(
  browser: Browser,
  url: string,
  a: string,
  b: string,
  tasks: number,
): Promise<InsightRun> {
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openLoaded(page, url, a, tasks);
  const run = ++traceRun;
  if (TRACE_DIR) {
    mkdirSync(TRACE_DIR, { recursive: true });
    await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  }
  const timeline = await clickUntil(
    page,
    'Timeline',
    `const box = document.querySelector('[data-testid="timeline-canvas"]');
     if (!box || !(Number(box.dataset.paintedSegments) > 0)) return false;
     window.__bars ??= performance.now();
     return Number(box.dataset.rows) >= arg && !!document.querySelector('[data-testid="critical-path"]');`,
    tasks,
  );
  if (TRACE_DIR)
    writeFileSync(join(TRACE_DIR, `first-paint-${run}.json`), await browser.stopTracing());
  // The first frame with bars, as the render worker reported it, against the click.
  const barsOnly =
    (await page.evaluate(() => (window as unknown as Win).__bars as number)) - timeline.t0;
  const segments = Number(await page.getByTestId('timeline-canvas').getAttribute('data-segments'));
  if (!(segments > 0)) throw new Error('timeline: no data-segments on the canvas');
  await page.waitForTimeout(500);
  const pz = await panZoom(
    browser,
    page,
    segments,
    TRACE_DIR && join(TRACE_DIR, `pan-zoom-${run}.json`),
  );
  await page.waitForTimeout(300);
  if (TRACE_DIR) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  const timings = await clickUntil(
    page,
    'Timings',
    `return !!document.querySelector('[data-testid="timings-slowest"] tbody tr');`,
    null,
  );
  if (TRACE_DIR) writeFileSync(join(TRACE_DIR, `timings-${run}.json`), await browser.stopTracing());
  await context.close();

  // Compare: a page of its own, both groups loading in it.
  const cc = await newContext(browser);
  const cp = await cc.newPage();
  cp.on('pageerror', (e) => errors.push(e.message));
  await cc.addInitScript(() => {
    const w = window as unknown as Win;
    const check = () => {
      const both = ['A', 'B'].every((s) =>
        document.querySelector(`[data-testid="compare-progress-${s}"][data-done]`),
      );
      if (both && w.__bothLoaded === undefined) w.__bothLoaded = performance.now();
      if (
        w.__bothLoaded !== undefined &&
        w.__compared === undefined &&
        document.querySelector('[data-testid="comparison"][data-done]')
      )
        requestAnimationFrame(() => (w.__compared ??= performance.now()));
    };
    new MutationObserver(check).observe(document, {
      subtree: true,
      childList: true,
      attributes: true,
    });
  });
  await cp.goto(`${url}/tasks/groups/${a}/compare/${b}`);
  await cp.waitForFunction(() => (window as unknown as Win).__compared !== undefined, undefined, {
    timeout: 600_000,
    polling: 200,
  });
  const { loaded, compared } = await cp.evaluate(() => {
    const w = window as unknown as Win;
    return { loaded: w.__bothLoaded as number, compared: w.__compared as number };
  });
  const newlyFailing = await cp.getByTestId('compare-summary').textContent();
  await cc.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  if (!newlyFailing?.includes(`${tasks.toLocaleString('en-US')} tasks matched`))
    throw new Error(`compare: unexpected summary “${newlyFailing}”`);
  return {
    timelineFirstPaint: timeline.ms,
    timelineBarsOnly: barsOnly,
    panMainP50: pz.mainP50,
    panMainP95: pz.mainP95,
    panWorkerP50: pz.workerP50,
    panWorkerP95: pz.workerP95,
    panDrawP95: pz.drawP95,
    panFrames: pz.frames,
    panDrawn: pz.drawn,
    panLongestMain: pz.longestMain,
    panLongestWorker: pz.longestWorker,
    panMinVisible: pz.minVisible,
    timings: timings.ms,
    compare: compared - loaded,
    compareLoadMs: loaded,
  };
}

const fmt = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : '—');
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** `reps` runs on groups `a` and `b` of `tasks` tasks each; the rows of the bench's table. */
export async function insightBench(options: {
  browser: Browser;
  url: string;
  a: string;
  b: string;
  tasks: number;
  reps: number;
}): Promise<{ rows: BenchRow[]; runs: (InsightRun & { load: string })[] }> {
  const runs: (InsightRun & { load: string })[] = [];
  for (let i = 0; i < options.reps; i++) {
    const r = await insightRun(options.browser, options.url, options.a, options.b, options.tasks);
    runs.push({ ...r, load: load() });
    console.log(
      `insight run ${i + 1}: timeline first paint ${fmt(r.timelineFirstPaint)} ms (bars ${fmt(r.timelineBarsOnly)}), pan/zoom per frame main p95 ${fmt(r.panMainP95)} ms, workers p95 ${fmt(r.panWorkerP95)} ms (draw p95 ${fmt(r.panDrawP95)}; ${r.panDrawn} of ${r.panFrames} frames drawn, ≥ ${(r.panMinVisible * 100).toFixed(0)}% of bars each), longest task main ${fmt(r.panLongestMain)} / worker ${fmt(r.panLongestWorker)} ms, timings ${fmt(r.timings)} ms, compare ${fmt(r.compare)} ms (loads ${fmt(r.compareLoadMs)} ms); load ${load()}`,
    );
  }
  const pick = (key: keyof InsightRun) => stat(runs.map((r) => r[key]));
  const rows: BenchRow[] = [];
  const info = (measure: string, key: keyof InsightRun) =>
    rows.push({ measure, stat: pick(key), unit: 'ms' });
  const n = options.tasks.toLocaleString('en-US');
  rows.push(
    bounded(
      `timeline: first paint after the group loaded (${n} tasks)`,
      pick('timelineFirstPaint'),
      'ms',
      1000,
    ),
  );
  info('timeline: first frame with bars (render worker)', 'timelineBarsOnly');
  info('timeline pan/zoom, everything in view: main thread per frame, p50', 'panMainP50');
  rows.push(
    bounded(
      'timeline pan/zoom, everything in view: main thread per frame, p95',
      pick('panMainP95'),
      'ms',
      12,
    ),
  );
  info('timeline pan/zoom: busiest worker per frame, p50', 'panWorkerP50');
  // The issue bounds the main thread (12 ms). The render worker draws off it; what it must do
  // is finish each frame within the frame, at 60 Hz 16.7 ms, or frames are dropped.
  rows.push(
    bounded('timeline pan/zoom: busiest worker per frame, p95', pick('panWorkerP95'), 'ms', 16.7, {
      label: '≤ 16.7 ms (one frame at 60 Hz)',
    }),
  );
  info('timeline pan/zoom: render worker drawing per frame, p95', 'panDrawP95');
  rows.push(
    bounded('timeline pan/zoom: longest main-thread task', pick('panLongestMain'), 'ms', 50, {
      use: 'max',
      label: 'none over 50 ms',
    }),
    bounded('timeline pan/zoom: longest worker task', pick('panLongestWorker'), 'ms', 50, {
      use: 'max',
      label: 'none over 50 ms',
    }),
    bounded('timings view after the group loaded', pick('timings'), 'ms', 500),
    bounded(`compare two groups of ${n} tasks after both loaded`, pick('compare'), 'ms', 1000),
  );
  info('compare: both groups loaded (page open → loaded)', 'compareLoadMs');
  return { rows, runs };
}

/** `npm run bench -- --only insight`: seeds its own two groups and service; returns success. */
export async function insightBenchAlone(options: {
  tasks: number;
  reps: number;
  failures: boolean;
  port?: number;
  /** Skip the wait for an idle machine: indicative figures (report.ts). */
  busy?: boolean;
}): Promise<boolean> {
  const started = performance.now();
  const machine: MachineRecord = await idleGate({ busy: options.busy });
  buildIfStale();
  // INSIGHT_REUSE_DB=path (iterating on the code): seed once into that file, reuse it after.
  const reuse = process.env.INSIGHT_REUSE_DB;
  const dir = reuse ? undefined : mkdtempSync(join(tmpdir(), 'insight-bench-'));
  const db = reuse ?? join(dir!, 'queue.sqlite');
  let child: ChildProcess | undefined;
  try {
    let groups: { a: string; b: string };
    if (reuse && existsSync(`${reuse}.groups.json`)) {
      groups = JSON.parse(readFileSync(`${reuse}.groups.json`, 'utf8')) as typeof groups;
      console.log(`reusing the groups seeded in ${reuse}`);
    } else {
      console.log(`seeding two groups of ${options.tasks.toLocaleString('en-US')} tasks…`);
      const a = seedLargeGroup({ db, tasks: options.tasks, pending: 0, running: 0 });
      const b = seedLargeGroup({
        db,
        tasks: options.tasks,
        pending: 0,
        running: 0,
        seed: COMPARE_SEED,
      });
      console.log(`seeded in ${((a.ms + b.ms) / 1000).toFixed(1)} s`);
      groups = { a: a.taskGroupId, b: b.taskGroupId };
      if (reuse) writeFileSync(`${reuse}.groups.json`, JSON.stringify(groups));
    }
    const port = options.port || 20000 + Math.floor(Math.random() * 20000);
    const accessToken = `insight-${Math.random().toString(36).slice(2)}`;
    child = await spawnQueueService({ db, port, rootAccessToken: accessToken });
    const url = `http://127.0.0.1:${port}`;
    const launchOptions = await chromiumLaunchOptionsOrExit();
    const browser = await chromium.launch(launchOptions);
    machine.chromium = browser.version();
    const { rows, runs } = await insightBench({
      browser,
      url,
      a: groups.a,
      b: groups.b,
      tasks: options.tasks,
      reps: options.reps,
    });
    let failureRuns: FailuresRun[] = [];
    if (options.failures) {
      const queue = createQueueClient({
        rootUrl: url,
        credentials: { clientId: 'static/taskcluster/root', accessToken },
        retries: 2,
      });
      failureRuns = await benchFailures(queue, browser, url, options.reps);
      const pick = (key: keyof FailuresRun) => stat(failureRuns.map((r) => r[key]));
      rows.push(
        {
          measure: 'failures: 1,000 log tails alone (6 in flight)',
          stat: pick('baselineMs'),
          unit: 'ms',
        },
        { measure: 'failures: triage of 1,000 failed tasks', stat: pick('triageMs'), unit: 'ms' },
        bounded('failures: triage ÷ tails alone', pick('ratio'), '×', 1.5, { label: '≤ 1.5' }),
      );
    }
    await browser.close();
    machine.loadAfter = loadavg();
    console.log(
      `\n${describeMachine(machine)}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
    );
    printTable(rows);
    mkdirSync('bench-results', { recursive: true });
    const file = join(
      'bench-results',
      `insight-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
    );
    writeFileSync(
      file,
      JSON.stringify({ machine, tasks: options.tasks, rows, runs, failureRuns }, null, 2),
    );
    console.log(`\nwritten to ${file}`);
    return rows.every((r) => r.ok !== false);
  } finally {
    child?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
