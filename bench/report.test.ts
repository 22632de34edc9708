import { beforeEach, describe, expect, it, vi } from 'vitest';

const os = vi.hoisted(() => ({ load: [0, 0, 0], cpus: 2 }));
vi.mock('node:os', () => ({
  loadavg: () => os.load,
  cpus: () => Array.from({ length: os.cpus }, () => ({})),
}));

const { bounded, describeMachine, idleGate, printTable } = await import('./report');
const s = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: sorted[Math.floor((sorted.length - 1) / 2)]!,
    min: sorted[0]!,
    max: sorted.at(-1)!,
    values,
  };
};

describe('bounded rows', () => {
  it('compares the median by default and reports the ratio to the target', () => {
    const row = bounded('first row', s([200, 400, 900]), 'ms', 1000);
    expect(row).toMatchObject({ ok: true, target: '≤ 1,000 ms' });
    expect(row.ratio).toBeCloseTo(0.4);
  });

  it('compares the max for "none over" targets, and fails above the bound', () => {
    const row = bounded('longest task', s([20, 30, 120]), 'ms', 100, {
      use: 'max',
      label: 'none over 100 ms',
    });
    expect(row).toMatchObject({ ok: false, target: 'none over 100 ms' });
    expect(row.ratio).toBeCloseTo(1.2);
  });

  it('prints the ratio column beside the result', () => {
    const lines: string[] = [];
    printTable([bounded('search p95', s([30]), 'ms', 25)], (l) => lines.push(l));
    expect(lines.join('\n')).toContain(
      '| search p95 | 30.0 ms | 30.0 | 30.0 | ≤ 25 ms | 1.20× | FAIL |',
    );
  });
});

describe('the idle gate', () => {
  beforeEach(() => {
    os.load = [0, 0, 0];
    os.cpus = 2;
  });

  it('records the machine when the load is below the CPU count', async () => {
    os.load = [0.5, 0.4, 0.3];
    const m = await idleGate({ waitMs: 0, log: () => {} });
    expect(m).toMatchObject({ cpus: 2, loadBefore: [0.5, 0.4, 0.3], node: process.version });
    expect(describeMachine(m)).toContain('2 CPUs');
    expect(describeMachine(m)).not.toContain('indicative');
  });

  it('refuses a busy machine with the reason', async () => {
    os.load = [3.1, 2.5, 2];
    await expect(idleGate({ waitMs: 0, log: () => {} })).rejects.toThrow(
      /load average 3\.10 2\.50 2\.00 stayed at or above its 2 CPUs/,
    );
  });

  it('goes on when told the machine is busy, and says the figures are indicative', async () => {
    os.load = [9, 9, 9];
    const m = await idleGate({ busy: true, waitMs: 0, log: () => {} });
    expect(describeMachine(m)).toContain('indicative figures only');
  });
});
