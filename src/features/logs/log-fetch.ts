/**
 * Reads a log's bytes to the end, reconnecting when the connection drops part-way (a proxy
 * timing out, a reset, a worker's livelog restarting): the bytes already read are never asked
 * for twice in the result, nor skipped.
 *
 * Where the log resumes from:
 * - a worker's livelog serves every reader the whole log from its first byte and ignores
 *   `Range` (taskcluster's livelog dropped its broken Range support), so a live log is asked
 *   for again, plainly, and the bytes already read are passed over as they arrive again;
 * - stored logs (S3, the artifact storage) honour `Range: bytes=N-`, which is CORS-safelisted,
 *   so a stored log resumes at its offset; a 200 instead of a 206 is read like a livelog's.
 *   A ranged answer that fails before its first byte (gzip-encoded storage sends a slice the
 *   browser cannot decode) makes the next attempt a plain one.
 */

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export class LogFetchError extends Error {
  override name = 'LogFetchError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface Reconnect {
  /** Consecutive failed attempts so far (1 for the first). */
  attempt: number;
  delayMs: number;
  reason: string;
}

export interface ReadLogOptions {
  url: string;
  /** A livelog: resumed without `Range`, and retried for longer. */
  live: boolean;
  /** The log's new bytes, in order; awaited before the next read. */
  onBytes(bytes: Uint8Array): void | Promise<void>;
  /** The connection failed; another attempt starts after `delayMs`. */
  onReconnect?(info: Reconnect): void;
  /** Bytes flow again after a reconnect. */
  onResumed?(): void;
  fetch?: Fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Consecutive failures before giving up (default: 30 for a live log, 6 for a stored one). */
  maxFailures?: number;
}

/** Statuses worth another attempt: the storage or a proxy in front of it is unwell. */
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
const BASE_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;

/** Backoff for the n-th consecutive failure (1-based), with jitter so readers spread out. */
export function reconnectDelay(failures: number, random = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failures - 1));
  return Math.round(ceiling * (0.5 + random() / 2));
}

/** Start of a `Content-Range: bytes S-E/T` header, or undefined. */
export function contentRangeStart(header: string | null): number | undefined {
  const m = header ? /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header.trim()) : null;
  return m ? Number(m[1]) : undefined;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Reads the log at `options.url` to its end; resolves when the storage ends the answer properly.
 * Rejects with `LogFetchError` on an answer that retrying cannot fix (404, 403…) or after too
 * many consecutive failures.
 */
export async function readLog(options: ReadLogOptions): Promise<void> {
  const fetchFn = options.fetch ?? ((url, init) => fetch(url, init));
  const sleep = options.sleep ?? defaultSleep;
  const maxFailures = options.maxFailures ?? (options.live ? 30 : 6);
  let offset = 0;
  let failures = 0;
  let useRange = !options.live;
  let reconnecting = false;

  const fail = async (reason: string) => {
    failures++;
    if (failures >= maxFailures)
      throw new LogFetchError(`The log stopped arriving: ${reason} (${failures} attempts).`);
    const delayMs = reconnectDelay(failures);
    reconnecting = true;
    options.onReconnect?.({ attempt: failures, delayMs, reason });
    await sleep(delayMs);
  };

  for (;;) {
    const ranged = useRange && offset > 0;
    let res: Response;
    try {
      res = await fetchFn(options.url, {
        credentials: 'omit',
        headers: ranged ? { range: `bytes=${offset}-` } : undefined,
      });
    } catch {
      await fail('the network failed');
      continue;
    }
    // Bytes of this answer to pass over: they were read before the connection dropped.
    let skip: number;
    if (res.status === 206 && ranged) {
      // Cross-origin storage may not expose Content-Range; a 206 to `bytes=N-` starts at N.
      const start = contentRangeStart(res.headers.get('content-range')) ?? offset;
      if (start > offset) {
        void res.body?.cancel();
        useRange = false;
        continue;
      }
      skip = offset - start;
    } else if (res.status === 416 && ranged) {
      // Nothing at or after the offset: the stored log ended exactly where the reading stopped.
      void res.body?.cancel();
      return;
    } else if (res.ok && res.status !== 206) {
      skip = offset;
    } else if (RETRYABLE.has(res.status)) {
      void res.body?.cancel();
      await fail(`the storage answered HTTP ${res.status}`);
      continue;
    } else {
      void res.body?.cancel();
      throw new LogFetchError(`The log's storage answered HTTP ${res.status}.`, res.status);
    }
    if (!res.body) throw new LogFetchError('The log arrived without a body.', res.status);

    const reader = res.body.getReader();
    let received = false;
    let dropped = false;
    // Caught up with what was read before: the connection works again.
    const caughtUp = () => {
      failures = 0;
      if (reconnecting) {
        reconnecting = false;
        options.onResumed?.();
      }
    };
    if (skip === 0) caughtUp();
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch {
        dropped = true;
        break;
      }
      if (chunk.done) break;
      let bytes = chunk.value;
      if (skip > 0) {
        const passed = Math.min(skip, bytes.length);
        skip -= passed;
        bytes = bytes.subarray(passed);
        if (skip === 0) caughtUp();
      }
      received = true;
      if (!bytes.length) continue;
      offset += bytes.length;
      await options.onBytes(bytes);
    }
    if (dropped) {
      if (ranged && !received) useRange = false;
      await fail('the connection dropped');
      continue;
    }
    if (skip > 0) {
      // A shorter log than the one read before: it was replaced, not appended to.
      throw new LogFetchError('The log changed while it was being read; reload to read it again.');
    }
    return;
  }
}
