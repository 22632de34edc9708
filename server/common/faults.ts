/**
 * Fault injection for the local deployment (`--faults SPEC`), off by default: answers 5xx,
 * connection resets, added latency and stalls on the API, artifact and live-log routes, so the
 * dashboard can be tried on a network and a service that misbehave.
 *
 * SPEC is comma-separated, each part at most once:
 *   `5xx=P`            answer 500, 502, 503 or 504 with probability P;
 *   `reset=P`          destroy the connection with probability P;
 *   `latency=MIN-MAX`  delay every request by a uniform MIN..MAX ms;
 *   `stall=P:SECONDS`  with probability P, hold the request SECONDS before handling it.
 * P is a probability from 0 to 1. Example: `5xx=0.2,reset=0.05,latency=100-1500,stall=0.02:30`.
 *
 * A 5xx or a reset strikes either before the request is handled or after (the work is done and
 * committed, and the answer is lost), with equal chance: clients must not assume that a failed
 * request changed nothing. A reset after a streaming answer has started (a live log) cuts the
 * stream part-way.
 */
import type { Context, MiddlewareHandler } from 'hono';

export interface FaultSpec {
  /** Probability of a 5xx answer. */
  serverError: number;
  /** Probability of a connection reset. */
  reset: number;
  /** Added latency range in ms, or undefined. */
  latency?: { min: number; max: number };
  /** Probability and duration (s) of a stall. */
  stall?: { probability: number; seconds: number };
}

export class FaultSpecError extends Error {
  override name = 'FaultSpecError';
}

const GRAMMAR =
  'expected comma-separated 5xx=P, reset=P, latency=MIN-MAX (ms), stall=P:SECONDS, where P is from 0 to 1';

function probability(text: string, part: string): number {
  if (!/^(0|1|0?\.\d+|1\.0*)$/.test(text)) {
    throw new FaultSpecError(`--faults ${part}: ${text} is not a probability from 0 to 1`);
  }
  return Number(text);
}

function nonNegative(text: string, part: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new FaultSpecError(`--faults ${part}: ${what} must be a non-negative number`);
  }
  return Number(text);
}

/** Parses a `--faults` SPEC; throws `FaultSpecError` with a message that names the bad part. */
export function parseFaultSpec(spec: string): FaultSpec {
  const result: FaultSpec = { serverError: 0, reset: 0 };
  const seen = new Set<string>();
  const parts = spec.split(',').map((p) => p.trim());
  if (!spec.trim() || parts.some((p) => !p)) throw new FaultSpecError(`--faults: ${GRAMMAR}`);
  for (const part of parts) {
    const m = /^([a-z0-9]+)=(.*)$/.exec(part);
    if (!m) throw new FaultSpecError(`--faults ${part}: ${GRAMMAR}`);
    const [, key, value] = m as unknown as [string, string, string];
    if (seen.has(key)) throw new FaultSpecError(`--faults: ${key} is given twice`);
    seen.add(key);
    switch (key) {
      case '5xx':
        result.serverError = probability(value, part);
        break;
      case 'reset':
        result.reset = probability(value, part);
        break;
      case 'latency': {
        const range = /^([^-]+)-([^-]+)$/.exec(value);
        if (!range) throw new FaultSpecError(`--faults ${part}: expected latency=MIN-MAX in ms`);
        const min = nonNegative(range[1]!, part, 'MIN');
        const max = nonNegative(range[2]!, part, 'MAX');
        if (min > max) throw new FaultSpecError(`--faults ${part}: MIN is above MAX`);
        result.latency = { min, max };
        break;
      }
      case 'stall': {
        const stall = /^([^:]+):(.+)$/.exec(value);
        if (!stall) throw new FaultSpecError(`--faults ${part}: expected stall=P:SECONDS`);
        result.stall = {
          probability: probability(stall[1]!, part),
          seconds: nonNegative(stall[2]!, part, 'SECONDS'),
        };
        break;
      }
      default:
        throw new FaultSpecError(`--faults ${part}: unknown fault ${key}; ${GRAMMAR}`);
    }
  }
  return result;
}

/** The spec in its own grammar, for the start banner. */
export function describeFaultSpec(spec: FaultSpec): string {
  const parts: string[] = [];
  if (spec.serverError) parts.push(`5xx=${spec.serverError}`);
  if (spec.reset) parts.push(`reset=${spec.reset}`);
  if (spec.latency) parts.push(`latency=${spec.latency.min}-${spec.latency.max}`);
  if (spec.stall) parts.push(`stall=${spec.stall.probability}:${spec.stall.seconds}`);
  return parts.join(',') || 'none';
}

/** The routes faults apply to: the APIs, artifact storage and live logs. */
export const FAULT_ROUTES = /^\/(api\/|__artifacts\/|__livelog\/)/;
const LIVE_LOG = /^\/__livelog\//;

const ROUTE_PREFIXES = { api: 'api/', artifacts: '__artifacts/', livelog: '__livelog/' } as const;
/** A part of the routes faults may be narrowed to with `--faults-on`. */
export type FaultRoute = keyof typeof ROUTE_PREFIXES;

/**
 * Parses `--faults-on LIST` (comma-separated `api`, `artifacts`, `livelog`), which narrows the
 * faults to those routes: a test can cut live logs while the worker writing them is spared.
 */
export function parseFaultRoutes(list: string): FaultRoute[] {
  const names = list.split(',').map((p) => p.trim());
  const known = Object.keys(ROUTE_PREFIXES);
  for (const name of names) {
    if (!known.includes(name))
      throw new FaultSpecError(
        `--faults-on: ${name || '(empty)'} is not one of ${known.join(', ')}`,
      );
  }
  return [...new Set(names)] as FaultRoute[];
}

function routePattern(routes: FaultRoute[] | undefined): RegExp {
  if (!routes) return FAULT_ROUTES;
  return new RegExp(`^/(${routes.map((r) => ROUTE_PREFIXES[r]).join('|')})`);
}

export interface FaultOptions {
  /** Request-log sink (`--log`): every injected fault is reported there. */
  log?: (line: string) => void;
  /** Uniform [0, 1) source (tests pass a seeded one). */
  random?: () => number;
  /** Destroys the client's connection (the Node socket behind `c`). */
  destroyConnection: (c: Context) => void;
  /** Only these routes (`--faults-on`); default: all of `FAULT_ROUTES`. */
  routes?: FaultRoute[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const SERVER_ERRORS: Array<{ status: number; body: () => string; type: string }> = [
  {
    status: 500,
    type: 'application/json',
    body: () =>
      JSON.stringify({
        code: 'InternalServerError',
        message: 'Internal Server Error (injected by --faults)',
        requestInfo: {},
      }),
  },
  { status: 502, type: 'text/html', body: () => '<html><h1>502 Bad Gateway</h1></html>' },
  {
    status: 503,
    type: 'text/plain',
    body: () => 'upstream connect error or disconnect/reset before headers',
  },
  { status: 504, type: 'text/html', body: () => '<html><h1>504 Gateway Time-out</h1></html>' },
];

/** Cuts a streaming body part-way: the client sees the connection drop mid-answer. */
function cutStream(
  body: ReadableStream<Uint8Array>,
  afterMs: number,
  cut: () => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  const started = Date.now();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const timeLeft = afterMs - (Date.now() - started);
      const next = await Promise.race([
        reader.read(),
        sleep(Math.max(0, timeLeft)).then(() => 'cut' as const),
      ]);
      if (next === 'cut') {
        void reader.cancel();
        // The socket goes first, so closing the stream cannot finish the answer properly.
        cut();
        controller.close();
        return;
      }
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

/** The `--faults` middleware. Mount it before the routes it should disturb. */
export function faultInjection(spec: FaultSpec, options: FaultOptions): MiddlewareHandler {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const routes = routePattern(options.routes);
  const serverErrorResponse = (what: string, when: string) => {
    const error = SERVER_ERRORS[Math.floor(random() * SERVER_ERRORS.length)]!;
    log(`FAULT ${error.status} ${when} ${what}`);
    return new Response(error.body(), {
      status: error.status,
      headers: { 'content-type': error.type, 'access-control-allow-origin': '*' },
    });
  };
  return async (c, next) => {
    if (!routes.test(c.req.path)) return next();
    const what = `${c.req.method} ${c.req.path}`;
    if (spec.latency) {
      const ms = Math.round(spec.latency.min + random() * (spec.latency.max - spec.latency.min));
      if (ms > 0) {
        log(`FAULT latency ${ms}ms ${what}`);
        await sleep(ms);
      }
    }
    if (spec.stall && random() < spec.stall.probability) {
      log(`FAULT stall ${spec.stall.seconds}s ${what}`);
      await sleep(spec.stall.seconds * 1000);
    }
    const reset = random() < spec.reset;
    const serverError = !reset && random() < spec.serverError;
    if (!reset && !serverError) return next();
    const after = random() < 0.5;
    if (!after) {
      if (reset) {
        log(`FAULT reset before handling ${what}`);
        options.destroyConnection(c);
        // Nothing reaches the client; Hono still wants a response.
        return new Response(null, { status: 500 });
      }
      return serverErrorResponse(what, 'before handling');
    }
    await next();
    if (!reset) {
      c.res = serverErrorResponse(what, 'after handling');
      return;
    }
    const body = c.res.body;
    if (body && c.res.status === 200 && LIVE_LOG.test(c.req.path)) {
      const ms = Math.round(200 + random() * 1800);
      log(`FAULT reset during the answer, after ${ms}ms ${what}`);
      c.res = new Response(
        cutStream(body, ms, () => options.destroyConnection(c)),
        c.res,
      );
      return;
    }
    log(`FAULT reset after handling ${what}`);
    options.destroyConnection(c);
    c.res = new Response(null, { status: 500 });
  };
}
