/**
 * The local Taskcluster deployment: one Hono app on one origin, with each service's API under
 * `/api/<service>/v1`, the routes it serves outside that prefix, and the built dashboard at `/`.
 * The services share one database, one clock and one authenticator.
 *
 * Adding a service: a folder exporting `create<Name>Service(ctx: ServiceContext): Service`
 * (see `common/service.ts`), and one line in `services` below.
 */
import { serve, type HttpBindings, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createQueueClient } from '../src/api';
import { EMBEDDED_CONFIG_ID } from '../src/config/dashboard-config';
import { createAuthService } from './auth/service';
import { roleTable, type RoleRecord } from './auth/roles';
import { createHooksService, type HooksService } from './hooks/service';
import { createQueueService, type QueueOptions, type QueueService } from './queue/service';
import { createAuthenticator, type ClientRecord } from './common/authenticator';
import { faultInjection, type FaultRoute, type FaultSpec } from './common/faults';
import { pageSecurityHeaders } from './common/page-headers';
import { systemClock, type Clock } from './common/clock';
import { openDatabase, type DB } from './common/db';
import type { Service, ServiceContext } from './common/service';
import { PUBLIC_ANONYMOUS_SCOPES } from './common/anonymous-role';
import { dashboardClient, type RegisteredClient } from './login/clients';
import { createLoginService, type LoginService } from './login/service';

/** Scopes of the Hooks service's own client, as on a real deployment (§2.4). */
const HOOKS_CLIENT_SCOPES = ['assume:hook-id:*', 'queue:create-task:*', 'notify:email:*'];

export interface DeploymentOptions extends QueueOptions {
  /** SQLite file, or `:memory:`. */
  db: string | DB;
  clients: ClientRecord[];
  /** Roles for `assume:` expansion (the demo's, `--roles FILE`), in Auth's role-record shape. */
  roles?: RoleRecord[];
  /**
   * Third-party login clients (web-server's `REGISTERED_CLIENTS` shape). Default: one for the
   * dashboard this deployment serves, at the URL it listens on.
   */
  oauthClients?: RegisteredClient[];
  /** The `anonymous` role (default: the documented public role; empty: a private deployment). */
  anonymousScopes?: readonly string[];
  clock?: Clock;
  /** Folder of the built dashboard (default `dist/`); served at `/` when present. */
  staticDir?: string;
  /**
   * The dashboard's runtime configuration (JSON text), served at `/dashboard-config.json` in
   * place of any file in `staticDir`; asked per request, as the demo is seeded after listening.
   */
  dashboardConfig?: () => string | undefined;
  log?: (line: string) => void;
  /** `--faults`: 5xx, resets, latency and stalls on the API, artifact and live-log routes. */
  faults?: FaultSpec;
  /** `--faults-on`: the routes `faults` apply to (default: API, artifacts and live logs). */
  faultRoutes?: FaultRoute[];
  /** Uniform [0, 1) source for `faults` (tests make it deterministic). */
  faultRandom?: () => number;
}

export interface Deployment {
  app: Hono;
  queue: QueueService;
  hooks: HooksService;
  login: LoginService;
  /** The registered OAuth clients (the default one appears once the deployment listens). */
  oauthClients(): RegisteredClient[];
  listen(port: number, host: string): Promise<{ server: ServerType; url: string }>;
  close(): Promise<void>;
}

/**
 * The dashboard's page with its runtime configuration in a JSON data block (never executed, so
 * the CSP's ban on inline scripts is kept): the dashboard starts without waiting for a request
 * for `/dashboard-config.json`. `{}` when there is none, which the dashboard reads as no file.
 * `<` is escaped so that no text in the file can end the block.
 */
export function pageWithConfig(html: string, configJson: string | undefined): string {
  const text = (configJson ?? '{}').trim().replace(/</g, '\\u003c');
  const block = `<script type="application/json" id="${EMBEDDED_CONFIG_ID}">${text}</script>`;
  return html.replace('</head>', `${block}\n  </head>`);
}

/** Serves the built dashboard: assets, and index.html for every dashboard route. */
function serveDashboard(app: Hono, staticDir: string, config: () => string | undefined) {
  if (existsSync(join(staticDir, 'index.html'))) {
    // Read per request, not cached: a rebuild while the service runs must not leave it serving
    // an index.html whose asset names no longer exist; the configuration is asked per request
    // too (see `dashboardConfig`).
    const page = (c: Context) =>
      c.html(pageWithConfig(readFileSync(join(staticDir, 'index.html'), 'utf8'), config()), 200, {
        'cache-control': 'no-cache',
      });
    app.get('/', page);
    app.get('/index.html', page);
    app.use('/assets/*', async (c, next) => {
      await next();
      if (c.res.status === 200)
        c.res.headers.set('cache-control', 'public, max-age=31536000, immutable');
    });
    app.use('/*', serveStatic({ root: staticDir }));
    // A missing asset is a 404, not the app's HTML cached for a year under a script's name.
    app.get('/assets/*', (c) => c.text('Not found', 404));
    // Dashboard routes (/tasks/…, /provisioners/…) all load the SPA.
    app.get('*', page);
  } else {
    app.get('/', (c) =>
      c.text(
        'The dashboard is not built: run `npm run build` (or `npm start`, which builds it).',
        200,
      ),
    );
  }
}

export function createDeployment(options: DeploymentOptions): Deployment {
  const db = typeof options.db === 'string' ? openDatabase(options.db) : options.db;
  const clients = new Map(options.clients.map((c) => [c.clientId, c]));
  // The Queue's own client signs the temporary credentials that claims hand to workers.
  const issuer: ClientRecord = {
    clientId: 'static/taskcluster/queue',
    accessToken: randomBytes(32).toString('base64url'),
    scopes: ['*'],
  };
  const hooksClient: ClientRecord = {
    clientId: 'static/taskcluster/hooks',
    accessToken: randomBytes(32).toString('base64url'),
    scopes: HOOKS_CLIENT_SCOPES,
  };
  const auth = createAuthenticator({
    // Permanent clients, then the ones the login issued (they expire).
    lookupClient: (id) => clients.get(id) ?? login.lookupIssuedClient(id),
    roles: roleTable(options.anonymousScopes ?? PUBLIC_ANONYMOUS_SCOPES, options.roles ?? []),
    issuer,
    serviceClients: [hooksClient],
  });
  const ctx: ServiceContext = { db, clock: options.clock ?? systemClock, auth, log: options.log };

  let listeningUrl: string | undefined;
  const oauthClients = () =>
    options.oauthClients ?? (listeningUrl ? [dashboardClient(listeningUrl)] : []);

  const queue = createQueueService(ctx, options);
  const login = createLoginService(ctx, {
    registeredClients: oauthClients,
    lookupUser: (id) => clients.get(id),
  });

  const app = new Hono();
  // Services call each other in-process, signed like any client, through the same API pipeline
  // (without the fault injection of requests from outside).
  const internal = new Hono();
  internal.route('/api/queue/v1', queue.api!);
  const inProcessFetch = (input: string | URL | Request, init?: RequestInit) =>
    Promise.resolve(internal.fetch(new Request(input, init)));
  const hooks = createHooksService(ctx, {
    createTask: (taskId, definition, authorizedScopes) =>
      createQueueClient({
        rootUrl: 'http://localhost',
        credentials: hooksClient,
        authorizedScopes,
        retries: 0,
        fetch: inProcessFetch as typeof fetch,
      }).createTask(taskId, definition as never),
    taskState: (taskId) => queue.store.getTask(taskId)?.state,
  });
  const services: Service[] = [queue, hooks, createAuthService(ctx), login];

  if (options.faults) {
    app.use(
      '*',
      faultInjection(options.faults, {
        log: options.log,
        random: options.faultRandom,
        routes: options.faultRoutes,
        destroyConnection: (c) => (c.env as HttpBindings).incoming.socket.destroy(),
      }),
    );
  }
  app.use('*', pageSecurityHeaders());
  for (const service of services)
    if (service.api) app.route(`/api/${service.name}/v1`, service.api);
  for (const service of services) if (service.root) app.route('/', service.root);
  app.use('/dashboard-config.json', async (c, next) => {
    const config = options.dashboardConfig?.();
    if (config === undefined) return next();
    return c.body(config, 200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-cache',
    });
  });
  const staticDir = resolve(options.staticDir ?? 'dist');
  // What `/dashboard-config.json` answers: the deployment's own, else the file in `staticDir`.
  const configJson = () => {
    const own = options.dashboardConfig?.();
    if (own !== undefined) return own;
    const file = join(staticDir, 'dashboard-config.json');
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  serveDashboard(app, staticDir, configJson);

  let server: ServerType | undefined;
  return {
    app,
    queue,
    hooks,
    login,
    oauthClients,
    listen(port, host) {
      return new Promise((ok, fail) => {
        server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
          const shownHost = host.includes(':') ? `[${host}]` : host;
          listeningUrl = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${info.port}`;
          ok({ server: server!, url: listeningUrl });
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
      for (const service of services) await service.stop?.();
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
