/**
 * The request pipeline of Taskcluster's lib-api, shared by every service: body parse →
 * authentication → URL-only authorization → URL patterns → query → content type and schema →
 * handler, with the standard error envelope, CORS preflight and unknown routes
 * (queue-spec §1.3, §3, §4).
 */
import Hawk from 'hawk';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ScopeExpression } from 'taskcluster-lib-scopes';
import { AuthError, type Authenticator, type AuthResult } from './authenticator';
import { ApiError, RawResponse } from './errors';
import { compressedResponse, CORS_HEADERS, STANDARD_HEADERS } from './http';
import { decodePage, type Page } from './pagination';
import { JsonText, Reply } from './replies';
import { requireScopes } from './scopes';
import type { Validator } from './schemas';

const BODY_LIMIT = 10 * 1024 * 1024;

/** What the handler of a route sees. */
export interface Req {
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  auth: AuthResult;
  /** Origin of this service as the client reached it, for URLs handed out (putUrl, live logs). */
  origin: string;
  /** Throws 403 InsufficientScopes unless the caller satisfies `expr`. */
  authorize(expr: ScopeExpression): void;
  page(): Page;
  signal: AbortSignal;
}

type Result = unknown | JsonText | Reply;

export interface RouteDef<SchemaName extends string = string> {
  /** The API method name (error envelopes and the request log show it). */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /**
   * The path the router matches, where `path` would give one position two different parameter
   * patterns (`/task-queues/:taskQueueId` beside `/task-queues/:taskQueueId{.+}/counts`): Hono's
   * RegExpRouter refuses that and Hono falls back to a slower router for every request. A
   * request this path matches must still match `path`, or it is answered as an unknown route.
   */
  routerPath?: string;
  query?: string[];
  input?: SchemaName;
  /** Scopes that depend on URL parameters only: checked before anything else is validated. */
  scopes?: (params: Record<string, string>) => ScopeExpression;
  handler: (req: Req) => Result | Promise<Result>;
}

export interface ApiRouterOptions<SchemaName extends string> {
  /** The service's name: its API lives under `/api/<service>/v1`. */
  service: string;
  /** In order: where two paths match one URL, the first one answers. */
  routes: RouteDef<SchemaName>[];
  auth: Authenticator;
  /** Patterns URL parameters must match, by parameter name. */
  patterns: Record<string, RegExp>;
  /** Patterns query-string values must match, by parameter name. */
  queryPatterns: Record<string, RegExp>;
  validate: Validator<SchemaName>;
  /** Called once per request with a line for the request log (no credentials). */
  log?: (line: string) => void;
}

const TOO_LARGE = Symbol('too large');

/** The headers of an API answer: JSON, the standard set, and this request's ids. */
function apiHeaders(requestId: string, traceId: string): Record<string, string> {
  return {
    'content-type': 'application/json; charset=utf-8',
    vary: 'Accept-Encoding',
    ...STANDARD_HEADERS,
    'x-for-request-id': requestId,
    'x-for-trace-id': traceId,
  };
}

function envelope(method: string, err: ApiError, params: Record<string, string>, payload: unknown) {
  const time = new Date().toJSON();
  return {
    code: err.code,
    message: `${err.message}\n\n---\n\n* method:     ${method}\n* errorCode:  ${err.code}\n* statusCode: ${err.status}\n* time:       ${time}`,
    // A body that was never read (too large) leaves no payload to report, as in the real service.
    requestInfo:
      payload === TOO_LARGE
        ? { method, params, time }
        : { method, params, payload: payload ?? {}, time },
  };
}

/** A route's path as a regular expression over the path after the API prefix. */
function pathRegex(path: string): RegExp {
  return new RegExp(
    `^${path.replace(/:[a-zA-Z]+\{\.\+\}/g, '(.+)').replace(/:[a-zA-Z]+/g, '([^/]+)')}$`,
  );
}

const notFound = (c: Context) => c.json({ error: 'Not found' }, 404, CORS_HEADERS);

/** Parses, authenticates, authorizes and validates a request, then answers with its handler. */
async function handle<S extends string>(
  c: Context,
  route: RouteDef<S>,
  options: ApiRouterOptions<S>,
  strict: { prefix: RegExp; path: RegExp } | undefined,
): Promise<Response> {
  const { auth, patterns, queryPatterns } = options;
  // Node's parsed header object when there is one: `c.req.header()` builds a fetch Headers of
  // every header on first use.
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const header = (name: string): string | undefined => {
    if (!incoming) return c.req.header(name);
    const value = incoming.headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
  const params = c.req.param() as Record<string, string>;
  const requestId = randomUUID();
  const traceId = header('x-taskcluster-trace-id') ?? randomUUID();
  // Parsed only when needed: most requests have no query string and never ask for the origin.
  let parsedUrl: URL | undefined;
  const url = () => (parsedUrl ??= new URL(c.req.url));
  const rawUrl = incoming?.url ?? url().pathname + url().search;
  if (strict) {
    const q = rawUrl.indexOf('?');
    const path = (q < 0 ? rawUrl : rawUrl.slice(0, q)).replace(strict.prefix, '');
    if (!strict.path.test(path)) return notFound(c);
  }
  let payload: unknown = undefined;
  const send = (
    status: number,
    body: string,
    extra?: Record<string, string>,
  ): Response | Promise<Response> => {
    const all = apiHeaders(requestId, traceId);
    if (extra) Object.assign(all, extra);
    if (c.req.method === 'HEAD') return new Response(null, { status, headers: all });
    return compressedResponse(status, body, all, header('accept-encoding') ?? '');
  };
  const fail = (err: ApiError, extra: Record<string, string> = {}) =>
    send(err.status, JSON.stringify(envelope(route.name, err, params, payload), null, 2), extra);

  try {
    // 1. body
    let text = '';
    if (route.input) {
      text = await c.req.text();
      if (text.length > BODY_LIMIT) {
        payload = TOO_LARGE;
        throw new ApiError(
          500,
          'InternalServerError',
          'PayloadTooLargeError: request entity too large',
        );
      }
      const contentType = header('content-type') ?? '';
      if (text) {
        try {
          payload = JSON.parse(text) as unknown;
        } catch (err) {
          payload = text;
          throw new ApiError(
            400,
            'MalformedPayload',
            `Failed to parse JSON: ${(err as Error).message}`,
          );
        }
        if (!/^application\/json\b/i.test(contentType)) {
          payload = {};
          throw new ApiError(
            400,
            'MalformedPayload',
            `Payload must be JSON with content-type: application/json got content-type: ${contentType}`,
          );
        }
      }
    }
    // 2. authentication: bad credentials are a 401 whatever the request
    const hostHeader = header('host') ?? 'localhost';
    const hostMatch = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
    const forwardedPort = header('x-forwarded-port');
    const port = forwardedPort
      ? Number(forwardedPort)
      : header('x-forwarded-proto') === 'https'
        ? 443
        : Number(hostMatch?.[2] ?? 80);
    let authResult: AuthResult;
    try {
      authResult = await auth.authenticate({
        method: c.req.method,
        resource: rawUrl,
        host: (hostMatch?.[1] ?? hostHeader).toLowerCase(),
        port,
        authorization: header('authorization'),
        contentType: header('content-type'),
      });
      if (authResult.hash && text) {
        const expected = Hawk.crypto.calculatePayloadHash(
          text,
          'sha256',
          header('content-type') ?? '',
        );
        if (expected !== authResult.hash)
          throw new AuthError(`Invalid payload hash: ${authResult.hash}`);
      }
    } catch (err) {
      if (err instanceof AuthError) {
        throw Object.assign(new ApiError(401, 'AuthenticationFailed', err.message), {
          www: true,
        });
      }
      throw err;
    }
    const authorize = (expr: ScopeExpression) => requireScopes(authResult, expr);
    // 3. scopes that the URL alone decides
    if (route.scopes) authorize(route.scopes(params));
    // 4. URL patterns
    const bad = Object.entries(params).filter(([k, v]) => patterns[k] && !patterns[k].test(v));
    if (bad.length) {
      throw new ApiError(
        400,
        'InvalidRequestArguments',
        `Invalid URL patterns:\n${bad.map(([k, v]) => `URL parameter '${k}' given as '${v}' must match regular expression: '${String(patterns[k])}'`).join('\n')}`,
      );
    }
    // 5. query
    const query: Record<string, string> = {};
    for (const [k, v] of rawUrl.includes('?') ? url().searchParams : []) {
      if (k === 'bewit') continue;
      if (!route.query?.includes(k))
        throw new ApiError(
          400,
          'InvalidRequestArguments',
          `Query-string parameter: ${k} is not supported!`,
        );
      const pattern = queryPatterns[k];
      if (pattern && !pattern.test(v)) {
        throw new ApiError(
          400,
          'InvalidRequestArguments',
          `Query-string parameter: ${k}="${v}" does not match expression: ${String(pattern)}`,
        );
      }
      query[k] = v;
    }
    // 6. schema
    let body: unknown = payload;
    if (route.input) {
      body = payload ?? {};
      const problem = options.validate(
        route.input,
        body,
        `${url().origin}/schemas/${options.service}/v1/${route.input}.json#`,
      );
      if (problem) throw new ApiError(400, 'InputValidationError', problem);
    }
    const req: Req = {
      params,
      query,
      body,
      auth: authResult,
      get origin() {
        return `${header('x-forwarded-proto') ?? url().protocol.replace(':', '')}://${hostHeader}`;
      },
      authorize,
      // Asked for lazily: @hono/node-server builds a whole fetch Request (and an AbortController)
      // the first time anything reads `raw.signal`, which costs more than a status lookup.
      get signal() {
        return c.req.raw.signal;
      },
      page: () => decodePage(query),
    };
    const result = await route.handler(req);
    options.log?.(`${c.req.method} ${url().pathname} ${route.name} ${authResult.clientId ?? '-'}`);
    if (result instanceof Reply) return send(result.status, result.body, result.headers);
    if (result instanceof JsonText) return send(200, result.text);
    return send(200, JSON.stringify(result));
  } catch (err) {
    if (err instanceof RawResponse) return send(err.status, JSON.stringify(err.body), err.headers);
    if (err instanceof ApiError) {
      return fail(
        err,
        (err as ApiError & { www?: boolean }).www ? { 'www-authenticate': 'hawk' } : {},
      );
    }
    const incident = randomUUID();
    console.error(`incident ${incident} in ${route.name}:`, err);
    return fail(
      new ApiError(500, 'InternalServerError', `Internal Server Error, incidentId ${incident}.`),
    );
  }
}

/** A service's API as a Hono app, to be mounted at `/api/<service>/v1`. */
export function createApiRouter<S extends string>(options: ApiRouterOptions<S>): Hono {
  const api = new Hono();
  const { routes } = options;
  const prefix = new RegExp(`^.*?/api/${options.service}/v1`);
  for (const route of routes) {
    const strict = route.routerPath ? { prefix, path: pathRegex(route.path) } : undefined;
    api.on(
      route.method === 'GET' ? ['GET', 'HEAD'] : [route.method],
      route.routerPath ?? route.path,
      (c) => handle(c, route, options, strict),
    );
  }

  // CORS preflight and unknown routes, as Express answers them under the API prefix.
  const routeRegexes = routes.map((r) => ({ method: r.method, regex: pathRegex(r.path) }));
  api.options('*', (c) => {
    const path = new URL(c.req.url).pathname.replace(prefix, '');
    const methods = new Set<string>();
    for (const r of routeRegexes) {
      if (!r.regex.test(path)) continue;
      methods.add(r.method);
      if (r.method === 'GET') methods.add('HEAD');
    }
    const allow = [...methods].join(', ');
    return c.body(allow || 'Not found', methods.size ? 200 : 404, {
      ...STANDARD_HEADERS,
      allow,
      'content-type': 'text/plain',
    });
  });
  api.all('*', notFound);
  return api;
}
