/**
 * What every bench prints: rows with their ratio to the target, so margins are visible, and the
 * machine the figures came from. A figure taken on a busy machine says nothing about the product,
 * so a bench first waits for the machine to be idle and refuses to run when it does not become so.
 */
import { cpus, loadavg } from 'node:os';
import type { Stat } from './group-run';

export interface BenchRow {
  measure: string;
  stat: Stat;
  unit: string;
  target?: string;
  ok?: boolean;
  /** The figure divided by its target; below 1 meets it, and the distance from 1 is the margin. */
  ratio?: number;
}

/**
 * A row with an upper bound: `use` picks the figure compared (the median of the repetitions, or
 * their max where the target says "none over").
 */
export function bounded(
  measure: string,
  s: Stat,
  unit: string,
  max: number,
  options: { use?: 'median' | 'max'; label?: string } = {},
): BenchRow {
  const value = s[options.use ?? 'median'];
  return {
    measure,
    stat: s,
    unit,
    target: options.label ?? `≤ ${max.toLocaleString('en-US')} ${unit}`,
    ok: value <= max,
    ratio: value / max,
  };
}

const fmt = (n: number) => (Number.isFinite(n) ? (n >= 100 ? n.toFixed(0) : n.toFixed(1)) : '—');

export function printTable(rows: BenchRow[], log: (line: string) => void = console.log) {
  log(
    `\n| measure | median | min | max | target | ratio | result |\n|---|---|---|---|---|---|---|`,
  );
  for (const r of rows)
    log(
      `| ${r.measure} | ${fmt(r.stat.median)} ${r.unit} | ${fmt(r.stat.min)} | ${fmt(r.stat.max)} | ${r.target ?? ''} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} | ${r.ok === undefined ? '' : r.ok ? 'pass' : 'FAIL'} |`,
    );
}

export interface MachineRecord {
  cpus: number;
  loadBefore: number[];
  loadAfter?: number[];
  node: string;
  chromium?: string;
  /** Set when the idle gate was skipped with --busy: the figures are then only indicative. */
  busy?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits up to `waitMs` for the 1-minute load average to fall below the CPU count. Throws with the
 * reason when it does not; with `busy` it records the load and goes on (for development runs,
 * flagged in the output).
 */
export async function idleGate(options: {
  busy?: boolean;
  waitMs?: number;
  log?: (line: string) => void;
}): Promise<MachineRecord> {
  const log = options.log ?? console.log;
  const count = cpus().length;
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  let announced = false;
  while (!options.busy && loadavg()[0]! >= count) {
    if (Date.now() >= deadline)
      throw new Error(
        `the machine is busy: load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(
            ' ',
          )} stayed at or above its ${count} CPUs for ${((options.waitMs ?? 120_000) / 1000).toFixed(0)} s. Figures taken now would not be the product's; stop what is running, or pass --busy for indicative figures.`,
      );
    if (!announced) {
      log(`waiting for the load average (${loadavg()[0]!.toFixed(2)}) to fall below ${count}…`);
      announced = true;
    }
    await sleep(5_000);
  }
  return { cpus: count, loadBefore: loadavg(), node: process.version, busy: options.busy };
}

export function describeMachine(m: MachineRecord): string {
  const load = (l: number[] | undefined) => (l ? l.map((x) => x.toFixed(2)).join(' ') : '—');
  return `machine: ${m.cpus} CPUs, Node ${m.node}, Chromium ${m.chromium ?? '—'}; load average before ${load(m.loadBefore)}, after ${load(m.loadAfter)}${m.busy ? ' (idle gate skipped with --busy: indicative figures only)' : ''}`;
}
