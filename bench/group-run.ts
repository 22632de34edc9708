/**
 * Measuring one task-group load in the dashboard: the limit (a Node client fetching every page),
 * and in Chromium the first row, everything loaded, the heap, filter latencies and scrolling.
 * Used by the local benchmark (run.ts) and the one against a deployment (remote.ts).
 */
import type { Browser, Page } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { paginate, type QueueClient } from '../src/api';
import { heapTracker } from './heap';

export type Stat = { median: number; min: number; max: number; values: number[] };
export const stat = (values: number[]): Stat => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN,
    min: sorted[0] ?? NaN,
    max: sorted.at(-1) ?? NaN,
    values,
  };
};
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** The floor: a Node client walking every page with limit=1000 over keep-alive, no rendering. */
export async function measureLimit(queue: QueueClient, taskGroupId: string) {
  const started = performance.now();
  let count = 0;
  const pages: number[] = [];
  let t = performance.now();
  for await (const page of paginate(queue.listTaskGroup, [taskGroupId], { limit: 1000 })) {
    count += page.tasks.length;
    const now = performance.now();
    pages.push(now - t);
    t = now;
  }
  return { ms: performance.now() - started, count, pageMs: stat(pages).median };
}

/** In-page instrumentation: long tasks, max DOM rows, and paint-time marks of filter changes. */
export const INSTRUMENT = () => {
  const w = window as unknown as Record<string, unknown>;
  const longTasks: number[] = [];
  w.__longTasks = longTasks;
  w.__maxRows = 0;
  w.__firstRow = undefined;
  w.__done = undefined;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    const rows = document.querySelectorAll('[data-task-row]').length;
    if (rows > (w.__maxRows as number)) w.__maxRows = rows;
    if (rows > 0 && w.__firstRow === undefined) {
      // The row is in the DOM now; it is painted in the frame that follows.
      requestAnimationFrame(() => {
        if (w.__firstRow === undefined) w.__firstRow = performance.now();
      });
    }
    const state = document.querySelector('[data-testid="load-state"]');
    if (state?.hasAttribute('data-done') && w.__done === undefined)
      requestAnimationFrame(() => (w.__done ??= performance.now()));
  };
  new MutationObserver(check).observe(document, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-done', 'data-filter'],
  });
  // Latency marks: a keydown or click starts one; the next paint with the table's filter changed ends it.
  w.__marks = [] as number[];
  let start: number | undefined;
  let startFilter: string | null = null;
  const begin = () => {
    start = performance.now();
    startFilter = document.querySelector('[data-filter]')?.getAttribute('data-filter') ?? null;
  };
  addEventListener('keydown', begin, true);
  addEventListener('pointerdown', begin, true);
  new MutationObserver(() => {
    const now = document.querySelector('[data-filter]')?.getAttribute('data-filter') ?? null;
    if (start === undefined || now === startFilter) return;
    const s = start;
    start = undefined;
    requestAnimationFrame(() => (w.__marks as number[]).push(performance.now() - s));
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-filter'] });
};

/**
 * A fresh context per repetition. tsx compiles functions passed to the page with esbuild's
 * keepNames, which calls a `__name` helper that pages lack: define it first.
 */
export async function newContext(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.addInitScript({ content: 'window.__name = (f) => f;' });
  return context;
}

export async function scrollToBottom(page: Page, selector: string): Promise<void> {
  // One viewport per frame, top to bottom, as a fast wheel would.
  await page.evaluate(
    (sel) =>
      new Promise<void>((resolve) => {
        const el = document.querySelector(sel) as HTMLElement;
        const step = () => {
          const before = el.scrollTop;
          el.scrollTop += el.clientHeight;
          if (el.scrollTop === before) return resolve();
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    selector,
  );
}

export async function groupRun(
  browser: Browser,
  url: string,
  taskGroupId: string,
  expected: number,
  options: {
    scrollBrowser?: Browser;
    /** Query string for the group URL (a dashboard hosted apart from the deployment: `?rootUrl=`). */
    query?: string;
    /** Search and filter latencies (default); off for a deployment whose group is not ours. */
    interactions?: boolean;
    /** Runs in the page before the dashboard (e.g. to put credentials in sessionStorage). */
    initScript?: string;
  },
) {
  const context = await newContext(browser);
  if (options.initScript) await context.addInitScript({ content: options.initScript });
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  const memory = await heapTracker(context, page);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const scripts = new Map<string, number>();
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'script' || res.url().endsWith('.js')) {
      try {
        scripts.set(res.url(), gzipSync(await res.body()).length);
      } catch {
        // a response without a body (aborted) does not count
      }
    }
  });
  await page.goto(`${url}/tasks/groups/${taskGroupId}${options.query ?? ''}`);
  await page.waitForFunction(
    () => (window as unknown as { __done?: number }).__done !== undefined,
    undefined,
    { timeout: 600_000 },
  );
  const loadedText = await page.getByTestId('load-state').getAttribute('data-loaded');
  if (Number(loadedText) < expected) throw new Error(`loaded ${loadedText} of ${expected}`);
  const firstRow = await page.evaluate(
    () => (window as unknown as { __firstRow: number }).__firstRow,
  );
  const allLoaded = await page.evaluate(() => (window as unknown as { __done: number }).__done);
  const firstRouteJs = [...scripts.values()].reduce((a, b) => a + b, 0);
  // Long tasks from navigation to the last page painted: the main thread while pages arrive.
  const loadLong = await page.evaluate(
    () => (window as unknown as { __longTasks: number[] }).__longTasks,
  );

  // The page, the group loader and insight workers, and their ArrayBuffers.
  const heap = await memory.heapBytes();

  // Search: type strings a key at a time; each keystroke is one mark (debounce included).
  const search = page.getByLabel('Filter tasks by name');
  const searchMarks: number[] = [];
  const interactions = options.interactions ?? true;
  for (const text of interactions ? ['linux', 'mochitest', 'asan/', 'zzz', 'test-win'] : []) {
    await search.fill('');
    await page.waitForTimeout(100);
    await page.evaluate(() => ((window as unknown as { __marks: number[] }).__marks.length = 0));
    for (const ch of text) {
      const before = await page.evaluate(
        () => (window as unknown as { __marks: number[] }).__marks.length,
      );
      await search.press(ch);
      await page.waitForFunction(
        (n) => (window as unknown as { __marks: number[] }).__marks.length > n,
        before,
        { timeout: 10_000 },
      );
    }
    searchMarks.push(
      ...(await page.evaluate(() => (window as unknown as { __marks: number[] }).__marks)),
    );
  }
  await search.fill('');
  await page.waitForTimeout(200);

  // State filters: click counts on and off.
  const clickMarks: number[] = [];
  for (const state of interactions
    ? ['failed', 'exception', 'failed', 'pending', 'completed', 'exception', 'pending', 'completed']
    : []) {
    const before = await page.evaluate(
      () => (window as unknown as { __marks: number[] }).__marks.length,
    );
    await page.locator(`button[data-state="${state}"]`).click();
    await page.waitForFunction(
      (n) => (window as unknown as { __marks: number[] }).__marks.length > n,
      before,
      { timeout: 10_000 },
    );
    clickMarks.push(
      await page.evaluate(() => (window as unknown as { __marks: number[] }).__marks.at(-1)!),
    );
  }

  let maxRows = await page.evaluate(() => (window as unknown as { __maxRows: number }).__maxRows);
  await context.close();

  // Scrolling one viewport per frame needs frames as fast as the page can make them: that runs in
  // a browser without the frame-rate limit, which would skew the timings above.
  let scroll = { longTasks: 0, longest: 0, total: 0 };
  if (options.scrollBrowser) {
    const sc = await newContext(options.scrollBrowser);
    await sc.addInitScript(INSTRUMENT);
    const sp = await sc.newPage();
    await sp.goto(`${url}/tasks/groups/${taskGroupId}`);
    await sp.waitForFunction(
      () => (window as unknown as { __done?: number }).__done !== undefined,
      undefined,
      { timeout: 120_000 },
    );
    await sp.waitForTimeout(500);
    await sp.evaluate(
      () => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0),
    );
    await scrollToBottom(sp, '[data-testid="task-table-scroll"]');
    const lt = await sp.evaluate(
      () => (window as unknown as { __longTasks: number[] }).__longTasks,
    );
    scroll = {
      longTasks: lt.length,
      longest: Math.max(0, ...lt),
      total: lt.reduce((a, b) => a + b, 0),
    };
    maxRows = Math.max(
      maxRows,
      await sp.evaluate(() => (window as unknown as { __maxRows: number }).__maxRows),
    );
    await sc.close();
  }
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return {
    firstRow,
    allLoaded,
    heapMB: (heap.page + heap.workers + heap.buffers) / 1024 / 1024,
    pageHeapMB: heap.page / 1024 / 1024,
    workersHeapMB: heap.workers / 1024 / 1024,
    buffersMB: heap.buffers / 1024 / 1024,
    searchP50: percentile(searchMarks, 50),
    searchP95: percentile(searchMarks, 95),
    clickP50: percentile(clickMarks, 50),
    clickP95: percentile(clickMarks, 95),
    loadLongTasks: loadLong.length,
    loadLongest: Math.max(0, ...loadLong),
    scrollLongTasks: scroll.longTasks,
    scrollLongest: scroll.longest,
    scrollLongTotal: scroll.total,
    maxRows,
    firstRouteJsKB: firstRouteJs / 1024,
  };
}
