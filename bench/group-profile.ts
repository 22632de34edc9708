/**
 * Where the main thread's time goes on the task-group view: a Chromium CPU profile of the page
 * while the group loads, while a search is typed and while state filters are clicked, summed as
 * self time per function, with the long tasks of each phase. For finding causes on a busy
 * machine, where wall-clock percentiles mislead; it checks no target.
 *
 * `npx tsx bench/group-profile.ts [--tasks N] [--faults SPEC] [--db FILE] [--top N] [--phases load,search,click,scroll]`
 * `--db FILE` keeps the seeded database (and its group's ID beside it) for the next run.
 */
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { spawnQueueService } from '../server/common/spawn';
import { seedLargeGroup } from '../server/demo/seed-large-group';
import { INSTRUMENT, newContext, percentile, scrollToBottom } from './group-run';
import { heapTracker } from './heap';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '50000' },
    faults: { type: 'string' },
    db: { type: 'string' },
    top: { type: 'string', default: '25' },
    phases: { type: 'string', default: 'load,search,click,scroll' },
    port: { type: 'string', default: '0' },
  },
});

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const frameName = (node: ProfileNode) => {
  const f = node.callFrame;
  const file = f.url.split('/').pop() || '';
  return `${f.functionName || '(anonymous)'} ${file}${file ? `:${f.lineNumber + 1}` : ''}`;
};

/**
 * Self time per function (name, file and line), largest first; for built-ins (no file), also
 * their callers, which say whose work it is.
 */
function selfTimes(profile: Profile): { name: string; ms: number; callers: string }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const totals = new Map<string, number>();
  const callers = new Map<string, Map<string, number>>();
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)!;
    const key = frameName(node);
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totals.set(key, (totals.get(key) ?? 0) + ms);
    const up = parent.get(id);
    if (!node.callFrame.url && up) {
      const by = callers.get(key) ?? new Map<string, number>();
      by.set(frameName(up), (by.get(frameName(up)) ?? 0) + ms);
      callers.set(key, by);
    }
  });
  return [...totals]
    .map(([name, ms]) => ({
      name,
      ms,
      callers: [...(callers.get(name) ?? [])]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([c, t]) => `${c.trim()} ${t.toFixed(0)}`)
        .join('; '),
    }))
    .sort((a, b) => b.ms - a.ms);
}

async function profiled<T>(
  cdp: CDPSession,
  page: Page,
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  await page.evaluate(
    () => ((window as unknown as { __longTasks: number[] }).__longTasks.length = 0),
  );
  const metrics = async () =>
    new Map(
      (
        (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }
      ).metrics.map((m) => [m.name, m.value]),
    );
  const before = await metrics();
  await cdp.send('Profiler.start');
  const result = await work();
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: Profile };
  const after = await metrics();
  const spent = (name: string) =>
    (((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000).toFixed(0);
  const long = await page.evaluate(
    () => (window as unknown as { __longTasks: number[] }).__longTasks,
  );
  const times = selfTimes(profile);
  const total = times.reduce((a, t) => a + t.ms, 0);
  const busy = times
    .filter((t) => !/^\((idle|program)\)/.test(t.name))
    .reduce((a, t) => a + t.ms, 0);
  console.log(
    `\n== ${label}: ${busy.toFixed(0)} ms busy of ${total.toFixed(0)} ms; long tasks ${long.length} [${long.map((d) => d.toFixed(0)).join(', ')}]`,
  );
  console.log(
    `   tasks ${spent('TaskDuration')} ms: script ${spent('ScriptDuration')}, style ${spent('RecalcStyleDuration')} (${(after.get('RecalcStyleCount') ?? 0) - (before.get('RecalcStyleCount') ?? 0)}×), layout ${spent('LayoutDuration')} (${(after.get('LayoutCount') ?? 0) - (before.get('LayoutCount') ?? 0)}×)`,
  );
  for (const t of times.slice(0, Number(args.top)))
    console.log(
      `${t.ms.toFixed(1).padStart(9)} ms  ${t.name}${t.callers && !t.name.startsWith('(') ? `  ← ${t.callers}` : ''}`,
    );
  return result;
}

async function main() {
  buildIfStale();
  const tasks = Number(args.tasks);
  const dir = args.db ? undefined : mkdtempSync(join(tmpdir(), 'group-profile-'));
  const db = args.db ?? join(dir!, 'queue.sqlite');
  const idFile = `${db}.group`;
  let taskGroupId: string;
  if (args.db && existsSync(db) && existsSync(idFile)) {
    taskGroupId = readFileSync(idFile, 'utf8').trim();
  } else {
    const seeded = seedLargeGroup({ db, tasks });
    taskGroupId = seeded.taskGroupId;
    if (args.db) writeFileSync(idFile, taskGroupId);
    console.log(`seeded ${tasks} tasks in ${(seeded.ms / 1000).toFixed(1)} s`);
  }
  const port = Number(args.port) || 20000 + Math.floor(Math.random() * 20000);
  const child = await spawnQueueService({
    db,
    port,
    rootAccessToken: `profile-${Date.now()}`,
    faults: args.faults,
  });
  const browser = await chromium.launch(await chromiumLaunchOptionsOrExit());
  try {
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const context = await newContext(browser);
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    const memory = await heapTracker(context, page);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    const phases = new Set(args.phases.split(','));
    await page.goto('about:blank');
    const load = async () => {
      await page.goto(`http://127.0.0.1:${port}/tasks/groups/${taskGroupId}`);
      await page.waitForFunction(
        () => (window as unknown as { __done?: number }).__done !== undefined,
        undefined,
        {
          timeout: 600_000,
        },
      );
      const done = await page.evaluate(() => (window as unknown as { __done: number }).__done);
      const first = await page.evaluate(
        () => (window as unknown as { __firstRow: number }).__firstRow,
      );
      console.log(`first row ${first.toFixed(0)} ms, all loaded ${done.toFixed(0)} ms`);
    };
    if (phases.has('load')) await profiled(cdp, page, 'load', load);
    else await load();
    // After the load's profile: the forced GCs would show as its long tasks.
    const heap = await memory.heapBytes();
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    console.log(
      `heap ${mb(heap.page + heap.workers + heap.buffers)} MB: page ${mb(heap.page)} + ${heap.workerCount} workers ${mb(heap.workers)} + buffers ${mb(heap.buffers)}`,
    );
    const marks = () => page.evaluate(() => (window as unknown as { __marks: number[] }).__marks);
    if (phases.has('search')) {
      const search = page.getByLabel('Filter tasks by name');
      const all: number[] = [];
      await profiled(cdp, page, 'search', async () => {
        for (const text of ['linux', 'mochitest', 'asan/', 'zzz', 'test-win']) {
          await search.fill('');
          await page.waitForTimeout(100);
          await page.evaluate(
            () => ((window as unknown as { __marks: number[] }).__marks.length = 0),
          );
          for (const ch of text) {
            const before = (await marks()).length;
            await search.press(ch);
            await page.waitForFunction(
              (n) => (window as unknown as { __marks: number[] }).__marks.length > n,
              before,
            );
          }
          all.push(...(await marks()));
        }
      });
      console.log(
        `search marks: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`,
      );
      await search.fill('');
      await page.waitForTimeout(200);
    }
    if (phases.has('click')) {
      const all: number[] = [];
      await profiled(cdp, page, 'click', async () => {
        for (const state of [
          'failed',
          'exception',
          'failed',
          'pending',
          'completed',
          'exception',
          'pending',
          'completed',
        ]) {
          const before = (await marks()).length;
          await page.locator(`button[data-state="${state}"]`).click();
          await page.waitForFunction(
            (n) => (window as unknown as { __marks: number[] }).__marks.length > n,
            before,
          );
          all.push((await marks()).at(-1)!);
        }
      });
      console.log(
        `click marks: p50 ${percentile(all, 50).toFixed(1)} ms, p95 ${percentile(all, 95).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`,
      );
    }
    await context.close();
    if (phases.has('scroll')) {
      // As the bench: one viewport per frame, in a browser without the frame-rate limit.
      const options = await chromiumLaunchOptionsOrExit();
      const fast = await chromium.launch({
        ...options,
        args: [...(options.args ?? []), '--disable-frame-rate-limit', '--disable-gpu-vsync'],
      });
      try {
        const sc = await newContext(fast);
        await sc.addInitScript(INSTRUMENT);
        const sp = await sc.newPage();
        const scdp = await sc.newCDPSession(sp);
        await scdp.send('Profiler.enable');
        await scdp.send('Performance.enable');
        await scdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await sp.goto(`http://127.0.0.1:${port}/tasks/groups/${taskGroupId}`);
        await sp.waitForFunction(
          () => (window as unknown as { __done?: number }).__done !== undefined,
          undefined,
          {
            timeout: 600_000,
          },
        );
        await sp.waitForTimeout(500);
        await profiled(scdp, sp, 'scroll', () =>
          scrollToBottom(sp, '[data-testid="task-table-scroll"]'),
        );
        await sc.close();
      } finally {
        await fast.close();
      }
    }
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
