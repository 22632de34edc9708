import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { countLinesBefore, fetchTail, TAIL_BYTES, type Fetch } from './log-tail';

/** A log of `n` numbered lines of ~50 bytes. */
const makeLog = (n: number) =>
  Array.from(
    { length: n },
    (_, i) => `line ${String(i + 1).padStart(6, '0')} ${'x'.repeat(36)}`,
  ).join('\n') + '\n';

type Mode = 'honours-range' | 'ignores-range' | 'gzip-slice' | 'no-head';

/** A fake storage: records requests, answers like S3 in the given mode, in small chunks. */
function storage(body: Buffer, mode: Mode) {
  const requests: { method: string; range: string | null }[] = [];
  const fetchFn: Fetch = async (_url, init = {}) => {
    const headers = new Headers(init.headers);
    const method = init.method ?? 'GET';
    requests.push({ method, range: headers.get('range') });
    if (method === 'HEAD') {
      if (mode === 'no-head') return new Response(null, { status: 405 });
      return new Response(null, {
        status: 200,
        headers: { 'content-length': String(body.length) },
      });
    }
    const range = /^bytes=(\d+)-$/.exec(headers.get('range') ?? '');
    let bytes: Uint8Array = body;
    let status = 200;
    if (range && mode === 'honours-range') {
      bytes = body.subarray(Number(range[1]));
      status = 206;
    } else if (range && mode === 'gzip-slice') {
      bytes = gzipSync(body).subarray(Number(range[1]) % 1000);
      status = 206;
    }
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7000) c.enqueue(bytes.slice(i, i + 7000));
        c.close();
      },
    });
    return new Response(stream, { status });
  };
  return { fetchFn, requests };
}

const lastLine = (text: string) => text.trimEnd().split('\n').pop();

describe('log tails', () => {
  const log = makeLog(5000); // ~250 KB
  const body = Buffer.from(log);

  it('asks for bytes=<size-64K>- after a HEAD, and keeps whole lines', async () => {
    const { fetchFn, requests } = storage(body, 'honours-range');
    const tail = await fetchTail('https://s/log', {}, fetchFn);
    expect(requests).toEqual([
      { method: 'HEAD', range: null },
      { method: 'GET', range: `bytes=${body.length - TAIL_BYTES}-` },
    ]);
    expect(tail.via).toBe('range');
    expect(tail.linesBefore).toBeUndefined();
    expect(tail.text.startsWith('line ')).toBe(true);
    expect(lastLine(tail.text)).toBe(lastLine(log));
    expect(log.slice(tail.startByte)).toBe(tail.text);
    // Counting the lines before the tail gives the absolute line numbers.
    const before = await countLinesBefore('https://s/log', tail.startByte, {}, fetchFn);
    expect(tail.text.split('\n')[0]).toBe(
      `line ${String(before + 1).padStart(6, '0')} ${'x'.repeat(36)}`,
    );
  });

  it('streams the whole log and keeps its last 64 KB when the range is ignored', async () => {
    const { fetchFn, requests } = storage(body, 'ignores-range');
    const tail = await fetchTail('https://s/log', {}, fetchFn);
    expect(requests).toHaveLength(2);
    expect(tail.via).toBe('stream');
    expect(tail.text.length).toBeLessThanOrEqual(TAIL_BYTES);
    expect(tail.text.length).toBeGreaterThan(TAIL_BYTES - 100);
    expect(lastLine(tail.text)).toBe(lastLine(log));
    const first = Number(/^line (\d+)/.exec(tail.text)![1]);
    expect(tail.linesBefore).toBe(first - 1);
  });

  it('falls back to streaming when the range returns compressed bytes', async () => {
    const { fetchFn, requests } = storage(body, 'gzip-slice');
    const tail = await fetchTail('https://s/log', {}, fetchFn);
    expect(requests.map((r) => r.range)).toEqual([
      null,
      `bytes=${body.length - TAIL_BYTES}-`,
      null,
    ]);
    expect(tail.via).toBe('stream');
    expect(lastLine(tail.text)).toBe(lastLine(log));
  });

  it('reads a short log whole, and streams when HEAD is refused', async () => {
    const short = Buffer.from(makeLog(10));
    const whole = await fetchTail('https://s/log', {}, storage(short, 'honours-range').fetchFn);
    expect(whole).toEqual({ text: short.toString(), startByte: 0, linesBefore: 0, via: 'whole' });
    const noHead = storage(body, 'no-head');
    const tail = await fetchTail('https://s/log', {}, noHead.fetchFn);
    expect(noHead.requests.map((r) => r.range)).toEqual([null, null]);
    expect(lastLine(tail.text)).toBe(lastLine(log));
  });

  it('reports storage errors', async () => {
    const fetchFn: Fetch = async (_u, init) =>
      new Response('denied', { status: init?.method === 'HEAD' ? 200 : 403 });
    await expect(fetchTail('https://s/log', {}, fetchFn)).rejects.toThrow('HTTP 403');
  });
});
