import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Builds the dashboard into dist/ when the build is missing or older than its sources. */
export function buildIfStale(): void {
  const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
  const sources = Math.max(
    ...['src', 'public', 'index.html', 'vite.config.ts', 'package.json', 'package-lock.json'].map(
      newestMtime,
    ),
  );
  if (built >= sources) return;
  console.log('Building the dashboard…');
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// `tsx scripts/build-if-stale.ts`: the e2e web server builds only what `npm test` has not.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) buildIfStale();
