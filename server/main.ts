/**
 * `npm run queue -- [--port N] [--host H] [--db PATH|:memory:] [--no-demo] [--worker] [--clients FILE]
 *   [--roles FILE] [--anonymous-scopes A,B | --private] [--oauth-clients FILE] [--dashboard-config FILE] [--log]
 *   [--faults SPEC [--faults-on api,artifacts,livelog]] [--worker-run-seconds MIN-MAX]
 *   [--expire-every SECONDS]`
 *
 * Starts the local deployment: Queue, Hooks and Auth. `--roles FILE` is a JSON array of
 * `{roleId, scopes}` (Auth's role records) for `assume:` expansion; the demo adds its own. The root client `static/taskcluster/root` has scope `*`; its
 * access token comes from TASKCLUSTER_ROOT_ACCESS_TOKEN or is generated once and kept in the
 * data folder. It is printed once here, for the operator, and nowhere else. Expired tasks and
 * groups are swept hourly, or every `--expire-every` seconds.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ClientRecord } from './common/authenticator';
import { loadRoles } from './auth/roles';
import { DEMO_ROLES } from './demo/actions';
import { readDashboardConfigFile, featuredConfigJson } from './dashboard-config';
import { demoGroups, demoLinkLines, type DemoGroup } from './demo/featured';
import { refreshDemo, seedDemoHooks } from './demo/seed-demo';
import { startDemoWorker } from './demo/worker';
import {
  describeFaultSpec,
  parseFaultRoutes,
  parseFaultSpec,
  type FaultRoute,
  type FaultSpec,
} from './common/faults';
import { createDeployment } from './deployment';
import { anonymousScopesFromFlags } from './common/anonymous-role';
import { loadOAuthClients, servedDashboardOAuth } from './login/clients';

export const DATA_DIR = process.env.QUEUE_DATA_DIR ?? '.data';
export const ROOT_CLIENT_ID = 'static/taskcluster/root';

function persistentSecret(file: string): string {
  const path = join(DATA_DIR, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(DATA_DIR, { recursive: true });
  const secret = randomBytes(33).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function loadClients(file: string | undefined): ClientRecord[] {
  if (!file) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(raw))
    throw new Error(`${file}: expected a JSON array of {clientId, accessToken, scopes}`);
  return raw.map((c: { clientId?: unknown; accessToken?: unknown; scopes?: unknown }, i) => {
    if (
      typeof c.clientId !== 'string' ||
      typeof c.accessToken !== 'string' ||
      !Array.isArray(c.scopes)
    ) {
      throw new Error(
        `${file}: entry ${i} needs clientId, accessToken (strings) and scopes (array)`,
      );
    }
    return { clientId: c.clientId, accessToken: c.accessToken, scopes: c.scopes as string[] };
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string' },
      'no-demo': { type: 'boolean', default: false },
      worker: { type: 'boolean', default: false },
      clients: { type: 'string' },
      roles: { type: 'string' },
      log: { type: 'boolean', default: false },
      'anonymous-scopes': { type: 'string' },
      private: { type: 'boolean', default: false },
      'oauth-clients': { type: 'string' },
      'dashboard-config': { type: 'string' },
      faults: { type: 'string' },
      'faults-on': { type: 'string' },
      'worker-run-seconds': { type: 'string' },
      'expire-every': { type: 'string' },
    },
  });
  // Checked before anything starts: a bad file is an operator's mistake to hear about at once.
  const configFile = values['dashboard-config'];
  const fileConfig = configFile === undefined ? undefined : readDashboardConfigFile(configFile);
  let featured: DemoGroup[] = [];
  // Known once the deployment listens; the configuration is asked per request.
  const served: { url?: string } = {};
  const faults: FaultSpec | undefined =
    values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  const faultsOn = values['faults-on'];
  if (faultsOn !== undefined && !faults) throw new Error('--faults-on needs --faults SPEC');
  const faultRoutes: FaultRoute[] | undefined =
    faultsOn === undefined ? undefined : parseFaultRoutes(faultsOn);
  // How long the demo worker's runs last (it writes their live logs over that time).
  const runSeconds = values['worker-run-seconds'];
  const runRange = runSeconds === undefined ? undefined : /^(\d+)-(\d+)$/.exec(runSeconds);
  if (runSeconds !== undefined && (!runRange || Number(runRange[1]) > Number(runRange[2])))
    throw new Error('--worker-run-seconds: expected MIN-MAX in whole seconds, MIN at most MAX');
  const durationMs: [number, number] | undefined = runRange
    ? [Number(runRange[1]) * 1000, Number(runRange[2]) * 1000]
    : undefined;
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  const dbPath = values.db ?? join(DATA_DIR, 'queue.sqlite');
  const rootToken =
    process.env.TASKCLUSTER_ROOT_ACCESS_TOKEN || persistentSecret('root-access-token');
  const clients: ClientRecord[] = [
    { clientId: ROOT_CLIENT_ID, accessToken: rootToken, scopes: ['*'] },
    ...loadClients(values.clients),
  ];
  const demo = !values['no-demo'];
  const expireEvery =
    values['expire-every'] === undefined ? undefined : Number(values['expire-every']);
  if (expireEvery !== undefined && !(expireEvery > 0))
    throw new Error(
      `--expire-every takes a number of seconds above 0, not ${values['expire-every']}`,
    );
  const deployment = createDeployment({
    expireIntervalMs: expireEvery === undefined ? undefined : expireEvery * 1000,
    db: dbPath,
    clients,
    roles: [...(demo ? DEMO_ROLES : []), ...loadRoles(values.roles)],
    urlSecret: dbPath === ':memory:' ? undefined : persistentSecret('url-secret'),
    oauthClients: values['oauth-clients'] ? loadOAuthClients(values['oauth-clients']) : undefined,
    anonymousScopes: anonymousScopesFromFlags({
      private: values.private,
      anonymousScopes: values['anonymous-scopes'],
    }),
    log: values.log ? (line) => console.log(line) : undefined,
    // The operator's file as written; else the demo's groups and the served dashboard's login.
    dashboardConfig: () => {
      if (fileConfig) return fileConfig;
      const oauth = served.url ? servedDashboardOAuth(deployment.oauthClients(), served.url) : {};
      return featured.length > 0 || Object.keys(oauth).length > 0
        ? featuredConfigJson(featured, oauth)
        : undefined;
    },
    faults,
    faultRoutes,
  });
  const { url } = await deployment.listen(port, values.host);
  served.url = url;
  const store = deployment.queue.store;
  const demoIds = demo ? refreshDemo(store).ids : undefined;
  if (demoIds) featured = demoGroups(store, demoIds);
  if (demo) seedDemoHooks(deployment.hooks.store);
  // A long-running service keeps its demo's deadlines in the future.
  const redate = demo
    ? setInterval(() => {
        if (refreshDemo(store).action === 'redated')
          console.log('Demo re-dated: its tasks were older than a day.');
      }, 10 * 60_000).unref()
    : undefined;
  let worker: { stop(): void } | undefined;
  if (demo || values.worker) {
    worker = startDemoWorker({
      rootUrl: url,
      credentials: { clientId: ROOT_CLIENT_ID, accessToken: rootToken },
      liveLogs: deployment.queue.liveLogs,
      produceInto: demoIds?.liveGroup,
      durationMs,
    });
  }
  if (faults) {
    const rule = '!'.repeat(72);
    console.warn(
      [
        rule,
        `!! FAULT INJECTION IS ON: ${describeFaultSpec(faults)}`,
        `!! ${faultRoutes ? `Only these routes (--faults-on): ${faultRoutes.join(', ')}. They` : 'The API, artifact and live-log routes'} fail, reset, slow down and stall on purpose.`,
        `!! ${values.log ? 'Every injected fault is logged below.' : 'Add --log to see every injected fault.'}`,
        rule,
      ].join('\n'),
    );
  }
  console.log(`Local Taskcluster Queue listening on ${url}`);
  console.log(`  dashboard:  ${url}/`);
  console.log(`  APIs:       ${url}/api/{queue,hooks,auth}/v1/`);
  console.log(`  database:   ${dbPath}${demo ? ' (with demo data and the demo worker)' : ''}`);
  console.log(
    `  login:      ${url}/login/oauth/authorize (OAuth clients: ${deployment
      .oauthClients()
      .map((c) => c.clientId)
      .join(', ')})`,
  );
  console.log(`  root credentials (sign in with these; keep them private):`);
  console.log(`    Client ID:    ${ROOT_CLIENT_ID}`);
  console.log(`    Access token: ${rootToken}`);
  if (featured.length > 0) {
    const where = fileConfig ? '' : " (also featured on the dashboard's home page)";
    console.log(`  demo task groups${where}:`);
    for (const line of demoLinkLines(url, featured)) console.log(line);
  }
  console.log('Press Ctrl+C to stop.');
  // Long-polling claimWork and keep-alive connections would hold a graceful close open for a
  // long time: stop the worker, close what closes in 2 s, then exit regardless.
  const stop = () => {
    clearInterval(redate);
    worker?.stop();
    setTimeout(() => process.exit(0), 2_000).unref();
    void deployment.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
