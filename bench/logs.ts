/**
 * The log viewer's benchmark (part of `npm run bench`; alone: `npm run bench -- --only logs`).
 *
 * Starts its own local deployment in this process (one task, its logs), so the log part needs
 * no seeded group and can feed a live log directly. For each log size (200,000 lines, and
 * 2,000,000 lines ≈ 180 MB), in a fresh context per repetition: first lines painted, fully
 * loaded, memory, search keystroke → painted, and long tasks while scrolling top to bottom.
 * Then a live log growing by 1,000 lines/s in follow mode: frame intervals.
 *
 * Memory = JS heap of the page + JS heap of each of its workers (CDP `Runtime.getHeapUsage`
 * after a GC, workers reached through `Target.setAutoAttach`) + ArrayBuffers (they live outside
 * the JS heap): Chromium's count of their backing stores, or the log worker's own report of its
 * blocks and offsets where that is more (see heap.ts).
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import slugid from 'slugid';
import { createQueueClient, type QueueClient } from '../src/api';
import { ansiLog, firefoxTaskDefinition } from '../server/demo/content';
import { createDeployment, type Deployment } from '../server/deployment';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { newContext, percentile, stat, type Stat } from './group-run';
import { heapTracker } from './heap';
import { bounded, describeMachine, idleGate, printTable, type BenchRow } from './report';

export type { BenchRow };

const ROOT = { clientId: 'static/taskcluster/root', accessToken: `logs-${Math.random()}` };
const LOG_NAME = 'public/logs/live_backing.log';
const fmt = (n: number) => n.toLocaleString('en-US');

/** A claimed task of its own, for one log. */
async function runningTask(queue: QueueClient): Promise<string> {
  const taskId = slugid.nice();
  const now = Date.now();
  const taskQueueId = `bench/logs-${Math.random().toString(36).slice(2, 10)}`;
  await queue.createTask(
    taskId,
    firefoxTaskDefinition({
      taskGroupId: taskId,
      name: 'bench log',
      created: now,
      deadline: now + 3600_000,
      expires: now + 86400_000,
      taskQueueId,
    }),
  );
  await queue.claimWork(taskQueueId, { workerGroup: 'bench', workerId: 'log', tasks: 1 });
  return taskId;
}

/**
 * Uploads a log of `lines` lines (a multiple of `block`'s lines) as `block` repeated, streamed:
 * seeding 2,000,000 lines costs one 200,000-line generation and the upload.
 */
async function seedLog(queue: QueueClient, block: Buffer, repeat: number): Promise<string> {
  const taskId = await runningTask(queue);
  const res = await queue.createArtifact(taskId, 0, LOG_NAME, {
    storageType: 's3',
    contentType: 'text/plain; charset=utf-8',
    expires: new Date(Date.now() + 3600_000).toJSON(),
  });
  if (res.storageType !== 's3') throw new Error('expected an s3 artifact');
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ === repeat) return controller.close();
      controller.enqueue(new Uint8Array(block));
    },
  });
  const put = await fetch(res.putUrl, {
    method: 'PUT',
    body,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    duplex: 'half',
  } as RequestInit);
  if (!put.ok) throw new Error(`upload failed: HTTP ${put.status}`);
  await queue.reportCompleted(taskId, 0);
  return taskId;
}

const INSTRUMENT = () => {
  const w = window as unknown as Record<string, unknown>;
  const longTasks: number[] = [];
  w.__longTasks = longTasks;
  new PerformanceObserver((list) =>
    list.getEntries().forEach((e) => longTasks.push(e.duration)),
  ).observe({ type: 'longtask', buffered: true });
  // First lines = line 1's text (not just its number) is in the DOM, at the next frame.
  new MutationObserver(() => {
    if (w.__firstLine !== undefined) return;
    const text = document.querySelector('[data-line="1"] [data-text]');
    if (text?.textContent) requestAnimationFrame(() => (w.__firstLine ??= performance.now()));
  }).observe(document, { subtree: true, childList: true, characterData: true });
};

/**
 * Scrolling as a user does in a long log: 300 frames of a fast wheel (one viewport a frame)
 * from the top, then 20 jumps (a scrollbar drag) each followed by 10 wheel frames. Scrolling
 * the whole of 2,000,000 lines a viewport a frame would take longer than the bench's budget.
 */
async function scrollSample(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const el = document.querySelector('[data-testid="log-scroll"]') as HTMLElement;
        let frames = 0;
        let jumps = 0;
        const step = () => {
          frames++;
          if (frames > 300 && (frames - 300) % 10 === 0) {
            if (jumps++ === 20) return resolve();
            el.scrollTop = ((jumps * 7919) % 20) * (el.scrollHeight / 20);
          } else el.scrollTop += el.clientHeight;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
}

async function searchLatencies(page: Page, queries: string[]): Promise<number[]> {
  const box = page.getByLabel('Search the log');
  const marks: number[] = [];
  for (const text of queries) {
    await box.fill('');
    for (const ch of text) {
      if (process.env.LOGS_BENCH_DEBUG) console.log(`  · typing ${ch} of ${text}`);
      marks.push(
        await page.evaluate(async (c) => {
          const input = document.querySelector(
            'input[aria-label="Search the log"]',
          ) as HTMLInputElement;
          const start = performance.now();
          const want = input.value + c;
          const shown = () =>
            document.querySelector('[data-testid="log-matches"]')?.getAttribute('data-query') ===
            want;
          await new Promise<void>((resolve) => {
            const mo = new MutationObserver(() => {
              if (shown()) {
                mo.disconnect();
                resolve();
              }
            });
            mo.observe(document, {
              subtree: true,
              attributes: true,
              attributeFilter: ['data-query'],
            });
            const setter = Object.getOwnPropertyDescriptor(
              HTMLInputElement.prototype,
              'value',
            )!.set!;
            setter.call(input, want);
            input.dispatchEvent(new Event('input', { bubbles: true }));
          });
          await new Promise((r) => requestAnimationFrame(r));
          return performance.now() - start;
        }, ch),
      );
    }
  }
  await box.fill('');
  return marks;
}

/** Time from typing a query to the first count shown, and to the final count. */
async function searchProgress(page: Page, query: string) {
  return page.evaluate(async (q) => {
    const input = document.querySelector('input[aria-label="Search the log"]') as HTMLInputElement;
    const el = () => document.querySelector('[data-testid="log-matches"]')!;
    const start = performance.now();
    let first: number | undefined;
    await new Promise<void>((resolve) => {
      const check = () => {
        if (el().getAttribute('data-query') !== q) return;
        first ??= performance.now() - start;
        if (el().hasAttribute('data-complete')) {
          mo.disconnect();
          resolve();
        }
      };
      const mo = new MutationObserver(check);
      mo.observe(document, { subtree: true, attributes: true, childList: true });
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
      setter.call(input, q);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    return { first: first!, complete: performance.now() - start, text: el().textContent ?? '' };
  }, query);
}

async function logRun(browser: Browser, url: string, taskId: string, lines: number) {
  const context = await newContext(browser);
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  const step = (m: string) => process.env.LOGS_BENCH_DEBUG && console.log(`  · ${m}`);
  const heap = await heapTracker(context, page);
  step('heap tracker attached');
  await page.goto(`${url}/tasks/${taskId}/runs/0/logs/${LOG_NAME}`);
  await page.waitForFunction(() => (window as { __firstLine?: number }).__firstLine, undefined, {
    timeout: 60_000,
  });
  const firstLines = await page.evaluate(() => (window as { __firstLine?: number }).__firstLine!);
  step(`first lines ${firstLines}`);
  await page
    .getByTestId('log-status')
    .filter({ hasText: new RegExp(`^${fmt(lines)} lines$`) })
    .waitFor({ timeout: 300_000 });
  const fullyLoaded = await page.evaluate(() => performance.now());
  const workerBuffers = Number(await page.getByTestId('log-scroll').getAttribute('data-bytes'));
  step('loaded');
  const h = await heap.heapBytes();
  step('heap measured');
  // ArrayBuffers as Chromium counts them (page and workers), or as the viewer reports its chunks
  // where that is more: never fewer bytes than either says.
  const memoryMB = (h.page + h.workers + Math.max(h.buffers, workerBuffers)) / 2 ** 20;
  const marks = await searchLatencies(page, ['error', 'TEST-PASS', 'browser_1999', 'zzz-none']);
  const progress = await searchProgress(page, 'GECKO(1050)');
  await page.getByLabel('Search the log').fill('');
  await page.evaluate(() => ((window as { __longTasks?: number[] }).__longTasks!.length = 0));
  await scrollSample(page);
  const lt = await page.evaluate(() => (window as { __longTasks?: number[] }).__longTasks!);
  await heap.detach();
  await context.close();
  return {
    firstLines,
    fullyLoaded,
    memoryMB,
    pageHeapMB: h.page / 2 ** 20,
    workerHeapMB: h.workers / 2 ** 20,
    workerBuffersMB: workerBuffers / 2 ** 20,
    buffersMB: h.buffers / 2 ** 20,
    workers: h.workerCount,
    searchP50: percentile(marks, 50),
    searchP95: percentile(marks, 95),
    searchFirstCount: progress.first,
    searchComplete: progress.complete,
    scrollLongTasks: lt.length,
    scrollLongest: Math.max(0, ...lt),
  };
}

/** A live log growing by `perSecond` lines while the viewer follows it: frame intervals. */
async function liveRun(browser: Browser, deployment: Deployment, url: string, perSecond: number) {
  const queue = createQueueClient({ rootUrl: url, credentials: ROOT });
  const taskId = await runningTask(queue);
  const { liveLogs } = deployment.queue;
  liveLogs.open(taskId, 0);
  await queue.createArtifact(taskId, 0, 'public/logs/live.log', {
    storageType: 'reference',
    url: `${url}/__livelog/${taskId}/0`,
    contentType: 'text/plain; charset=utf-8',
    expires: new Date(Date.now() + 3600_000).toJSON(),
  });
  const lines = ansiLog(20_000, 11).split('\n');
  liveLogs.append(taskId, 0, lines.slice(0, 10_000).join('\n') + '\n');
  let at = 10_000;
  const tickMs = 50;
  const feeder = setInterval(() => {
    const n = (perSecond * tickMs) / 1000;
    liveLogs.append(taskId, 0, lines.slice(at % 10_000, (at % 10_000) + n).join('\n') + '\n');
    at += n;
  }, tickMs);
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${url}/tasks/${taskId}/runs/0/logs/live/public/logs/live.log`);
  await page.getByTestId('log-status').filter({ hasText: 'streaming' }).waitFor();
  const result = await page.evaluate(
    () =>
      new Promise<{ intervals: number[]; followed: boolean; grew: number }>((resolve) => {
        const intervals: number[] = [];
        const status = () =>
          Number(
            document
              .querySelector('[data-testid="log-status"]')!
              .textContent!.split(' ')[0]!
              .replace(/,/g, ''),
          );
        const startLines = status();
        let last = performance.now();
        const end = last + 5_000;
        const frame = (t: number) => {
          intervals.push(t - last);
          last = t;
          if (t < end) return requestAnimationFrame(frame);
          const el = document.querySelector('[data-testid="log-scroll"]') as HTMLElement;
          resolve({
            intervals: intervals.slice(1),
            followed: el.scrollTop + el.clientHeight >= el.scrollHeight - 40,
            grew: status() - startLines,
          });
        };
        requestAnimationFrame(frame);
      }),
  );
  clearInterval(feeder);
  liveLogs.close(taskId, 0);
  await context.close();
  return {
    frameP95: percentile(result.intervals, 95),
    frameMax: Math.max(...result.intervals),
    followed: result.followed ? 1 : 0,
    grewPerSecond: result.grew / 5,
  };
}

export async function logBench(options: {
  browser: Browser;
  /** A browser without the frame cap, for latencies (as the group bench uses). */
  fastBrowser: Browser;
  reps: number;
  lines: number;
  bigLines: number;
  log?: (line: string) => void;
}): Promise<{ rows: BenchRow[]; runs: Record<string, unknown> }> {
  const say = options.log ?? console.log;
  const dir = mkdtempSync(join(tmpdir(), 'logs-bench-'));
  const deployment = createDeployment({
    db: join(dir, 'queue.sqlite'),
    clients: [{ ...ROOT, scopes: ['*'] }],
  });
  const { url } = await deployment.listen(0, '127.0.0.1');
  const queue = createQueueClient({ rootUrl: url, credentials: ROOT, retries: 2 });
  const rows: BenchRow[] = [];
  const runs: Record<string, unknown> = {};
  const pick = <T extends Record<string, number>>(list: T[], key: keyof T) =>
    stat(list.map((r) => r[key]!));
  const add = (measure: string, s: Stat, unit: string, target?: string, ok?: boolean) =>
    rows.push({ measure, stat: s, unit, target, ok });
  try {
    const t0 = performance.now();
    const block = Buffer.from(ansiLog(options.lines - 2, 7));
    const sizes = [options.lines, options.bigLines].filter((n) => n > 0);
    const tasks = new Map<number, string>();
    for (const n of sizes) {
      if (n % options.lines)
        throw new Error(`--log-big-lines must be a multiple of ${options.lines}`);
      tasks.set(n, await seedLog(queue, block, n / options.lines));
    }
    say(
      `logs seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${sizes.map((n) => `${fmt(n)} lines (${((block.length * (n / options.lines)) / 2 ** 20).toFixed(0)} MB)`).join(', ')}`,
    );
    for (const n of sizes) {
      const list = [];
      for (let i = 0; i < options.reps; i++) {
        const r = await logRun(options.fastBrowser, url, tasks.get(n)!, n);
        list.push(r);
        say(
          `log ${fmt(n)} run ${i + 1}: first lines ${r.firstLines.toFixed(0)} ms, all ${r.fullyLoaded.toFixed(0)} ms, memory ${r.memoryMB.toFixed(0)} MB (page ${r.pageHeapMB.toFixed(0)} + ${r.workers} worker(s) ${r.workerHeapMB.toFixed(0)} + buffers ${r.workerBuffersMB.toFixed(0)}), search p95 ${r.searchP95.toFixed(1)} ms, first count ${r.searchFirstCount.toFixed(0)} ms / all ${r.searchComplete.toFixed(0)} ms, scroll long tasks ${r.scrollLongTasks} (max ${r.scrollLongest.toFixed(0)} ms)`,
        );
      }
      runs[`log${n}`] = list;
      const label = `log ${fmt(n)} lines`;
      rows.push(bounded(`${label}: first lines painted`, pick(list, 'firstLines'), 'ms', 400));
      add(`${label}: fully loaded`, pick(list, 'fullyLoaded'), 'ms');
      const mem = pick(list, 'memoryMB');
      const big = n === options.bigLines;
      const memLabel = `${label}: memory (page + workers heap + worker buffers)`;
      if (big) rows.push(bounded(memLabel, mem, 'MB', 300));
      else add(memLabel, mem, 'MB');
      const sp = pick(list, 'searchP95');
      add(`${label}: search keystroke → painted, p50`, pick(list, 'searchP50'), 'ms');
      if (big) add(`${label}: search keystroke → painted, p95`, sp, 'ms');
      else rows.push(bounded(`${label}: search keystroke → painted, p95`, sp, 'ms', 50));
      add(`${label}: search, first count shown`, pick(list, 'searchFirstCount'), 'ms');
      add(`${label}: search, all matches counted`, pick(list, 'searchComplete'), 'ms');
      rows.push(
        bounded(`${label}: scroll, longest task`, pick(list, 'scrollLongest'), 'ms', 50, {
          use: 'max',
          label: 'none over 50 ms',
        }),
      );
    }
    const live = [];
    for (let i = 0; i < options.reps; i++) {
      const r = await liveRun(options.browser, deployment, url, 1000);
      live.push(r);
      say(
        `live log run ${i + 1}: frame p95 ${r.frameP95.toFixed(1)} ms (max ${r.frameMax.toFixed(0)}), ${r.grewPerSecond.toFixed(0)} lines/s shown, at the tail: ${r.followed ? 'yes' : 'no'}`,
      );
    }
    runs.live = live;
    rows.push(
      bounded(
        'live log +1,000 lines/s, follow: frame interval p95',
        pick(live, 'frameP95'),
        'ms',
        17,
      ),
    );
    const fol = pick(live, 'followed');
    add('live log: still at the tail after 5 s', fol, 'yes=1', '1', fol.min === 1);
  } finally {
    await deployment.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows, runs };
}

/** `npm run bench -- --only logs`: the log part alone, with its own table. Resolves `true` when every target is met. */
export async function logBenchAlone(options: {
  reps: number;
  lines: number;
  bigLines: number;
  busy?: boolean;
}): Promise<boolean> {
  const machine = await idleGate({ busy: options.busy });
  buildIfStale();
  const launchOptions = await chromiumLaunchOptionsOrExit();
  const browser = await chromium.launch(launchOptions);
  machine.chromium = browser.version();
  const fastBrowser = await chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), '--disable-frame-rate-limit', '--disable-gpu-vsync'],
  });
  const { rows, runs } = await logBench({ ...options, browser, fastBrowser });
  await browser.close();
  await fastBrowser.close();
  machine.loadAfter = loadavg();
  console.log(`\n${describeMachine(machine)}`);
  printTable(rows);
  mkdirSync('bench-results', { recursive: true });
  const file = join('bench-results', `logs-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ machine, rows, runs }, null, 2));
  console.log(`\nwritten to ${file}`);
  return rows.every((r) => r.ok !== false);
}
