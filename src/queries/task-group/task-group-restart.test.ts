// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueueClient } from '../../api';
import { encodeRows } from '../cache/row-codec';
import { ConnectivityTracker } from '../connectivity';
import type { FromLoader, ToLoader } from './group-protocol';
import type { GroupRow } from './group-rows';
import { StreamHolder } from './useTaskGroupStream';

/** The loader worker, played by the test: it records what it is told and answers on cue. */
class FakeWorker {
  static all: FakeWorker[] = [];
  received: ToLoader[] = [];
  onmessage?: (e: { data: FromLoader }) => void;
  onerror?: () => void;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(msg: ToLoader) {
    this.received.push(msg);
  }
  terminate() {}
  emit(data: FromLoader) {
    this.onmessage?.({ data });
  }
}

const row = (taskId: string, state: GroupRow['state']): GroupRow => ({
  taskId,
  name: taskId,
  search: taskId,
  state,
  runs: 1,
  taskQueueId: 'p/w',
  kind: 'test',
});

let group = 0;
beforeEach(() => {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('requestAnimationFrame', (cb: () => void) => setTimeout(cb, 0));
});
afterEach(() => vi.unstubAllGlobals());

const frame = () => new Promise((r) => setTimeout(r, 5));

function setUp(probe: () => Promise<boolean>) {
  const queue = createQueueClient({ rootUrl: 'https://tc.example.com' });
  const tracker = new ConnectivityTracker({
    probe,
    onRecovered: () => undefined,
    offlineAfterMs: 0,
    probeEveryMs: 5,
  });
  const holder = new StreamHolder();
  holder.start(queue, `group-${group++}`, tracker);
  // The loader is the worker told to start (the insight worker is another).
  const worker = FakeWorker.all.find((w) => w.received.some((m) => m.type === 'start'))!;
  FakeWorker.all = [];
  return {
    tracker,
    holder,
    worker,
    restarts: () => worker.received.filter((m) => m.type === 'restart').length,
  };
}

describe('a task-group load that failed outright', () => {
  it('starts again once the Queue answers, keeping each task once', async () => {
    let up = false;
    const { tracker, holder, worker, restarts } = setUp(async () => up);
    worker.emit({
      type: 'page',
      rows: encodeRows([row('a', 'completed'), row('b', 'running')]),
      done: false,
    });
    worker.emit({
      type: 'error',
      error: { status: 0, code: 'NetworkError', message: 'Failed to fetch' },
      fatal: true,
    });
    await frame();
    expect(holder.getSnapshot()).toMatchObject({ fatal: true, loaded: 2 });
    // The page reports the failure (useReportFailure): offline, probing.
    tracker.report({ status: 0, answered: false });
    await frame();
    expect(tracker.getSnapshot().kind).toBe('offline');
    expect(restarts()).toBe(0);

    up = true;
    await vi.waitFor(() => expect(restarts()).toBe(1));
    await frame();
    expect(holder.getSnapshot()).toMatchObject({ fatal: false, error: undefined, done: false });
    // The new walk sends every task again; rows already shown are updated, not added.
    worker.emit({
      type: 'page',
      rows: encodeRows([row('a', 'completed'), row('b', 'completed'), row('c', 'pending')]),
      done: true,
    });
    await frame();
    const s = holder.getSnapshot();
    expect(s.rows.map((r) => r.taskId)).toEqual(['a', 'b', 'c']);
    expect(s.counts).toMatchObject({ completed: 2, running: 0, pending: 1 });
    expect(s.done).toBe(true);
    // Back online, nothing failed: no further restart.
    tracker.report({ status: 200, answered: true });
    await frame();
    expect(restarts()).toBe(1);
    holder.stop();
  });

  it('does not restart a load that failed for another reason (404), but Retry does', async () => {
    const { tracker, holder, worker, restarts } = setUp(async () => true);
    worker.emit({
      type: 'error',
      error: { status: 404, code: 'ResourceNotFound', message: 'no such group' },
      fatal: true,
    });
    await frame();
    tracker.report({ status: 0, answered: false });
    await vi.waitFor(() => expect(tracker.getSnapshot().kind).toBe('recovered'));
    await frame();
    expect(restarts()).toBe(0);
    expect(holder.getSnapshot().fatal).toBe(true);
    holder.retry();
    expect(restarts()).toBe(1);
    holder.stop();
  });

  it('leaves a load that has not failed alone', async () => {
    const { tracker, holder, worker, restarts } = setUp(async () => true);
    // A failed live refresh is not fatal: the loader keeps going by itself.
    worker.emit({
      type: 'error',
      error: { status: 503, code: 'InternalServerError', message: 'unavailable' },
      fatal: false,
    });
    await frame();
    tracker.report({ status: 503, answered: false });
    await vi.waitFor(() => expect(tracker.getSnapshot().kind).toBe('online'));
    holder.retry();
    expect(restarts()).toBe(0);
    holder.stop();
  });
});
