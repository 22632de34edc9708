/**
 * The last line of CI: `N passed, N failed`, from the reports `npm test` leaves behind.
 *
 * Passed counts tests. Failed counts failed tests, and also what ran no tests at all, each once
 * and by name: a test file that failed to load, a skipped test, a Playwright error outside any
 * test (a spec that did not load, the web server), a runner that failed outside its tests
 * (typecheck, lint, build, the browser lookup) or that never ran, and a failed CI step.
 *
 * Usage: `tsx scripts/ci-summary.ts <exit status of npm test> [reports folder]`; exits 1 unless
 * all is green.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPORTS, type StepRecord } from './test-steps';

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string }[];
  }[];
}

interface PlaywrightSpec {
  title: string;
  file: string;
  tests: { status: 'expected' | 'unexpected' | 'flaky' | 'skipped' }[];
}
interface PlaywrightSuite {
  specs?: PlaywrightSpec[];
  suites?: PlaywrightSuite[];
}
export interface PlaywrightReport {
  suites?: PlaywrightSuite[];
  errors?: { message?: string }[];
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

export interface CiReports {
  /** Exit status of `npm test` (the shell's `$?`). */
  status: number;
  steps?: { steps: StepRecord[] };
  /** From .ci/run: `passed`, `failed`, or `unavailable` (its remote service was unreachable). */
  ciSteps?: { name: string; status: string }[];
  vitest?: VitestReport;
  playwright?: PlaywrightReport;
  /** Test file paths are shown relative to this. */
  root?: string;
}

export interface CiSummary {
  passed: number;
  failed: number;
  /** One entry per failure, named. */
  failures: string[];
  /** Per-runner lines printed above the summary. */
  details: string[];
  line: string;
  ok: boolean;
}

const firstLine = (text: string | undefined) =>
  (text ?? '')
    .split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 200) ?? '';

function vitestCounts(report: VitestReport, root: string) {
  const failures: string[] = [];
  let skipped = 0;
  for (const file of report.testResults) {
    const name = relative(root, file.name) || file.name;
    const failedTests = file.assertionResults.filter((a) => a.status === 'failed');
    for (const test of failedTests) failures.push(`${name} › ${test.fullName}`);
    for (const test of file.assertionResults)
      if (test.status === 'skipped' || test.status === 'pending' || test.status === 'todo') {
        skipped++;
        failures.push(`skipped: ${name} › ${test.fullName}`);
      }
    // A file that failed without a failing test did not load, or failed in a hook.
    if (file.status === 'failed' && failedTests.length === 0) {
      const why = firstLine(file.message);
      failures.push(`${name} did not load${why ? ` (${why})` : ''}`);
    }
  }
  return { passed: report.numPassedTests, failures, skipped };
}

function playwrightCounts(report: PlaywrightReport) {
  const failures: string[] = [];
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests) {
        if (test.status === 'unexpected') failures.push(`${spec.file} › ${spec.title}`);
        if (test.status === 'skipped') failures.push(`skipped: ${spec.file} › ${spec.title}`);
      }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  for (const error of report.errors ?? [])
    failures.push(`playwright error: ${firstLine(error.message) || 'unknown'}`);
  // The stats are authoritative for counts the suites may not list (e.g. tests never reached).
  const listed = failures.filter((f) => !f.startsWith('playwright error')).length;
  const counted = report.stats.unexpected + report.stats.skipped;
  for (let i = listed; i < counted; i++) failures.push('playwright: an unnamed test failed');
  return { passed: report.stats.expected + report.stats.flaky, failures };
}

/** Pure: the summary of a set of reports. */
export function summarize(reports: CiReports): CiSummary {
  const root = reports.root ?? process.cwd();
  let passed = 0;
  const failures: string[] = [];
  const details: string[] = [];

  for (const step of reports.ciSteps ?? []) {
    // `unavailable`: the step's remote service could not be reached (npm audit where the
    // registry has no audit endpoint); reported, not counted as a failure.
    if (step.status === 'unavailable')
      details.push(`CI step ${step.name}: not checked, its service was unreachable`);
    else if (step.status !== 'passed') failures.push(`CI step ${step.name} failed`);
  }

  const steps = reports.steps?.steps;
  if (!steps) failures.push('npm test left no record of its steps (reports/steps.json)');
  for (const step of steps ?? []) {
    const report = step.report ? reports[step.report] : undefined;
    let stepFailures: string[] = [];
    let stepPassed = 0;
    if (step.report && report && (step.status === 'passed' || step.status === 'failed')) {
      const counts =
        step.report === 'vitest'
          ? vitestCounts(report as VitestReport, root)
          : playwrightCounts(report as PlaywrightReport);
      stepPassed = counts.passed;
      stepFailures = counts.failures;
    } else if (step.report && (step.status === 'passed' || step.status === 'failed')) {
      stepFailures = [`${step.name} wrote no report`];
    }
    if (step.status === 'not run') stepFailures = [`${step.name} did not run`];
    if (step.status === 'running') stepFailures = [`${step.name} did not finish`];
    // A runner that failed yet names no failure failed outside its tests.
    if (step.status === 'failed' && stepFailures.length === 0)
      stepFailures = [
        `${step.name} failed${step.detail ? `: ${firstLine(step.detail)}` : ` (exit code ${step.exitCode ?? '?'})`}`,
      ];
    passed += stepPassed;
    failures.push(...stepFailures);
    details.push(
      step.report && (step.status === 'passed' || step.status === 'failed')
        ? `${step.name}: ${stepPassed} passed, ${stepFailures.length} failed`
        : `${step.name}: ${step.status}`,
    );
  }

  if (reports.status !== 0 && failures.length === 0)
    failures.push(`npm test exited with ${reports.status} and named no failure`);
  if (failures.length === 0 && passed === 0) failures.push('no tests ran');

  const failed = failures.length;
  const shown = failures.slice(0, 8);
  const more = failed > shown.length ? `; and ${failed - shown.length} more` : '';
  const line =
    failed === 0
      ? `${passed} passed, 0 failed`
      : `${passed} passed, ${failed} failed: ${shown.join('; ')}${more}`;
  return { passed, failed, failures, details, line, ok: failed === 0 };
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function readJsonLines<T>(file: string): T[] | undefined {
  if (!existsSync(file)) return undefined;
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

function cli(): number {
  try {
    const dir = process.argv[3];
    const at = (file: string) => (dir ? join(dir, basename(file)) : file);
    const summary = summarize({
      status: Number(process.argv[2] ?? 0),
      steps: readJson(at(REPORTS.steps)),
      ciSteps: readJsonLines(at(REPORTS.ciSteps)),
      vitest: readJson(at(REPORTS.vitest)),
      playwright: readJson(at(REPORTS.playwright)),
    });
    for (const line of summary.details) console.log(line);
    if (summary.failures.length > 8) for (const f of summary.failures) console.log(`failed: ${f}`);
    console.log(summary.line);
    return summary.ok ? 0 : 1;
  } catch (error) {
    // The last line is always a summary, even when the reports are unreadable.
    console.log(
      `0 passed, 1 failed: the summary could not read the reports (${firstLine(String(error))})`,
    );
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit(cli());
}
