import { afterEach, describe, expect, it } from 'vitest';
import { createQueueClient, isQueueError } from '../../src/api';
import {
  describeFaultSpec,
  FaultSpecError,
  parseFaultRoutes,
  parseFaultSpec,
  type FaultRoute,
  type FaultSpec,
} from './faults';
import { newId, ROOT, startTestQueue, taskDef, type TestQueue } from './testing';

describe('parseFaultSpec', () => {
  it('reads the documented grammar', () => {
    expect(parseFaultSpec('5xx=0.2,reset=0.05,latency=100-1500,stall=0.02:30')).toEqual({
      serverError: 0.2,
      reset: 0.05,
      latency: { min: 100, max: 1500 },
      stall: { probability: 0.02, seconds: 30 },
    });
    expect(parseFaultSpec('5xx=1')).toEqual({ serverError: 1, reset: 0 });
    expect(parseFaultSpec(' reset=.5 , latency=0-0 ')).toEqual({
      serverError: 0,
      reset: 0.5,
      latency: { min: 0, max: 0 },
    });
    expect(describeFaultSpec(parseFaultSpec('stall=0.02:30,5xx=0.2'))).toBe(
      '5xx=0.2,stall=0.02:30',
    );
  });

  it('rejects anything else with a message that names the part', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /comma-separated/],
      ['5xx=1.5', /5xx=1\.5: 1\.5 is not a probability/],
      ['5xx=-0.1', /not a probability/],
      ['5xx=abc', /not a probability/],
      ['reset', /reset: expected/],
      ['latency=5', /latency=MIN-MAX/],
      ['latency=20-10', /MIN is above MAX/],
      ['stall=0.5', /stall=P:SECONDS/],
      ['stall=0.5:x', /SECONDS must be/],
      ['5xx=0.1,5xx=0.2', /given twice/],
      ['timeout=0.1', /unknown fault timeout/],
      ['5xx=0.1,', /comma-separated/],
    ];
    for (const [spec, message] of cases) {
      expect(() => parseFaultSpec(spec), spec).toThrow(FaultSpecError);
      expect(() => parseFaultSpec(spec), spec).toThrow(message);
    }
  });
});

describe('parseFaultRoutes', () => {
  it('reads --faults-on lists and names what it does not know', () => {
    expect(parseFaultRoutes('livelog')).toEqual(['livelog']);
    expect(parseFaultRoutes('api, artifacts,api')).toEqual(['api', 'artifacts']);
    expect(() => parseFaultRoutes('api,logs')).toThrow(
      /--faults-on: logs is not one of api, artifacts, livelog/,
    );
    expect(() => parseFaultRoutes('')).toThrow(FaultSpecError);
  });
});

describe('fault injection in the deployment', () => {
  let q: TestQueue | undefined;
  let lines: string[] = [];
  afterEach(async () => {
    await q?.close();
    q = undefined;
    lines = [];
  });
  /** A deployment with `faults`, and a deterministic source: `draws` first, then 0.99. */
  async function start(faults: FaultSpec, draws: number[] = [], routes?: FaultRoute[]) {
    const sequence = [...draws];
    q = await startTestQueue({
      faults,
      faultRoutes: routes,
      log: (l) => lines.push(l),
      faultRandom: () => sequence.shift() ?? 0.99,
    });
    return q;
  }
  const api = (path: string) => `${q!.url}/api/queue/v1${path}`;

  it('answers 5xx before handling: nothing happens', async () => {
    // draws: reset? no (0.9); 5xx? yes (0); after? no (0.9); which error: 500 (0).
    await start(parseFaultSpec('5xx=0.5,reset=0.5'), [0.9, 0, 0.9, 0]);
    const id = newId();
    const err = await q!.root.createTask(id, taskDef()).catch((e: unknown) => e);
    expect(isQueueError(err) && err.status).toBe(500);
    expect(lines).toContainEqual(`FAULT 500 before handling PUT /api/queue/v1/task/${id}`);
    expect((await fetch(api(`/task/${id}`))).status).toBe(404);
  });

  it('answers 5xx after handling: the work is committed and the answer lost', async () => {
    await start(parseFaultSpec('5xx=0.5'), [0.9, 0, 0.1, 0.3]);
    const id = newId();
    const err = await q!.root.createTask(id, taskDef()).catch((e: unknown) => e);
    expect(isQueueError(err) && err.status).toBe(502);
    expect(lines).toContainEqual(`FAULT 502 after handling PUT /api/queue/v1/task/${id}`);
    expect((await fetch(api(`/task/${id}`))).status).toBe(200);
  });

  it('resets the connection, before or after handling', async () => {
    await start(parseFaultSpec('reset=1'), [0, 0.9, 0, 0.1]);
    const first = newId();
    await expect(fetch(api(`/task/${first}`))).rejects.toThrow();
    const second = newId();
    const noRetry = createQueueClient({ rootUrl: q!.url, credentials: ROOT, retries: 0 });
    const err = await noRetry.createTask(second, taskDef()).catch((e: unknown) => e);
    expect(isQueueError(err) && err.code).toBe('NetworkError');
    expect(lines.filter((l) => l.startsWith('FAULT'))).toEqual([
      `FAULT reset before handling GET /api/queue/v1/task/${first}`,
      `FAULT reset after handling PUT /api/queue/v1/task/${second}`,
    ]);
    // The reset came after the commit.
    expect(q!.deployment.queue.store.getTask(second)).toBeDefined();
    expect(q!.deployment.queue.store.getTask(first)).toBeUndefined();
  });

  it('adds latency and stalls, and leaves pages alone', async () => {
    await start(parseFaultSpec('latency=150-150,stall=1:0.25,5xx=1'));
    expect((await fetch(`${q!.url}/`)).status).toBe(200);
    // Pages draw no fault: checked by the log rather than a clock, which a busy machine skews.
    expect(lines.filter((line) => line.endsWith(' GET /'))).toEqual([]);
    const t = Date.now();
    const res = await fetch(api('/ping'));
    expect(Date.now() - t).toBeGreaterThanOrEqual(390);
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(lines.slice(0, 2)).toEqual([
      'FAULT latency 150ms GET /api/queue/v1/ping',
      'FAULT stall 0.25s GET /api/queue/v1/ping',
    ]);
  });

  it('cuts a live log part-way through', async () => {
    // The live-log request draws: reset (0), after (0.1), cut after 200 + 0 ms (0).
    await start(parseFaultSpec('reset=0.5'), [0, 0.1, 0]);
    const id = newId();
    const logs = q!.deployment.queue.liveLogs;
    logs.open(id, 0);
    logs.append(id, 0, 'first line\n');
    const res = await fetch(`${q!.url}/__livelog/${id}/0`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('first line\n');
    await expect(reader.read()).rejects.toThrow();
    expect(lines).toContainEqual(
      `FAULT reset during the answer, after 200ms GET /__livelog/${id}/0`,
    );
  });

  it('narrowed with --faults-on, spares the other routes', async () => {
    await start(parseFaultSpec('5xx=1'), [], ['livelog']);
    const id = newId();
    q!.deployment.queue.liveLogs.open(id, 0);
    expect((await fetch(api('/ping'))).status).toBe(200);
    expect((await fetch(`${q!.url}/__livelog/${id}/0`)).status).toBeGreaterThanOrEqual(500);
    expect(lines.filter((l) => l.startsWith('FAULT'))).toEqual([
      expect.stringMatching(
        new RegExp(`^FAULT 5\\d\\d (before|after) handling GET /__livelog/${id}/0$`),
      ),
    ]);
  });
});
