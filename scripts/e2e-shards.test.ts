import { describe, expect, it } from 'vitest';
import { summarize, type PlaywrightReport } from './ci-summary';
import { mergeShardReports } from './e2e-shards';

const report = (file: string, statuses: ('expected' | 'unexpected')[]): PlaywrightReport => ({
  suites: [
    {
      specs: statuses.map((status, i) => ({
        file,
        title: `test ${i}`,
        tests: [{ status }],
      })),
    },
  ],
  errors: [],
  stats: {
    expected: statuses.filter((s) => s === 'expected').length,
    unexpected: statuses.filter((s) => s === 'unexpected').length,
    flaky: 0,
    skipped: 0,
  },
});

// The playwright step failed (a shard exited non-zero); the summary must say which test.
const steps = {
  steps: [
    { name: 'typecheck', status: 'passed' as const },
    { name: 'playwright', report: 'playwright' as const, status: 'failed' as const, exitCode: 1 },
  ],
};

describe('e2e shards', () => {
  it('adds up the shards, and the summary names a failure from either', () => {
    const merged = mergeShardReports(
      [
        { shard: 1, exitCode: 0, report: report('a.spec.ts', ['expected', 'expected']) },
        { shard: 2, exitCode: 1, report: report('b.spec.ts', ['expected', 'unexpected']) },
      ],
      2,
    );
    expect(merged.stats).toEqual({ expected: 3, unexpected: 1, flaky: 0, skipped: 0 });
    const summary = summarize({ status: 1, steps, playwright: merged });
    expect(summary.line).toMatch(/^3 passed, 1 failed/);
    expect(summary.failures).toContain('b.spec.ts › test 1');
  });

  it('counts a shard that left no report as a failure, by name', () => {
    const merged = mergeShardReports(
      [
        { shard: 1, exitCode: 0, report: report('a.spec.ts', ['expected']) },
        { shard: 2, exitCode: 134 },
      ],
      2,
    );
    const summary = summarize({ status: 1, steps, playwright: merged });
    expect(summary.ok).toBe(false);
    expect(summary.failures.join('\n')).toContain('e2e shard 2/2 left no report (exit code 134)');
  });
});
