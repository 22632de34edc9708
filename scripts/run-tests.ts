/**
 * `npm test`: every check in order, stopping at the first failure. It records each step in
 * reports/steps.json (those after a failure as "not run") for the CI summary line.
 *
 * The e2e suite runs as two shards at once, each against its own service (scripts/e2e-shards.ts).
 *
 * The browser comes first: without Chromium the browser tests cannot run, so it stops before any
 * test with one line of advice. Later steps inherit the browser it found.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { ChromiumNotFoundError, locateChromium } from '../e2e/support/chromium';
import { runE2eShards } from './e2e-shards';
import { REPORTS, writeSteps, type StepRecord } from './test-steps';

interface Step {
  name: string;
  report?: StepRecord['report'];
  /** Resolves with a process exit code. */
  run(): Promise<number> | number;
}

function npm(...args: string[]): () => number {
  return () => spawnSync('npm', args, { stdio: 'inherit' }).status ?? 1;
}

let browserFailure: string | undefined;

const STEPS: Step[] = [
  {
    name: 'browser',
    async run() {
      try {
        const found = await locateChromium();
        console.log(`Chromium: ${found.executablePath ?? "Playwright's own"} (${found.source})`);
        return 0;
      } catch (error) {
        if (!(error instanceof ChromiumNotFoundError)) throw error;
        browserFailure = error.message;
        console.error(error.message);
        return 1;
      }
    },
  },
  { name: 'typecheck', run: npm('run', 'typecheck') },
  { name: 'lint', run: npm('run', 'lint') },
  { name: 'vitest', report: 'vitest', run: npm('run', 'test:unit') },
  { name: 'build', run: npm('run', 'build', '--', '--logLevel', 'warn') },
  {
    name: 'playwright',
    report: 'playwright',
    // Two shards side by side (e2e-shards.ts); E2E_SHARDS=1 runs the suite as one.
    run: () => {
      const shards = Number(process.env.E2E_SHARDS ?? 2);
      return shards > 1
        ? runE2eShards(shards, Number(process.env.E2E_PORT ?? 4311), REPORTS.playwright)
        : npm('run', 'test:e2e')();
    },
  },
];

async function main(): Promise<number> {
  // Reports of an earlier run must not stand in for this one.
  for (const file of [REPORTS.steps, REPORTS.vitest, REPORTS.playwright])
    rmSync(file, { force: true });
  const records: StepRecord[] = STEPS.map(({ name, report }) => ({
    name,
    report,
    status: 'not run',
  }));
  writeSteps(records);
  let exitCode = 0;
  for (const [i, step] of STEPS.entries()) {
    const record = records[i]!;
    if (exitCode !== 0) break;
    console.log(`\n== ${step.name}`);
    record.status = 'running';
    writeSteps(records);
    const started = performance.now();
    const code = await step.run();
    record.ms = Math.round(performance.now() - started);
    record.exitCode = code;
    record.status = code === 0 ? 'passed' : 'failed';
    if (step.name === 'browser' && browserFailure) record.detail = browserFailure;
    writeSteps(records);
    exitCode = code;
  }
  console.log(
    `\n${records.map((r) => `${r.name} ${r.status}${r.ms === undefined ? '' : ` (${(r.ms / 1000).toFixed(1)} s)`}`).join(', ')}`,
  );
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
