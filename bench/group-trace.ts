/**
 * What each long task on the task-group view's main thread is made of, from a Chromium trace: for
 * every task over the threshold, its wall time, its CPU time (thread time: on a busy machine a
 * task's wall time counts the time it waited for a core, its CPU time does not), and its CPU time
 * split by kind of work (script by function, style, layout, paint, GC, parsing). It checks no
 * target; it says where the time goes when wall-clock figures are noise.
 *
 * `npx tsx bench/group-trace.ts [--tasks N] [--db FILE] [--faults SPEC] [--port P]
 *   [--phase load|scroll|live-scroll] [--min-ms 30 (CPU)] [--out trace.json]`, or `--from trace.json`
 * `--db FILE` keeps the seeded database (and the group's ID beside it) for the next run;
 * `live-scroll` seeds 1,000 pending tasks and resolves them while the list scrolls.
 */
import { chromium, type Page } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createQueueClient } from '../src/api';
import { chromiumLaunchOptionsOrExit } from '../e2e/support/chromium';
import { buildIfStale } from '../scripts/build-if-stale';
import { spawnQueueService } from '../server/common/spawn';
import { seedLargeGroup } from '../server/demo/seed-large-group';
import { INSTRUMENT, newContext, scrollToBottom } from './group-run';

const { values: args } = parseArgs({
  options: {
    tasks: { type: 'string', default: '50000' },
    faults: { type: 'string' },
    db: { type: 'string' },
    port: { type: 'string', default: '0' },
    phase: { type: 'string', default: 'load' },
    'min-ms': { type: 'string', default: '30' },
    out: { type: 'string' },
    /** Reports on a trace written by `--out` before, without loading anything. */
    from: { type: 'string' },
  },
});

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface TraceEvent {
  name: string;
  id?: string;
  cat: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  tts?: number;
  args?: {
    name?: string;
    data?: {
      functionName?: string;
      url?: string;
      lineNumber?: number;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

/** Names of trace events, grouped into the kinds of work a task's CPU time is split by. */
const KIND: Record<string, string> = {
  FunctionCall: 'script',
  EvaluateScript: 'script',
  'v8.compile': 'compile',
  'v8.compileModule': 'compile',
  'V8.CompileCode': 'compile',
  'v8.parseOnBackground': 'compile',
  'V8.GC_SCAVENGER': 'gc',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GCFinalizeMC': 'gc',
  'BlinkGC.AtomicPhase': 'gc',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  'Document::updateStyleAndLayoutTree': 'style',
  ParseHTML: 'parse-html',
  ParseAuthorStyleSheet: 'parse-css',
  FireAnimationFrame: 'raf',
  TimerFire: 'timer',
  EventDispatch: 'event',
  'ScheduledAction::execute': 'timer',
  'v8.run': 'script',
  HandlePostMessage: 'message',
};

const label = (e: TraceEvent) => {
  const d = e.args?.data;
  if (e.name === 'FunctionCall' && d) {
    const file = (d.url ?? '').split('/').pop();
    return `${d.functionName || '(anonymous)'} ${file}:${(d.lineNumber ?? 0) + 1}`;
  }
  return e.name;
};

/** Self thread time (µs) of each event kind inside [start, end) on one thread's nested events. */
function breakdown(events: TraceEvent[]) {
  // Nested complete events: self time = tdur minus the tdur of direct children.
  const sorted = [...events].sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const stack: { e: TraceEvent; childT: number }[] = [];
  const self = new Map<string, number>();
  const scripts = new Map<string, number>();
  const close = (entry: { e: TraceEvent; childT: number }) => {
    const t = (entry.e.tdur ?? entry.e.dur ?? 0) - entry.childT;
    const kind = KIND[entry.e.name] ?? `other:${entry.e.name}`;
    self.set(kind, (self.get(kind) ?? 0) + t);
    if (kind === 'script' && entry.e.name === 'FunctionCall') {
      const key = label(entry.e);
      scripts.set(key, (scripts.get(key) ?? 0) + (entry.e.tdur ?? 0));
    }
  };
  for (const e of sorted) {
    while (stack.length && stack.at(-1)!.e.ts + (stack.at(-1)!.e.dur ?? 0) <= e.ts)
      close(stack.pop()!);
    if (stack.length) stack.at(-1)!.childT += e.tdur ?? e.dur ?? 0;
    stack.push({ e, childT: 0 });
  }
  while (stack.length) close(stack.pop()!);
  return { self, scripts };
}

async function traced(page: Page, work: () => Promise<void>) {
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: [
      'toplevel',
      'devtools.timeline',
      'disabled-by-default-devtools.timeline',
      'v8',
      'v8.execute',
      'blink',
      'disabled-by-default-v8.gc',
      'disabled-by-default-v8.cpu_profiler',
    ],
  });
  await work();
  const buffer = await browser.stopTracing();
  if (args.out) writeFileSync(args.out, buffer);
  return (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
}

/** The main thread's CPU samples from the trace's profile chunks: time (µs) and stack. */
function samplesOf(events: TraceEvent[], pid: number, tid: number) {
  const profiles = events.filter(
    (e) => e.name === 'Profile' && e.pid === pid && e.tid === tid && e.id !== undefined,
  );
  const out: { ts: number; stack: string[] }[] = [];
  for (const profile of profiles) {
    const nodes = new Map<number, ProfileNode>();
    let ts = profile.args?.data?.startTime ?? profile.ts;
    // Chunk ids are per process.
    const chunks = events.filter(
      (e) => e.name === 'ProfileChunk' && e.pid === profile.pid && e.id === profile.id,
    );
    for (const chunk of chunks) {
      const data = chunk.args!.data!;
      for (const n of data.cpuProfile?.nodes ?? []) nodes.set(n.id, n);
      const samples = data.cpuProfile?.samples ?? [];
      samples.forEach((id, i) => {
        ts += data.timeDeltas?.[i] ?? 0;
        const stack: string[] = [];
        for (
          let n = nodes.get(id);
          n;
          n = n.parent === undefined ? undefined : nodes.get(n.parent)
        ) {
          const f = n.callFrame;
          const file = (f.url ?? '').split('/').pop();
          stack.push(
            `${f.functionName || '(anonymous)'}${file ? ` ${file}:${f.lineNumber + 1}` : ''}`,
          );
        }
        out.push({ ts, stack });
      });
    }
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/** The functions with most samples in [start, end): self, and inclusive for the app's own. */
function sampled(samples: { ts: number; stack: string[] }[], start: number, end: number) {
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  let n = 0;
  for (const s of samples) {
    if (s.ts < start || s.ts >= end) continue;
    n++;
    const top = s.stack[0] ?? '?';
    self.set(top, (self.get(top) ?? 0) + 1);
    for (const f of new Set(s.stack)) if (/\.js:/.test(f)) incl.set(f, (incl.get(f) ?? 0) + 1);
  }
  const fmt = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([f, c]) => `${f} ${((100 * c) / n).toFixed(0)}%`)
      .join('; ');
  return n ? `\n        self: ${fmt(self, 6)}\n        incl: ${fmt(incl, 8)}` : '';
}

function report(events: TraceEvent[], minMs: number) {
  // The page's main thread: the renderer's CrRendererMain that ran the most tasks.
  const names = events.filter((e) => e.ph === 'M' && e.name === 'thread_name');
  const mains = names.filter((e) => e.args?.name === 'CrRendererMain');
  const runTasks = events.filter((e) => e.ph === 'X' && e.name === 'RunTask');
  let main = mains[0]!;
  let most = -1;
  for (const m of mains) {
    const n = runTasks.filter((e) => e.pid === m.pid && e.tid === m.tid).length;
    if (n > most) [main, most] = [m, n];
  }
  const onMain = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid);
  // By CPU time: on a busy machine, wall time mostly says how long a task waited for a core.
  const tasks = onMain.filter((e) => e.name === 'RunTask' && (e.tdur ?? 0) / 1000 >= minMs);
  const all = onMain.filter((e) => e.name === 'RunTask');
  const cpu = all.reduce((a, e) => a + (e.tdur ?? 0), 0) / 1000;
  const wall = all.reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
  const overCpu = (ms: number) => all.filter((e) => (e.tdur ?? 0) / 1000 > ms).length;
  console.log(
    `main thread: ${all.length} tasks, ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU; tasks over 50 ms CPU: ${overCpu(50)}, over 100 ms CPU: ${overCpu(100)}; longest CPU ${(Math.max(0, ...all.map((e) => e.tdur ?? 0)) / 1000).toFixed(0)} ms`,
  );
  const t0 = Math.min(...all.map((e) => e.ts));
  const samples = samplesOf(events, main.pid, main.tid);
  for (const task of tasks.sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, 15)) {
    const end = task.ts + (task.dur ?? 0);
    const inside = onMain.filter((e) => e !== task && e.ts >= task.ts && e.ts < end);
    const { self, scripts } = breakdown(inside);
    const kinds = [...self]
      .filter(([, t]) => t > 1000)
      .sort((a, b) => b[1] - a[1])
      .map(([k, t]) => `${k} ${(t / 1000).toFixed(0)}`)
      .join(', ');
    const fns = [...scripts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, t]) => `${k} ${(t / 1000).toFixed(0)}`)
      .join('; ');
    console.log(
      `at ${((task.ts - t0) / 1000).toFixed(0).padStart(6)} ms: wall ${((task.dur ?? 0) / 1000).toFixed(0).padStart(4)} ms, CPU ${((task.tdur ?? 0) / 1000).toFixed(0).padStart(4)} ms | ${kinds}${fns ? ` | ${fns}` : ''}${sampled(samples, task.ts, end)}`,
    );
  }
}

async function main() {
  if (args.from) {
    const { traceEvents } = JSON.parse(readFileSync(args.from, 'utf8')) as {
      traceEvents: TraceEvent[];
    };
    return report(traceEvents, Number(args['min-ms']));
  }
  buildIfStale();
  const tasks = Number(args.tasks);
  const live = args.phase === 'live-scroll';
  const dir = args.db ? undefined : mkdtempSync(join(tmpdir(), 'group-trace-'));
  const db = args.db ?? join(dir!, 'queue.sqlite');
  const idFile = `${db}.${live ? 'live' : 'group'}`;
  let taskGroupId: string;
  if (args.db && existsSync(db) && existsSync(idFile)) {
    taskGroupId = readFileSync(idFile, 'utf8').trim();
  } else {
    const seeded = seedLargeGroup({ db, tasks, pending: live ? 1000 : 0, running: 0 });
    taskGroupId = seeded.taskGroupId;
    if (args.db) writeFileSync(idFile, taskGroupId);
    console.log(`seeded ${tasks} tasks in ${(seeded.ms / 1000).toFixed(1)} s`);
  }
  const port = Number(args.port) || 20000 + Math.floor(Math.random() * 20000);
  const accessToken = `trace-${Date.now()}`;
  const child = await spawnQueueService({
    db,
    port,
    rootAccessToken: accessToken,
    faults: args.faults,
  });
  const url = `http://127.0.0.1:${port}`;
  const options = await chromiumLaunchOptionsOrExit();
  const browser = await chromium.launch(
    args.phase === 'load'
      ? options
      : {
          ...options,
          args: [...(options.args ?? []), '--disable-frame-rate-limit', '--disable-gpu-vsync'],
        },
  );
  let stopResolving = false;
  const resolving: Promise<void>[] = [];
  try {
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const context = await newContext(browser);
    await context.addInitScript(INSTRUMENT);
    const page = await context.newPage();
    await page.goto('about:blank');
    const load = async () => {
      await page.goto(`${url}/tasks/groups/${taskGroupId}`);
      await page.waitForFunction(
        () => (window as unknown as { __done?: number }).__done !== undefined,
        undefined,
        { timeout: 600_000, polling: 250 },
      );
      const [first, done] = await page.evaluate(() => {
        const w = window as unknown as { __firstRow: number; __done: number };
        return [w.__firstRow, w.__done];
      });
      console.log(`first row ${first.toFixed(0)} ms, all loaded ${done.toFixed(0)} ms`);
    };
    if (args.phase === 'load') {
      report(await traced(page, load), Number(args['min-ms']));
    } else {
      await load();
      await page.waitForTimeout(500);
      if (live) {
        // Workers resolving the pending tasks, as the bench's live case does.
        const queue = createQueueClient({
          rootUrl: url,
          credentials: { clientId: 'static/taskcluster/root', accessToken },
        });
        const first = await queue.listTaskGroup(taskGroupId, { limit: 1000 });
        const queues = [
          ...new Set(
            first.tasks
              .filter((t) => t.status.state === 'pending')
              .map((t) => t.status.taskQueueId!),
          ),
        ];
        for (const tq of queues)
          resolving.push(
            (async () => {
              while (!stopResolving) {
                const { tasks: claimed } = await queue
                  .claimWork(
                    tq,
                    { workerGroup: 'trace', workerId: 'w', tasks: 4 },
                    { timeoutMs: 2_000 },
                  )
                  .catch(() => ({ tasks: [] }));
                for (const t of claimed) await queue.reportCompleted(t.status.taskId, t.runId);
                await new Promise((r) => setTimeout(r, claimed.length ? 250 : 500));
              }
            })(),
          );
      }
      report(
        await traced(page, async () => {
          await scrollToBottom(page, '[data-testid="task-table-scroll"]');
          if (live) {
            await page.evaluate(() => {
              const el = document.querySelector('[data-testid="task-table-scroll"]')!;
              el.scrollTop = 0;
            });
            await scrollToBottom(page, '[data-testid="task-table-scroll"]');
          }
        }),
        Number(args['min-ms']),
      );
    }
    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    stopResolving = true;
    await Promise.all(resolving);
    await browser.close();
    child.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
