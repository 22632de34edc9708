/** HTTP plumbing every service shares: CORS and standard headers, response compression. */
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

export const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-max-age': '900',
  'access-control-allow-methods': 'OPTIONS,GET,HEAD,POST,PUT,DELETE,TRACE,CONNECT',
  'access-control-request-method': '*',
  'access-control-allow-headers':
    'X-Requested-With,Content-Type,Authorization,Accept,Origin,Cache-Control',
};

/** Headers of every API answer, as Taskcluster's lib-api sends them. */
export const STANDARD_HEADERS: Record<string, string> = {
  ...CORS_HEADERS,
  'cache-control': 'no-store no-cache must-revalidate',
  'content-security-policy': "report-uri /__cspreport__;default-src 'none';frame-ancestors 'none';",
  'x-content-type-options': 'nosniff',
};

const COMPRESS_OVER = 8 * 1024;
const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);
const BROTLI_FAST = { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 1 } };

/**
 * A response with `body`, compressed when it is large and the client accepts it, as the real
 * service does: a page of 1000 tasks shrinks ~25×. Brotli at quality 1 costs ~2 ms per page
 * (gzip level 1, for clients without it, ~5 ms); both run in the thread pool, off the event loop.
 */
export function compressedResponse(
  status: number,
  body: string,
  headers: Record<string, string>,
  acceptEncoding: string,
): Response | Promise<Response> {
  // Small answers (a status, a task) go out as they are, without a detour through a promise.
  if (body.length <= COMPRESS_OVER) return new Response(body, { status, headers });
  const encoding = /\bbr\b/.test(acceptEncoding)
    ? 'br'
    : /\bgzip\b/.test(acceptEncoding)
      ? 'gzip'
      : undefined;
  if (!encoding) return new Response(body, { status, headers });
  return (encoding === 'br' ? brotliAsync(body, BROTLI_FAST) : gzipAsync(body, { level: 1 })).then(
    (packed) =>
      new Response(new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength), {
        status,
        headers: { ...headers, 'content-encoding': encoding },
      }),
  );
}

/**
 * `:taskQueueId` under `/task-queues/` for the router (`RouteDef.routerPath`): one pattern for
 * getTaskQueue (one encoded segment) and for counts, pending and claimed (literal slashes too), so
 * that Hono can use its RegExpRouter. Lazy, so that `…/a/b/counts` leaves `/counts` to the route.
 */
export const TASK_QUEUE_ROUTER_PARAM = ':taskQueueId{[^/]+(?:/[^/]+)*?}';

/** URL parameter patterns of Taskcluster's APIs. */
export const SLUGID_PATTERN =
  /^[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]$/;
export const IDENTIFIER_PATTERN = /^[a-zA-Z0-9-_]{1,38}$/;
