/**
 * The e2e suite as shards run side by side, for `npm test`. Most of a journey's time is spent
 * waiting (for the service, a worker, a timer), so two shards on two cores finish well before
 * one run of the whole suite. Each shard is a whole Playwright run of its own: its own local
 * service on its own port (fresh in-memory database), its own browser, report and output folder,
 * so that no journey sees another's data. Their JSON reports are merged into the one the CI
 * summary reads.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { PlaywrightReport } from './ci-summary';

export interface ShardReport {
  shard: number;
  exitCode: number;
  report?: PlaywrightReport;
}

/** Pure: one report for the shards; a shard that left no report counts as an error. */
export function mergeShardReports(shards: ShardReport[], total: number): PlaywrightReport {
  const merged: PlaywrightReport = {
    suites: [],
    errors: [],
    stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0 },
  };
  for (const { shard, exitCode, report } of shards) {
    if (!report) {
      merged.errors!.push({
        message: `e2e shard ${shard}/${total} left no report (exit code ${exitCode})`,
      });
      continue;
    }
    merged.suites!.push(...(report.suites ?? []));
    merged.errors!.push(...(report.errors ?? []));
    for (const key of ['expected', 'unexpected', 'flaky', 'skipped'] as const)
      merged.stats[key] += report.stats[key];
  }
  return merged;
}

function runShard(shard: number, total: number, basePort: number): Promise<ShardReport> {
  const file = `reports/playwright-${shard}.json`;
  // An earlier run's report must not stand in for this one.
  rmSync(file, { force: true });
  const child = spawn('npx', ['playwright', 'test', `--shard=${shard}/${total}`], {
    env: {
      ...process.env,
      E2E_PORT: String(basePort + shard - 1),
      E2E_JSON_REPORT: file,
      E2E_OUTPUT_DIR: `test-results/shard-${shard}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Lines, not chunks, so that the shards' outputs interleave readably.
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let rest = '';
    stream.on('data', (d: Buffer) => {
      const lines = (rest + d.toString()).split('\n');
      rest = lines.pop()!;
      for (const line of lines) out.write(`[e2e ${shard}/${total}] ${line}\n`);
    });
    stream.on('end', () => rest && out.write(`[e2e ${shard}/${total}] ${rest}\n`));
  };
  prefix(child.stdout!, process.stdout);
  prefix(child.stderr!, process.stderr);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const report = existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as PlaywrightReport)
        : undefined;
      resolve({ shard, exitCode: code ?? 1, report });
    });
  });
}

/** Runs `total` shards at once on ports `basePort`…; writes the merged report to `output`. */
export async function runE2eShards(
  total: number,
  basePort: number,
  output: string,
): Promise<number> {
  const shards = await Promise.all(
    Array.from({ length: total }, (_, i) => runShard(i + 1, total, basePort)),
  );
  writeFileSync(output, JSON.stringify(mergeShardReports(shards, total), null, 2));
  return shards.every((s) => s.exitCode === 0) ? 0 : 1;
}
