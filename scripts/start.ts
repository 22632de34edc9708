/**
 * `npm start`: builds the dashboard when the build is missing or older than its sources, then
 * starts the local Queue service with demo data and the demo worker, which serves it at `/`.
 * Extra arguments go to the service (`npm start -- --port 9000`).
 */
import { spawn } from 'node:child_process';
import { buildIfStale } from './build-if-stale';

buildIfStale();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', 'server/main.ts', ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
