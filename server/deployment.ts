/**
 * The local Queue service: the API, artifact storage, live logs, background resolvers and the
 * built dashboard, on one origin.
 */
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createApi, CORS_HEADERS } from './queue/api';
import { createArtifactUrls } from './queue/artifact-urls';
import { createAuthenticator, type ClientRecord } from './shared/authenticator';
import { systemClock, type Clock } from './shared/clock';
import { openDatabase, type DB } from './shared/db';
import { LiveLogs } from './queue/live-logs';
import { QueueStore } from './queue/store';

/** Read scopes of a public deployment's `anonymous` role (queue-spec §7.3). */
export const DEFAULT_ANONYMOUS_SCOPES = [
  'queue:get-task:*',
  'queue:status:*',
  'queue:list-task-group:*',
  'queue:list-dependent-tasks:*',
  'queue:list-artifacts:*',
  'queue:get-artifact:public/*',
  'queue:pending-count:*',
  'queue:claimed-count:*',
  'queue:pending-list:*',
  'queue:claimed-list:*',
  'queue:list-task-queues',
  'queue:get-task-queue:*',
  'queue:list-provisioners',
  'queue:get-provisioner:*',
  'queue:list-worker-types:*',
  'queue:get-worker-type:*',
  'queue:list-workers:*',
  'queue:get-worker:*',
];

export interface ServiceOptions {
  /** SQLite file, or `:memory:`. */
  db: string | DB;
  clients: ClientRecord[];
  anonymousScopes?: string[];
  clock?: Clock;
  claimTimeoutSec?: number;
  /** How often the claim and deadline resolvers run, in ms (0: never; tests drive them). */
  resolverIntervalMs?: number;
  /** Folder of the built dashboard (default `dist/`); served at `/` when present. */
  staticDir?: string;
  /** Secret for signed artifact URLs (default: random per process). */
  urlSecret?: string;
  log?: (line: string) => void;
}

export interface QueueService {
  app: Hono;
  store: QueueStore;
  liveLogs: LiveLogs;
  /** Runs both background resolvers once. */
  resolve(): void;
  listen(port: number, host: string): Promise<{ server: ServerType; url: string }>;
  close(): Promise<void>;
}

function parseRange(
  header: string | undefined,
  size: number,
): [number, number] | 'invalid' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return [start, end];
}

export function createQueueService(options: ServiceOptions): QueueService {
  const db = typeof options.db === 'string' ? openDatabase(options.db) : options.db;
  const clock = options.clock ?? systemClock;
  const store = new QueueStore({ db, clock, claimTimeoutSec: options.claimTimeoutSec });
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  const issuer: ClientRecord = {
    clientId: 'static/taskcluster/queue',
    accessToken: randomBytes(32).toString('base64url'),
    scopes: ['*'],
  };
  const auth = createAuthenticator({
    lookupClient: (id) => clients.get(id),
    roles: { anonymous: options.anonymousScopes ?? DEFAULT_ANONYMOUS_SCOPES },
    issuer,
  });
  const urlSecret = options.urlSecret ?? randomBytes(32).toString('base64url');
  const artifactUrls = createArtifactUrls(urlSecret, () => clock.now());
  const liveLogs = new LiveLogs();
  const app = new Hono();

  app.route('/api/queue/v1', createApi({ store, auth, artifactUrls, log: options.log }));

  app.options('/__artifacts/*', (c) =>
    c.body(null, 204, { ...CORS_HEADERS, 'access-control-allow-methods': 'GET,HEAD,PUT' }),
  );
  app.put('/__artifacts/upload/:token/:sig/:name{.*}', async (c) => {
    const ref = artifactUrls.verify('upload', c.req.param('token'), c.req.param('sig'));
    if (!ref)
      return c.text('Request has expired or its signature does not match', 403, CORS_HEADERS);
    const artifact = store.getArtifactRow(ref.taskId, ref.runId, ref.name);
    if (!artifact) return c.text('No such artifact', 404, CORS_HEADERS);
    const data = Buffer.from(await c.req.arrayBuffer());
    store.putBlob(ref.taskId, ref.runId, ref.name, artifact.content_type, data);
    return c.body(null, 200, { ...CORS_HEADERS, etag: `"${data.length.toString(16)}"` });
  });
  app.on(['GET', 'HEAD'], '/__artifacts/download/:token/:sig/:name{.*}', (c) => {
    const ref = artifactUrls.verify('download', c.req.param('token'), c.req.param('sig'));
    if (!ref)
      return c.text('Request has expired or its signature does not match', 403, CORS_HEADERS);
    const blob = store.getBlob(ref.taskId, ref.runId, ref.name);
    if (!blob) return c.text('The artifact has not been uploaded', 404, CORS_HEADERS);
    const size = blob.data.length;
    const headers: Record<string, string> = {
      ...CORS_HEADERS,
      'content-type': blob.content_type,
      'accept-ranges': 'bytes',
      'cache-control': 'private, max-age=300',
      'x-content-type-options': 'nosniff',
      // Artifacts are untrusted: never let one run script in this origin.
      'content-security-policy':
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox",
    };
    const range = parseRange(c.req.header('range'), size);
    if (range === 'invalid')
      return c.body(null, 416, { ...headers, 'content-range': `bytes */${size}` });
    if (range) {
      const [start, end] = range;
      const partial = {
        ...headers,
        'content-range': `bytes ${start}-${end}/${size}`,
        'content-length': String(end - start + 1),
      };
      if (c.req.method === 'HEAD') return c.body(null, 206, partial);
      return c.body(new Uint8Array(blob.data.subarray(start, end + 1)), 206, partial);
    }
    const full = { ...headers, 'content-length': String(size) };
    if (c.req.method === 'HEAD') return c.body(null, 200, full);
    return c.body(new Uint8Array(blob.data), 200, full);
  });
  app.get('/__livelog/:taskId/:runId', (c) => {
    const stream = liveLogs.stream(c.req.param('taskId'), Number(c.req.param('runId')));
    if (!stream)
      return c.text(
        'This live log is no longer available; open the backing log.',
        404,
        CORS_HEADERS,
      );
    return c.body(stream, 200, {
      ...CORS_HEADERS,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  });

  const staticDir = resolve(options.staticDir ?? 'dist');
  if (existsSync(join(staticDir, 'index.html'))) {
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200)
        c.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root: staticDir }));
    // Dashboard routes (/tasks/…, /provisioners/…) all load the SPA.
    // Read per request, not cached: a rebuild while the service runs must not leave it serving
    // an index.html whose asset names no longer exist.
    app.get('*', (c) => c.html(readFileSync(join(staticDir, 'index.html'), 'utf8')));
  } else {
    app.get('/', (c) =>
      c.text(
        'The dashboard is not built: run `npm run build` (or `npm start`, which builds it).',
        200,
      ),
    );
  }

  let timer: NodeJS.Timeout | undefined;
  const resolveOnce = () => {
    store.expireClaims();
    store.expireDeadlines();
  };
  if (options.resolverIntervalMs !== 0) {
    timer = setInterval(resolveOnce, options.resolverIntervalMs ?? 1000);
    timer.unref();
  }

  let server: ServerType | undefined;
  return {
    app,
    store,
    liveLogs,
    resolve: resolveOnce,
    listen(port, host) {
      return new Promise((ok, fail) => {
        server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
          const shownHost = host.includes(':') ? `[${host}]` : host;
          ok({
            server: server!,
            url: `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${info.port}`,
          });
        });
        server.once('error', (err: NodeJS.ErrnoException) =>
          fail(
            err.code === 'EADDRINUSE'
              ? new Error(
                  `Port ${port} on ${host} is already in use: stop the other process or pass --port.`,
                )
              : err,
          ),
        );
      });
    },
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((ok) => {
        if (!server) return ok();
        server.close(() => ok());
        // Idle keep-alive connections would otherwise keep the server open.
        (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
      });
      if (typeof options.db === 'string') db.close();
    },
  };
}
