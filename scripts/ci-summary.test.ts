import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarize, type CiReports } from './ci-summary';
import type { StepRecord } from './test-steps';

type PlaywrightStatus = 'expected' | 'unexpected' | 'flaky' | 'skipped';

const ROOT = '/repo';
const NAMES = ['browser', 'typecheck', 'lint', 'vitest', 'build', 'playwright'] as const;

/** Steps as `npm test` records them: the given statuses, "passed" for the rest. */
function steps(statuses: Partial<Record<(typeof NAMES)[number], StepRecord['status']>> = {}) {
  return {
    steps: NAMES.map((name): StepRecord => {
      const status = statuses[name] ?? 'passed';
      return {
        name,
        status,
        ...(name === 'vitest' || name === 'playwright' ? { report: name } : {}),
        ...(status === 'failed' ? { exitCode: 1 } : status === 'passed' ? { exitCode: 0 } : {}),
      };
    }),
  };
}

const passedTest = (fullName: string) => ({ fullName, status: 'passed' });

const VITEST_GREEN = {
  numPassedTests: 3,
  numFailedTests: 0,
  testResults: [
    {
      name: `${ROOT}/src/api/client.test.ts`,
      status: 'passed',
      message: '',
      assertionResults: [passedTest('client a'), passedTest('client b')],
    },
    {
      name: `${ROOT}/server/queue/replay.test.ts`,
      status: 'passed',
      message: '',
      assertionResults: [passedTest('replay')],
    },
  ],
};

const VITEST_LOAD_ERROR = {
  numPassedTests: 2,
  numFailedTests: 0,
  testResults: [
    VITEST_GREEN.testResults[0]!,
    {
      name: `${ROOT}/server/queue/replay.test.ts`,
      status: 'failed',
      message:
        "ENOENT: no such file or directory, open '/elsewhere/captures.json'\n    at readFileSync",
      assertionResults: [],
    },
  ],
};

const PLAYWRIGHT_GREEN = {
  suites: [
    {
      specs: [
        {
          title: 'smoke',
          file: 'smoke.spec.ts',
          tests: [{ status: 'expected' as PlaywrightStatus }],
        },
      ],
    },
    {
      suites: [
        {
          specs: [
            {
              title: 'demo',
              file: 'demo.spec.ts',
              tests: [{ status: 'expected' as PlaywrightStatus }],
            },
          ],
        },
      ],
    },
  ],
  errors: [],
  stats: { expected: 2, unexpected: 0, flaky: 0, skipped: 0 },
};

const run = (reports: Omit<CiReports, 'root'>) => summarize({ root: ROOT, ...reports });

describe('ci summary on crafted reports', () => {
  it('all green: counts every test and names nothing', () => {
    const s = run({
      status: 0,
      steps: steps(),
      vitest: VITEST_GREEN,
      playwright: PLAYWRIGHT_GREEN,
      ciSteps: [
        { name: 'chromium', status: 'passed' },
        { name: 'npm-ci', status: 'passed' },
      ],
    });
    expect(s.line).toBe('5 passed, 0 failed');
    expect(s.ok).toBe(true);
    expect(s.details).toContain('vitest: 3 passed, 0 failed');
    expect(s.details).toContain('playwright: 2 passed, 0 failed');
  });

  it('a test file that failed to load counts, by name, and so does Playwright that never ran', () => {
    // The run the issue describes: "85 passed, 0 failed" while npm test exited 1.
    const s = run({
      status: 1,
      steps: steps({ vitest: 'failed', build: 'not run', playwright: 'not run' }),
      vitest: VITEST_LOAD_ERROR,
    });
    expect(s.failures).toEqual([
      "server/queue/replay.test.ts did not load (ENOENT: no such file or directory, open '/elsewhere/captures.json')",
      'build did not run',
      'playwright did not run',
    ]);
    expect(s.line).toBe(
      "2 passed, 3 failed: server/queue/replay.test.ts did not load (ENOENT: no such file or directory, open '/elsewhere/captures.json'); build did not run; playwright did not run",
    );
    expect(s.ok).toBe(false);
  });

  it('a runner that failed outside its tests skips the rest, and each counts', () => {
    const s = run({
      status: 2,
      steps: steps({
        typecheck: 'failed',
        lint: 'not run',
        vitest: 'not run',
        build: 'not run',
        playwright: 'not run',
      }),
    });
    expect(s.passed).toBe(0);
    expect(s.failures).toEqual([
      'typecheck failed (exit code 1)',
      'lint did not run',
      'vitest did not run',
      'build did not run',
      'playwright did not run',
    ]);
    expect(s.line.startsWith('0 passed, 5 failed: typecheck failed')).toBe(true);
  });

  it('a missing browser names its advice', () => {
    const records = steps({
      browser: 'failed',
      typecheck: 'not run',
      lint: 'not run',
      vitest: 'not run',
      build: 'not run',
      playwright: 'not run',
    });
    records.steps[0]!.detail = 'No Chromium for the tests: … Fix: sudo apt-get install chromium';
    const s = run({ status: 1, steps: records });
    expect(s.failures[0]).toBe(
      'browser failed: No Chromium for the tests: … Fix: sudo apt-get install chromium',
    );
    expect(s.failed).toBe(6);
  });

  it('failed and skipped tests and Playwright errors outside tests are named', () => {
    const vitest = structuredClone(VITEST_GREEN);
    vitest.numPassedTests = 1;
    vitest.numFailedTests = 1;
    vitest.testResults[0]!.status = 'failed';
    vitest.testResults[0]!.assertionResults = [
      { fullName: 'client a', status: 'failed' },
      { fullName: 'client b', status: 'skipped' },
    ];
    const playwright = structuredClone(PLAYWRIGHT_GREEN);
    playwright.suites[0]!.specs![0]!.tests[0]!.status = 'unexpected';
    playwright.stats = { expected: 1, unexpected: 1, flaky: 0, skipped: 0 };
    playwright.errors = [
      { message: 'Error: broken.spec.ts: Cannot find module x\n  at …' },
    ] as never;
    const s = run({
      status: 1,
      steps: steps({ vitest: 'failed', build: 'not run', playwright: 'not run' }),
      vitest,
    });
    expect(s.failures).toEqual([
      'src/api/client.test.ts › client a',
      'skipped: src/api/client.test.ts › client b',
      'build did not run',
      'playwright did not run',
    ]);
    const p = run({
      status: 1,
      steps: steps({ playwright: 'failed' }),
      vitest: VITEST_GREEN,
      playwright,
    });
    expect(p.failures).toEqual([
      'smoke.spec.ts › smoke',
      'playwright error: Error: broken.spec.ts: Cannot find module x',
    ]);
    expect(p.line.startsWith('4 passed, 2 failed:')).toBe(true);
  });

  it('a runner that ran without leaving a report, or failed without naming a test, counts', () => {
    const s = run({ status: 1, steps: steps({ playwright: 'failed' }), vitest: VITEST_GREEN });
    expect(s.failures).toEqual(['playwright wrote no report']);
    const t = run({
      status: 1,
      steps: steps({ vitest: 'failed', build: 'not run', playwright: 'not run' }),
      vitest: VITEST_GREEN,
    });
    expect(t.failures[0]).toBe('vitest failed (exit code 1)');
  });

  it('no step record, a killed runner, a failed CI step or a silent exit code all count', () => {
    expect(run({ status: 1 }).failures).toEqual([
      'npm test left no record of its steps (reports/steps.json)',
    ]);
    const killed = run({
      status: 137,
      steps: steps({ vitest: 'running', build: 'not run', playwright: 'not run' }),
    });
    expect(killed.failures[0]).toBe('vitest did not finish');
    const audit = run({
      status: 0,
      steps: steps(),
      vitest: VITEST_GREEN,
      playwright: PLAYWRIGHT_GREEN,
      ciSteps: [{ name: 'audit', status: 'failed' }],
    });
    expect(audit.line).toBe('5 passed, 1 failed: CI step audit failed');
    // An unreachable audit service is reported, and is neither a pass nor a failure.
    const unreachable = run({
      status: 0,
      steps: steps(),
      vitest: VITEST_GREEN,
      playwright: PLAYWRIGHT_GREEN,
      ciSteps: [{ name: 'npm-audit', status: 'unavailable' }],
    });
    expect(unreachable.line).toBe('5 passed, 0 failed');
    expect(unreachable.ok).toBe(true);
    expect(unreachable.details).toContain(
      'CI step npm-audit: not checked, its service was unreachable',
    );
    const silent = run({
      status: 3,
      steps: steps(),
      vitest: VITEST_GREEN,
      playwright: PLAYWRIGHT_GREEN,
    });
    expect(silent.failures).toEqual(['npm test exited with 3 and named no failure']);
  });

  it('lists at most eight failures on the line and says how many more', () => {
    const vitest = structuredClone(VITEST_GREEN);
    vitest.testResults[0]!.status = 'failed';
    vitest.testResults[0]!.assertionResults = Array.from({ length: 10 }, (_, i) => ({
      fullName: `t${i}`,
      status: 'failed',
    }));
    const s = run({
      status: 1,
      steps: steps({ vitest: 'failed', build: 'not run', playwright: 'not run' }),
      vitest,
    });
    expect(s.failed).toBe(12);
    expect(s.line.endsWith('; and 4 more')).toBe(true);
  });
});

describe('ci summary command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ci-summary-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (status: number) => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/ci-summary.ts', String(status), dir],
      { encoding: 'utf8' },
    );
    return { code: result.status, last: result.stdout.trim().split('\n').at(-1) };
  };

  it('prints the summary last and exits 0 only when all is green', () => {
    writeFileSync(join(dir, 'steps.json'), JSON.stringify(steps()));
    writeFileSync(join(dir, 'vitest.json'), JSON.stringify(VITEST_GREEN));
    writeFileSync(join(dir, 'playwright.json'), JSON.stringify(PLAYWRIGHT_GREEN));
    expect(cli(0)).toEqual({ code: 0, last: '5 passed, 0 failed' });

    writeFileSync(
      join(dir, 'steps.json'),
      JSON.stringify(steps({ vitest: 'failed', build: 'not run', playwright: 'not run' })),
    );
    writeFileSync(join(dir, 'vitest.json'), JSON.stringify(VITEST_LOAD_ERROR));
    const failed = cli(1);
    expect(failed.code).toBe(1);
    expect(failed.last).toMatch(/^\d+ passed, 3 failed: .*replay\.test\.ts did not load/);
  });

  it('still ends with a summary line when a report is unreadable', () => {
    writeFileSync(join(dir, 'ci-steps.jsonl'), '{not json\n');
    const result = cli(0);
    expect(result.code).toBe(1);
    expect(result.last).toMatch(/^0 passed, 1 failed: the summary could not read the reports/);
  });
});
