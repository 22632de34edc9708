/**
 * The request machinery every service client shares: route tables (`routes.ts`) to URLs, Hawk
 * signing through Web Crypto, retries with backoff, timeouts, AbortSignal, clock-skew
 * correction and typed errors. Browser-safe, and usable unchanged in Node 20+.
 */
import * as urls from 'taskcluster-lib-urls';
import { errorFromBody, QueueError } from './errors';
import { hawkHeader, signUrl, type Credentials } from './hawk';
import { expandRoute, routeParams, type Entry } from './routes';

/** Per-call settings every method accepts in its last argument. */
export interface CallOptions {
  /** Stops waiting at once and aborts the request in flight (and any retry). */
  signal?: AbortSignal;
  /** Per-attempt timeout in ms for this call. */
  timeoutMs?: number;
}

/** Options for signed URLs. */
export interface SignedUrlOptions {
  /** Lifetime in seconds (default 900, as the official clients). */
  expiration?: number;
}

/** Options of every service client. */
export interface ClientOptions {
  /** The deployment's root URL, e.g. `https://community-tc.services.mozilla.com`. */
  rootUrl: string;
  /** Omit for anonymous calls. */
  credentials?: Credentials;
  /** Restrict the request to these scopes (sent in Hawk `ext`). */
  authorizedScopes?: string[];
  /**
   * Extra attempts after the first for 5xx and network failures (default 5). Calls whose effect
   * must not happen twice (schedule, rerun, cancel, priority changes, triggerHook) are never
   * retried.
   */
  retries?: number;
  /** Per-attempt timeout in ms (default 30 000: above claimWork's 20 s long-poll). */
  timeoutMs?: number;
  /** Base backoff in ms (default 100): delay n is `2^n × base × U[0.75, 1.25]`, capped. */
  delayFactorMs?: number;
  /** Backoff cap in ms (default 30 000). */
  maxDelayMs?: number;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
  /**
   * Hears of every attempt's outcome: `answered` when the service answered below 500, else the
   * HTTP status (0: no answer). Connectivity notices are built on it; it must not throw.
   */
  onAttempt?: (report: AttemptReport) => void;
}

/** One attempt of one call, as {@link ClientOptions.onAttempt} hears of it. */
export interface AttemptReport {
  method: string;
  /** HTTP status; 0 when no answer arrived (network failure, reset, timeout). */
  status: number;
  /** The service answered (any status below 500): it is reachable and working. */
  answered: boolean;
}

/** What a service client is built from. */
export interface Caller<N extends string> {
  readonly rootUrl: string;
  readonly credentials?: Credentials;
  readonly clockOffsetMs: number;
  request(name: N, args: unknown[], raw?: boolean): Promise<unknown>;
  buildUrl(name: N, ...args: (string | number)[]): string;
  buildSigned(name: N, args: unknown[]): Promise<string>;
}

const CALL_KEYS = new Set(['signal', 'timeoutMs']);

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Server time from a stale-timestamp error: the body's `requestInfo.time`, else `Date`. */
function serverTime(body: unknown, dateHeader: string | null): number | undefined {
  const info =
    isPlainObject(body) && isPlainObject(body.requestInfo) ? body.requestInfo : undefined;
  const candidates = [
    typeof info?.time === 'string' ? info.time : undefined,
    dateHeader ?? undefined,
  ];
  for (const c of candidates) {
    const t = c ? Date.parse(c) : NaN;
    if (!Number.isNaN(t)) return t;
  }
  return undefined;
}

/**
 * A caller for one service (`queue`, `hooks`, `auth`) and its route table. `label` names the
 * service in network-failure messages.
 */
export function createCaller<N extends string>(
  service: string,
  label: string,
  entries: Record<N, Entry>,
  options: ClientOptions,
): Caller<N> {
  if (!options.rootUrl) throw new TypeError('a client needs rootUrl');
  const rootUrl = options.rootUrl.replace(/\/+$/, '');
  const retries = options.retries ?? 5;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const delayFactor = options.delayFactorMs ?? 100;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const doFetch = options.fetch ?? ((...a: Parameters<typeof fetch>) => globalThis.fetch(...a));
  const credentials =
    options.credentials?.clientId && options.credentials.accessToken
      ? options.credentials
      : undefined;
  let clockOffsetMs = 0;
  const report = (method: string, status: number) =>
    options.onAttempt?.({ method, status, answered: status > 0 && status < 500 });

  const baseUrl = (path: string) => urls.api(rootUrl, service, 'v1', path);

  function splitArgs(name: N, entry: Entry, args: unknown[]) {
    const params = routeParams(entry.route);
    const fixed = params.length + (entry.input ? 1 : 0);
    if (args.length < fixed || args.length > fixed + 1) {
      throw new TypeError(`${name} takes ${fixed} argument(s) and an optional options object`);
    }
    const routeArgs = args.slice(0, params.length) as (string | number)[];
    routeArgs.forEach((a, i) => {
      if ((typeof a !== 'string' || a === '') && typeof a !== 'number') {
        throw new TypeError(`${name}: ${params[i]} must be a non-empty string`);
      }
    });
    const payload = entry.input ? args[params.length] : undefined;
    const opts = (args[fixed] ?? {}) as Record<string, unknown>;
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(opts)) {
      if (CALL_KEYS.has(key)) continue;
      if (!entry.query?.includes(key)) throw new TypeError(`${name} does not accept option ${key}`);
      if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
    }
    const qs = query.toString();
    return {
      url: baseUrl(expandRoute(entry.route, routeArgs)) + (qs ? `?${qs}` : ''),
      payload,
      call: opts as CallOptions,
    };
  }

  async function request(name: N, args: unknown[], raw = false): Promise<unknown> {
    const entry: Entry = entries[name];
    const { url, payload, call } = splitArgs(name, entry, args);
    const signal = call.signal;
    const perAttempt = call.timeoutMs ?? timeoutMs;
    const body = entry.input ? JSON.stringify(payload ?? {}) : undefined;
    const maxRetries = entry.once ? 0 : retries;
    let skewRetried = false;

    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError(signal);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (credentials) {
        headers.authorization = await hawkHeader({
          credentials,
          method: entry.method,
          url,
          ts: Math.floor((Date.now() + clockOffsetMs) / 1000),
          authorizedScopes: options.authorizedScopes,
          payload: body !== undefined ? { body, contentType: 'application/json' } : undefined,
        });
      }
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, perAttempt);
      const onAbort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });

      let failure: QueueError;
      try {
        const res = await doFetch(url, {
          method: entry.method.toUpperCase(),
          headers,
          body,
          signal: controller.signal,
          credentials: 'omit',
          // getArtifact answers 303; Node shows it, browsers hide it (see getArtifact's docs).
          redirect: 'manual',
        });
        const text = await res.text();
        // A redirect browsers hide still came from the service.
        report(name, res.type === 'opaqueredirect' ? 303 : res.status);
        const requestId = res.headers.get('x-for-request-id') ?? undefined;
        if (res.status === 303 || (res.status >= 200 && res.status < 300)) {
          if (raw) return text;
          if (!text) return undefined;
          try {
            return JSON.parse(text);
          } catch {
            throw new QueueError({
              status: res.status,
              code: 'UnknownError',
              message: 'Response was not JSON',
              method: name,
              requestId,
            });
          }
        }
        if (res.type === 'opaqueredirect') {
          throw new QueueError({
            status: 0,
            code: 'UnknownError',
            message: `${name} answers with a redirect that browsers hide from scripts; use a signed URL or the artifact-content endpoint`,
            method: name,
          });
        }
        failure = errorFromBody(res.status, text, name, requestId);
        if (res.status === 401 && !skewRetried && /stale timestamp/i.test(failure.message)) {
          const t = serverTime(failure.body, res.headers.get('date'));
          if (t !== undefined) {
            clockOffsetMs = t - Date.now();
            skewRetried = true;
            attempt--; // a skew correction is not one of the configured retries
            continue;
          }
        }
        if (res.status < 500) throw failure;
      } catch (err) {
        if (err instanceof QueueError) throw err;
        if (signal?.aborted) throw abortError(signal);
        report(name, 0);
        if (timedOut) {
          failure = new QueueError({
            status: 0,
            code: 'RequestTimeout',
            message: `${name} timed out after ${perAttempt} ms`,
            method: name,
            cause: err,
          });
          // A claim that timed out may have happened server-side: retrying could strand it.
          if (name === 'claimWork') throw failure;
        } else {
          failure = new QueueError({
            status: 0,
            code: 'NetworkError',
            message: `Could not reach the ${label} at ${rootUrl}`,
            method: name,
            cause: err,
          });
        }
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      if (attempt >= maxRetries) throw failure;
      const jitter = 0.75 + Math.random() * 0.5;
      await sleep(Math.min(2 ** (attempt + 1) * delayFactor * jitter, maxDelay), signal);
    }
  }

  async function buildSigned(name: N, args: unknown[]): Promise<string> {
    if (entries[name].method !== 'get') throw new TypeError(`${name} is not a GET method`);
    if (!credentials) throw new TypeError('buildSignedUrl needs credentials');
    const last = args[args.length - 1];
    const opts = isPlainObject(last) ? (args.pop() as SignedUrlOptions) : {};
    const url = buildUrl(name, ...(args as (string | number)[]));
    return signUrl(url, {
      credentials,
      expires: Math.floor((Date.now() + clockOffsetMs) / 1000) + (opts.expiration ?? 900),
      authorizedScopes: options.authorizedScopes,
    });
  }

  function buildUrl(name: N, ...args: (string | number)[]): string {
    const entry: Entry = entries[name];
    const count = routeParams(entry.route).length;
    if (args.length !== count) throw new TypeError(`${name} takes ${count} route argument(s)`);
    return baseUrl(expandRoute(entry.route, args));
  }

  return {
    rootUrl,
    credentials,
    get clockOffsetMs() {
      return clockOffsetMs;
    },
    request,
    buildUrl,
    buildSigned,
  };
}

/**
 * The object every client starts from: `rootUrl`, `credentials`, `clockOffsetMs`, `buildUrl`
 * and one method per route-table entry. Argument errors reject like every other failure, so
 * callers handle one path.
 */
export function bindMethods<N extends string>(
  caller: Caller<N>,
  entries: Record<N, Entry>,
): Record<string, unknown> {
  const client: Record<string, unknown> = {
    rootUrl: caller.rootUrl,
    credentials: caller.credentials,
    buildUrl: caller.buildUrl,
  };
  Object.defineProperty(client, 'clockOffsetMs', {
    get: () => caller.clockOffsetMs,
    enumerable: true,
  });
  for (const name of Object.keys(entries) as N[]) {
    client[name] = (...args: unknown[]) => Promise.resolve().then(() => caller.request(name, args));
  }
  return client;
}
