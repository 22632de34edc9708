/// <reference lib="webworker" />
/**
 * The insight worker: keeps every loaded group's insight data (fed by the group loaders over
 * their ports) and computes what the views subscribe to — timeline layout and critical path,
 * concurrency, timings, comparisons — off the main thread, again whenever the group changes.
 */
import { failureSummary } from '../triage/failure-summary';
import { compareGroups } from './compare';
import { criticalPath } from './critical-path';
import { InsightStore, stateOf, type InsightView } from './insight-data';
import type {
  FromInsight,
  InsightQuery,
  InsightResult,
  LabelsMessage,
  LoaderToInsight,
  ToInsight,
} from './insight-protocol';
import {
  concurrency,
  layoutTransferables,
  timelineLabels,
  timelineLayout,
} from './timeline-layout';
import { timings } from './timings';

declare const self: DedicatedWorkerGlobalScope;

interface Group {
  store: InsightStore;
  port: MessagePort;
  done: boolean;
}

interface Subscription {
  query: InsightQuery;
  port?: MessagePort;
  /** Versions of the groups it was computed for. */
  seen: string;
}

const groups = new Map<string, Group>();
const subs = new Map<number, Subscription>();
let timer: ReturnType<typeof setTimeout> | undefined;
let lastRun = 0;
let lastCost = 0;

const post = (msg: FromInsight, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

const keysOf = (q: InsightQuery) => (q.what === 'compare' ? [q.key, q.other] : [q.key]);

function stamp(q: InsightQuery): string | undefined {
  const parts: string[] = [];
  for (const k of keysOf(q)) {
    const g = groups.get(k);
    if (!g) return undefined;
    parts.push(`${g.store.version}:${g.done}`);
  }
  return parts.join('|');
}

/** Recompute soon, but not more often than the last computation's cost allows (live groups). */
function schedule(immediate = false) {
  if (timer) {
    if (!immediate) return;
    clearTimeout(timer);
  }
  const wait = immediate ? 0 : Math.max(0, lastRun + Math.max(250, lastCost * 4) - Date.now());
  timer = setTimeout(run, wait);
}

function run() {
  timer = undefined;
  const started = performance.now();
  for (const [id, sub] of subs) {
    const seen = stamp(sub.query);
    if (seen === undefined || seen === sub.seen) continue;
    sub.seen = seen;
    try {
      compute(id, sub);
    } catch (err) {
      post({ type: 'error', id, message: err instanceof Error ? err.message : String(err) });
    }
  }
  lastRun = Date.now();
  lastCost = performance.now() - started;
}

function compute(id: number, sub: Subscription) {
  const t = performance.now();
  const now = Date.now();
  const q = sub.query;
  const g = groups.get(q.key)!;
  const v = g.store.view();
  let result: InsightResult;
  const transfer: Transferable[] = [];
  if (q.what === 'timeline') {
    const path = criticalPath(v, now);
    // Labels (names, IDs) follow the layout: the bars are drawn without waiting for them.
    const layout = timelineLayout(v, q.order, now, path?.steps, { labels: !sub.port });
    result = {
      what: 'timeline',
      summary: {
        rows: layout.rowTask.length,
        segments: layout.segRow.length,
        t0: layout.t0,
        t1: layout.t1,
        groups: layout.groups,
        critical: path && {
          steps: path.steps.map((i) => step(v, i)),
          start: path.start,
          end: path.end,
          length: path.length,
          waiting: path.waiting,
          live: path.live,
        },
      },
    };
    if (sub.port) {
      const criticalRows = path ? path.steps.map((i) => layout.rowTask.indexOf(i)) : [];
      const rows = layout.rowTask.slice();
      sub.port.postMessage({ type: 'layout', layout, criticalRows }, layoutTransferables(layout));
      const labels = timelineLabels(v, rows);
      sub.port.postMessage({ type: 'labels', ...labels } satisfies LabelsMessage, [
        labels.rowNames.end.buffer,
        labels.rowTaskIds.end.buffer,
      ]);
    }
  } else if (q.what === 'timings') {
    result = { what: 'timings', timings: timings(v, now) };
  } else if (q.what === 'concurrency') {
    const c = concurrency(v, now);
    result = { what: 'concurrency', concurrency: c };
    transfer.push(c.times.buffer, ...[...c.running, ...c.waiting].map((a) => a.buffer));
  } else if (q.what === 'failures') {
    result = { what: 'failures', summary: failureSummary(v) };
  } else {
    const other = groups.get(q.other)!;
    const w = other.store.view();
    result = { what: 'compare', comparison: compareGroups(v, w), sizes: [v.size, w.size] };
  }
  post(
    {
      type: 'result',
      id,
      result,
      ms: performance.now() - t,
      tasks: v.size,
      done: keysOf(q).every((k) => groups.get(k)!.done),
    },
    transfer,
  );
}

function step(v: InsightView, i: number) {
  const len = v.runLen[i]!;
  const off = v.runOff[i]!;
  const num = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? undefined : x);
  return {
    taskId: v.taskIds[i]!,
    name: v.names[i]!,
    state: stateOf(v.state[i]!),
    scheduled: len ? num(v.scheduled[off]) : undefined,
    resolved: len ? num(v.resolved[off + len - 1]) : undefined,
  };
}

self.onmessage = (event: MessageEvent<ToInsight>) => {
  const msg = event.data;
  if (msg.type === 'attach') {
    groups.get(msg.key)?.port.close();
    const group: Group = { store: new InsightStore(), port: msg.port, done: false };
    groups.set(msg.key, group);
    msg.port.onmessage = (e: MessageEvent<LoaderToInsight>) => {
      const m = e.data;
      if (m.type === 'tasks') group.store.addTasks(m.batch);
      else if (m.type === 'statuses') group.store.addStatuses(m.batch);
      else group.done = true;
      // The first page and the end of the walk show at once; pages in between are paced.
      schedule(m.type === 'done' || group.store.version === 1);
    };
  } else if (msg.type === 'detach') {
    groups.get(msg.key)?.port.close();
    groups.delete(msg.key);
  } else if (msg.type === 'subscribe') {
    subs.set(msg.id, { query: msg.query, port: msg.port, seen: '' });
    schedule(true);
  } else {
    subs.get(msg.id)?.port?.close();
    subs.delete(msg.id);
  }
};
