import { describe, expect, it } from 'vitest';
import {
  contentRangeStart,
  LogFetchError,
  readLog,
  reconnectDelay,
  type Reconnect,
} from './log-fetch';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A body that sends `chunks`, then ends, or fails as a dropped connection does. */
function body(chunks: string[], drop = false): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(enc.encode(chunks[i++]!));
      else if (drop) controller.error(new TypeError('network error'));
      else controller.close();
    },
  });
}

type Answer =
  | { status: number; chunks?: string[]; drop?: boolean; headers?: Record<string, string> }
  | 'network-error';

/** A fetch that gives `answers` in turn and records each request's Range header. */
function scripted(answers: Answer[]) {
  const ranges: Array<string | null> = [];
  const fetch = (_url: string, init?: RequestInit) => {
    ranges.push(new Headers(init?.headers).get('range'));
    const a = answers.shift();
    if (!a) throw new Error('no more answers');
    if (a === 'network-error') return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(
      new Response(a.status === 416 ? null : body(a.chunks ?? [], a.drop), {
        status: a.status,
        headers: a.headers,
      }),
    );
  };
  return { fetch, ranges };
}

async function read(answers: Answer[], live: boolean, maxFailures?: number) {
  const { fetch, ranges } = scripted(answers);
  let text = '';
  const reconnects: Reconnect[] = [];
  let resumed = 0;
  const error = await readLog({
    url: 'https://example.test/log',
    live,
    fetch,
    sleep: () => Promise.resolve(),
    maxFailures,
    onBytes: (b) => void (text += dec.decode(b)),
    onReconnect: (r) => reconnects.push(r),
    onResumed: () => resumed++,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { text, ranges, reconnects, resumed, error };
}

describe('readLog', () => {
  it('reads a log that arrives whole', async () => {
    const r = await read([{ status: 200, chunks: ['a\n', 'b\n'] }], true);
    expect(r).toMatchObject({ text: 'a\nb\n', ranges: [null], reconnects: [], error: undefined });
  });

  it('resumes a live log after a reset mid-line: asks plainly and passes over what it has', async () => {
    const r = await read(
      [
        { status: 200, chunks: ['line 1\nli'], drop: true },
        'network-error',
        // The livelog serves from the first byte again, in other chunk boundaries.
        { status: 200, chunks: ['line', ' 1\nline 2', '\nline 3\n'] },
      ],
      true,
    );
    expect(r.error).toBeUndefined();
    expect(r.text).toBe('line 1\nline 2\nline 3\n');
    expect(r.ranges).toEqual([null, null, null]);
    expect(r.reconnects.map((x) => [x.attempt, x.reason])).toEqual([
      [1, 'the connection dropped'],
      [2, 'the network failed'],
    ]);
    expect(r.resumed).toBe(1);
  });

  it('resumes a stored log with a Range request at its offset', async () => {
    const r = await read(
      [
        { status: 200, chunks: ['0123'], drop: true },
        { status: 206, chunks: ['456\n'], headers: { 'content-range': 'bytes 4-7/8' } },
      ],
      false,
    );
    expect(r).toMatchObject({ text: '0123456\n', ranges: [null, 'bytes=4-'], error: undefined });
  });

  it('reads a 200 to a Range request (storage that ignores ranges) from the offset', async () => {
    const r = await read(
      [
        { status: 200, chunks: ['0123'], drop: true },
        { status: 200, chunks: ['01', '23456\n'] },
      ],
      false,
    );
    expect(r.text).toBe('0123456\n');
  });

  it('drops Range after a ranged answer fails before its first byte (a gzip slice)', async () => {
    const r = await read(
      [
        { status: 200, chunks: ['0123'], drop: true },
        { status: 206, chunks: [], drop: true },
        { status: 200, chunks: ['0123456\n'] },
      ],
      false,
    );
    expect(r.text).toBe('0123456\n');
    expect(r.ranges).toEqual([null, 'bytes=4-', null]);
  });

  it('retries 5xx answers and stops at a 404 with its status', async () => {
    const r = await read(
      [{ status: 200, chunks: ['a\n'], drop: true }, { status: 503 }, { status: 404 }],
      true,
    );
    expect(r.text).toBe('a\n');
    expect(r.reconnects.map((x) => x.reason)).toEqual([
      'the connection dropped',
      'the storage answered HTTP 503',
    ]);
    expect(r.error).toBeInstanceOf(LogFetchError);
    expect((r.error as LogFetchError).status).toBe(404);
  });

  it('gives up after too many consecutive failures, saying why', async () => {
    const r = await read(['network-error', 'network-error', 'network-error'], false, 3);
    expect((r.error as Error).message).toBe(
      'The log stopped arriving: the network failed (3 attempts).',
    );
  });

  it('counts failures afresh once a reconnect has caught up', async () => {
    // Three drops, each after new bytes, with a limit of two consecutive failures.
    const r = await read(
      [
        { status: 200, chunks: ['a\n'], drop: true },
        { status: 200, chunks: ['a\nb\n'], drop: true },
        { status: 200, chunks: ['a\nb\nc\n'], drop: true },
        { status: 200, chunks: ['a\nb\nc\nd\n'] },
      ],
      true,
      2,
    );
    expect(r.error).toBeUndefined();
    expect(r.text).toBe('a\nb\nc\nd\n');
  });

  it('refuses a log that came back shorter than what was read', async () => {
    const r = await read(
      [
        { status: 200, chunks: ['abcdef'], drop: true },
        { status: 200, chunks: ['abc'] },
      ],
      true,
    );
    expect((r.error as Error).message).toMatch(/changed while it was being read/);
  });
});

describe('helpers', () => {
  it('parses Content-Range starts', () => {
    expect(contentRangeStart('bytes 4-7/8')).toBe(4);
    expect(contentRangeStart('bytes 10-20/*')).toBe(10);
    expect(contentRangeStart('bytes */8')).toBeUndefined();
    expect(contentRangeStart(null)).toBeUndefined();
  });

  it('backs off exponentially up to 5 s, with jitter', () => {
    expect(reconnectDelay(1, () => 1)).toBe(250);
    expect(reconnectDelay(1, () => 0)).toBe(125);
    expect(reconnectDelay(3, () => 1)).toBe(1000);
    expect(reconnectDelay(20, () => 1)).toBe(5000);
  });
});
