/**
 * `npm run bench:service [-- --seconds N] [--status-tasks N] [--pollers N] [--storm-tasks N]
 *   [--drain-tasks N] [--workers N] [--writers N] [--write-seconds N] [--only status]
 *   [--profile DIR]`
 *
 * The local Queue service under load and killed, each check against the service in its own
 * process on a file database:
 * - `status` req/s at c=10 and c=100 with p50/p99: Hawk-signed, spread over distinct taskIds,
 *   nothing cached (the generator is in status-load.ts, which says why it speaks raw HTTP/1.1).
 *   Both processes share the machine, so each run also prints the CPU time per request of the
 *   service and of the generator: on a busy machine req/s falls, CPU per request much less;
 * - 200 claimWork long-polls with 150 tasks created while they wait: all answered within 21 s,
 *   none failed, each task claimed exactly once;
 * - 2,000 tasks claimed and resolved by 20 workers: no duplicate claims, none lost;
 * - a write-heavy run (createTask + artifacts, 20 clients, 60 s) killed with `kill -9` midway,
 *   restarted: every acknowledged write present and consistent.
 * Prints the figures, writes JSON to bench-results/, and exits non-zero when a target is missed.
 * `--only status` runs the status load alone; `--profile DIR` writes a CPU profile of the
 * service (node --cpu-prof) there when it stops.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createQueueClient } from '../src/api';
import { freePort } from '../e2e/support/service';
import { spawnQueueService } from '../server/common/spawn';
import {
  claimStorm,
  createTasks,
  drainQueue,
  verifyAcked,
  writeUntilKilled,
} from './service-checks';
import { processCpuMs, statusLoad } from './status-load';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    'status-tasks': { type: 'string', default: '2000' },
    pollers: { type: 'string', default: '200' },
    'storm-tasks': { type: 'string', default: '150' },
    'drain-tasks': { type: 'string', default: '2000' },
    workers: { type: 'string', default: '20' },
    writers: { type: 'string', default: '20' },
    'write-seconds': { type: 'string', default: '60' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const n = (key: keyof typeof args) => Number(args[key]);

const TARGET_STATUS_RPS = 3000;
const STORM_LIMIT_MS = 21_000;
const credentials = {
  clientId: 'static/taskcluster/root',
  accessToken: `bench-${Math.random().toString(36).slice(2)}`,
};

const dir = mkdtempSync(join(tmpdir(), 'bench-service-'));
const children: ChildProcess[] = [];
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

if (args.only !== undefined && args.only !== 'status')
  throw new Error(`--only: unknown part ${args.only} (known: status)`);

async function start(db: string, port: number): Promise<ChildProcess> {
  const child = await spawnQueueService({
    db: join(dir, db),
    port,
    rootAccessToken: credentials.accessToken,
    nodeArgs: args.profile ? ['--cpu-prof', '--cpu-prof-dir', args.profile] : undefined,
  });
  children.push(child);
  return child;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const fmt = (x: number, digits = 1) => x.toFixed(digits);
const misses: string[] = [];
const results: Record<string, unknown> = { loadBefore: load() };

console.log(`load average before: ${load()}`);
let serviceUrl: string | undefined;
let loadService: ChildProcess | undefined;

{
  const port = await freePort();
  const service = await start('load.sqlite', port);
  const rootUrl = `http://127.0.0.1:${port}`;
  serviceUrl = rootUrl;
  loadService = service;
  const root = createQueueClient({ rootUrl, credentials, retries: 3 });

  const ids = await createTasks(root, 'bench-prov/status', n('status-tasks'), 20);
  const status = [];
  for (const c of [10, 100]) {
    const cpuBefore = processCpuMs(service.pid!);
    const r = await statusLoad(rootUrl, credentials, ids, c, n('seconds'));
    const cpuAfter = processCpuMs(service.pid!);
    const serviceCpuMsPerRequest =
      cpuBefore === undefined || cpuAfter === undefined
        ? undefined
        : (cpuAfter - cpuBefore) / Math.max(1, r.requests);
    status.push({ ...r, serviceCpuMsPerRequest });
    console.log(
      `status c=${c}: ${fmt(r.perSecond, 0)} req/s (${r.requests} in ${fmt(r.seconds)} s, ${r.errors} errors), p50 ${fmt(r.p50Ms, 2)} ms, p99 ${fmt(r.p99Ms, 2)} ms, over ${ids.length} taskIds; CPU per request: service ${serviceCpuMsPerRequest === undefined ? '—' : fmt(serviceCpuMsPerRequest, 3)} ms, generator ${fmt(r.clientCpuMsPerRequest, 3)} ms`,
    );
    if (r.errors) misses.push(`status c=${c}: ${r.errors} errors (${r.errorSamples.join('; ')})`);
  }
  if (status[0]!.perSecond < TARGET_STATUS_RPS)
    misses.push(`status c=10: ${fmt(status[0]!.perSecond, 0)} req/s < ${TARGET_STATUS_RPS}`);
  results.status = status;
  if (args.only === 'status') {
    // A graceful stop, so that --profile's CPU profile is written.
    const exited = new Promise((r) => service.once('exit', r));
    service.kill('SIGTERM');
    await exited;
  }
}

if (args.only === undefined) {
  const rootUrl = serviceUrl!;
  const storm = await claimStorm(rootUrl, credentials, n('pollers'), n('storm-tasks'));
  console.log(
    `claimWork: ${storm.pollers} long-polls, ${storm.tasks} tasks created while they wait: ${storm.answered} answered, slowest ${fmt(storm.maxAnswerMs / 1000, 2)} s, ${storm.failures.length} failed, ${storm.duplicates.length} claimed twice, ${storm.unclaimed.length} unclaimed`,
  );
  if (storm.answered !== storm.pollers || storm.failures.length)
    misses.push(`claimWork: ${storm.failures.length} failed (${storm.failures[0] ?? ''})`);
  if (storm.maxAnswerMs > STORM_LIMIT_MS) misses.push(`claimWork: an answer took > 21 s`);
  if (storm.duplicates.length || storm.unclaimed.length)
    misses.push(`claimWork: ${storm.duplicates.length} twice, ${storm.unclaimed.length} unclaimed`);
  results.claimWork = { ...storm, failures: storm.failures.slice(0, 20) };

  const drain = await drainQueue(rootUrl, credentials, n('drain-tasks'), n('workers'));
  console.log(
    `claim and resolve: ${drain.tasks} tasks by ${drain.workers} workers in ${fmt(drain.seconds)} s (${fmt(drain.perSecond, 0)} tasks/s): ${drain.duplicates.length} duplicate claims, ${drain.lost.length} lost, ${drain.failures.length} failed calls`,
  );
  if (drain.duplicates.length || drain.lost.length || drain.failures.length)
    misses.push(
      `claim and resolve: ${drain.duplicates.length} duplicates, ${drain.lost.length} lost, ${drain.failures.length} failures (${drain.failures[0] ?? ''})`,
    );
  results.drain = { ...drain, failures: drain.failures.slice(0, 20) };
  const exited = new Promise((r) => loadService!.once('exit', r));
  loadService!.kill('SIGTERM');
  await exited;
}

if (args.only === undefined) {
  const port = await freePort();
  const first = await start('write.sqlite', port);
  const rootUrl = `http://127.0.0.1:${port}`;
  const half = (n('write-seconds') * 1000) / 2;
  const run = await writeUntilKilled({
    rootUrl,
    credentials,
    clients: n('writers'),
    killWhen: (_, elapsed) => elapsed >= half,
    kill: () => first.kill('SIGKILL'),
  });
  await start('write.sqlite', port);
  const check = await verifyAcked(rootUrl, credentials, run.acked);
  console.log(
    `kill -9 at ${fmt(run.killedAfterMs / 1000)} s of a ${n('write-seconds')} s write run (${n('writers')} clients): ${run.writes} acknowledged writes, ${check.tasks} tasks and ${check.artifacts} artifacts checked after restart: ${check.missing.length} missing, ${check.inconsistent.length} inconsistent, ${run.failures.length} failures before the kill`,
  );
  if (check.missing.length || check.inconsistent.length || run.failures.length)
    misses.push(
      `kill -9: ${check.missing.length} missing, ${check.inconsistent.length} inconsistent, ${run.failures.length} failures (${[...check.missing, ...check.inconsistent, ...run.failures][0] ?? ''})`,
    );
  results.kill = {
    writes: run.writes,
    killedAfterMs: run.killedAfterMs,
    ...check,
    missing: check.missing.slice(0, 20),
    inconsistent: check.inconsistent.slice(0, 20),
  };
}

results.loadAfter = load();
console.log(`load average after: ${load()}`);
mkdirSync('bench-results', { recursive: true });
const file = join(
  'bench-results',
  `service-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
);
writeFileSync(file, JSON.stringify({ ...results, misses }, null, 2));
console.log(`results: ${file}`);
if (misses.length) {
  console.log(`MISSED:\n  ${misses.join('\n  ')}`);
  process.exit(1);
}
console.log('every target met');
process.exit(0);
