/**
 * Selection at scale: in a group of N tasks (default 50,000), select every matching task with
 * the header checkbox, then Clear, many times; each mark runs from the click to the next frame
 * after the table shows the new selection. Target: p95 ≤ 25 ms for both.
 *
 * `npx tsx bench/selection.ts [--tasks N] [--reps N]` seeds its own group; `run.ts` calls
 * `selectionBench` on the group it already measures.
 */
import type { Browser } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { runStandalone } from './standalone';
import { INSTRUMENT, newContext, percentile } from './group-run';

export interface SelectionResult {
  selectAllP50: number;
  selectAllP95: number;
  clearP50: number;
  clearP95: number;
  selected: number;
}

/** Clicks `selector` in the page and resolves with the ms until the frame after the selection changed. */
const CLICK_AND_WAIT = (selector: string) =>
  new Promise<number>((resolve) => {
    const table = document.querySelector('[data-testid="selection-bar"]')!;
    const before = table.getAttribute('data-selection');
    const start = performance.now();
    const done = () => requestAnimationFrame(() => resolve(performance.now() - start));
    const mo = new MutationObserver(() => {
      if (table.getAttribute('data-selection') === before) return;
      mo.disconnect();
      done();
    });
    mo.observe(table, { attributes: true, attributeFilter: ['data-selection'] });
    (document.querySelector(selector) as HTMLElement).click();
  });

export async function selectionBench(
  browser: Browser,
  url: string,
  taskGroupId: string,
  expected: number,
  reps = 20,
): Promise<SelectionResult> {
  const context = await newContext(browser);
  await context.addInitScript(INSTRUMENT);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${url}/tasks/groups/${taskGroupId}`);
  await page.waitForFunction(
    () => (window as unknown as { __done?: number }).__done !== undefined,
    undefined,
    { timeout: 600_000 },
  );
  const loaded = Number(await page.getByTestId('load-state').getAttribute('data-loaded'));
  if (loaded < expected) throw new Error(`loaded ${loaded} of ${expected}`);
  await page.waitForTimeout(500);
  const selectMarks: number[] = [];
  const clearMarks: number[] = [];
  let selected = 0;
  for (let i = 0; i < reps; i++) {
    selectMarks.push(await page.evaluate(CLICK_AND_WAIT, '[data-testid="select-all"]'));
    selected = Number(await page.getByTestId('selection-bar').getAttribute('data-selected-count'));
    clearMarks.push(await page.evaluate(CLICK_AND_WAIT, '[data-testid="selection-clear"]'));
    await page.waitForTimeout(50);
  }
  await context.close();
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  return {
    selectAllP50: percentile(selectMarks, 50),
    selectAllP95: percentile(selectMarks, 95),
    clearP50: percentile(clearMarks, 50),
    clearP95: percentile(clearMarks, 95),
    selected,
  };
}

const main = () =>
  runStandalone(
    'selection',
    { tasks: '50000', reps: '20' },
    async ({ browser, url, taskGroupId, tasks, reps }) => {
      const r = await selectionBench(browser, url, taskGroupId, tasks, reps);
      console.log(
        `selection of ${r.selected.toLocaleString()} tasks: select all p50 ${r.selectAllP50.toFixed(1)} ms, p95 ${r.selectAllP95.toFixed(1)} ms; clear p50 ${r.clearP50.toFixed(1)} ms, p95 ${r.clearP95.toFixed(1)} ms (target p95 ≤ 25 ms)`,
      );
      return r.selectAllP95 <= 25 && r.clearP95 <= 25;
    },
  );

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
