/**
 * The tail of a log: its last 64 KB, asked for with `Range: bytes=<start>-` where the start comes
 * from the size a HEAD request reports. A suffix range (`bytes=-65536`) would be simpler but is
 * not CORS-safelisted, so every cross-origin storage would need a preflight it may not answer.
 *
 * Real workers often store logs gzip-encoded. Storage may then ignore the range (200 with the
 * whole log) or return a slice of the compressed bytes, which the browser cannot decode. In both
 * cases the log is streamed whole and only its last 64 KB are kept; the lines streamed past are
 * counted on the way, so the tail's line numbers are known at no extra cost.
 */

export const TAIL_BYTES = 64 * 1024;

export interface LogTail {
  /** Whole lines only: a tail cut mid-line starts at the next line. */
  text: string;
  /** Byte offset of `text` in the (decoded) log. */
  startByte: number;
  /** Lines before `text`, when known (the log was streamed whole); else count with {@link countLinesBefore}. */
  linesBefore?: number;
  via: 'range' | 'whole' | 'stream';
}

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

const NL = 10;

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  const all = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    all.set(c, o);
    o += c.length;
  }
  return all;
}

function countNewlines(bytes: Uint8Array, end = bytes.length): number {
  let n = 0;
  for (let i = 0; i < end; i++) if (bytes[i] === NL) n++;
  return n;
}

/** Reads a body keeping only its last `keep` bytes; counts the newlines it lets go. */
async function keepLast(
  res: Response,
  keep: number,
): Promise<{ bytes: Uint8Array; dropped: number; droppedLines: number }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let dropped = 0;
  let droppedLines = 0;
  if (!res.body) {
    const all = new Uint8Array(await res.arrayBuffer());
    chunks.push(all);
    size = all.length;
  } else {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
      while (chunks.length > 1 && size - chunks[0]!.length >= keep) {
        const first = chunks.shift()!;
        size -= first.length;
        dropped += first.length;
        droppedLines += countNewlines(first);
      }
    }
  }
  let bytes = concat(chunks, size);
  if (bytes.length > keep) {
    const cut = bytes.length - keep;
    droppedLines += countNewlines(bytes, cut);
    dropped += cut;
    bytes = bytes.subarray(cut);
  }
  return { bytes, dropped, droppedLines };
}

/** Bytes that cannot be a text log: a gzip header, NULs, or invalid UTF-8. */
function looksBinary(bytes: Uint8Array): boolean {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return true;
  const probe = bytes.subarray(0, 4096);
  if (probe.includes(0)) return true;
  // A range may cut a character in two: skip continuation bytes at the start, and let the
  // decoder hold an incomplete one at the end.
  let start = 0;
  while (start < 3 && start < bytes.length && (bytes[start]! & 0xc0) === 0x80) start++;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start), { stream: true });
  } catch {
    return true;
  }
  return false;
}

/** Drops the partial first line of a tail that did not start at the beginning of the log. */
function wholeLines(bytes: Uint8Array, atStart: boolean): { text: string; skipped: number } {
  const skipped = atStart ? 0 : bytes.indexOf(NL) + 1;
  return { text: new TextDecoder().decode(bytes.subarray(skipped)), skipped };
}

async function streamTail(fetchFn: Fetch, url: string, init: RequestInit): Promise<LogTail> {
  const res = await fetchFn(url, init);
  if (!res.ok) throw new HttpError(res.status);
  const { bytes, dropped, droppedLines } = await keepLast(res, TAIL_BYTES);
  const { text, skipped } = wholeLines(bytes, dropped === 0);
  return {
    text,
    startByte: dropped + skipped,
    linesBefore: droppedLines + (skipped ? 1 : 0),
    via: 'stream',
  };
}

export class HttpError extends Error {
  constructor(readonly status: number) {
    super(`The log's storage answered HTTP ${status}`);
  }
}

/** Fetches the tail of the log at `url`; `init` carries the signal (and any headers). */
export async function fetchTail(
  url: string,
  init: RequestInit = {},
  fetchFn: Fetch = fetch,
): Promise<LogTail> {
  const base: RequestInit = { ...init, credentials: 'omit' };
  let size: number | undefined;
  try {
    const head = await fetchFn(url, { ...base, method: 'HEAD' });
    if (head.ok) {
      const length = Number(head.headers.get('content-length'));
      if (Number.isFinite(length) && length > 0) size = length;
    }
  } catch (err) {
    if (init.signal?.aborted) throw err;
    // Some storage refuses HEAD: stream instead.
  }
  if (size === undefined || size <= TAIL_BYTES) {
    const tail = await streamTail(fetchFn, url, base);
    return { ...tail, via: tail.startByte === 0 ? 'whole' : 'stream' };
  }
  const start = size - TAIL_BYTES;
  const headers = new Headers(init.headers);
  headers.set('range', `bytes=${start}-`);
  let res: Response;
  try {
    res = await fetchFn(url, { ...base, headers });
  } catch (err) {
    if (init.signal?.aborted) throw err;
    return streamTail(fetchFn, url, base);
  }
  if (res.status === 200) {
    // The range was ignored: this is the whole log, already on its way.
    const { bytes, dropped, droppedLines } = await keepLast(res, TAIL_BYTES);
    if (!looksBinary(bytes)) {
      const { text, skipped } = wholeLines(bytes, dropped === 0);
      return {
        text,
        startByte: dropped + skipped,
        linesBefore: droppedLines + (skipped ? 1 : 0),
        via: 'stream',
      };
    }
    return streamTail(fetchFn, url, base);
  }
  if (res.status !== 206) throw new HttpError(res.status);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (err) {
    // A slice of gzip-encoded bytes: the browser cannot decode it.
    if (init.signal?.aborted) throw err;
    return streamTail(fetchFn, url, base);
  }
  if (looksBinary(bytes)) return streamTail(fetchFn, url, base);
  const { text, skipped } = wholeLines(bytes, false);
  return { text, startByte: start + skipped, via: 'range' };
}

/**
 * Counts the lines of the log at `url` before byte `startByte`, streaming it (and stopping
 * there): the absolute line number of something found in a tail.
 */
export async function countLinesBefore(
  url: string,
  startByte: number,
  init: RequestInit = {},
  fetchFn: Fetch = fetch,
): Promise<number> {
  const res = await fetchFn(url, { ...init, credentials: 'omit' });
  if (!res.ok || !res.body) throw new HttpError(res.status);
  const reader = res.body.getReader();
  let seen = 0;
  let lines = 0;
  while (seen < startByte) {
    const { done, value } = await reader.read();
    if (done) break;
    const take = Math.min(value.length, startByte - seen);
    lines += countNewlines(value, take);
    seen += take;
  }
  await reader.cancel().catch(() => undefined);
  return lines;
}
