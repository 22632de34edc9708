/**
 * Lays out a task's runs on one shared time axis: a lane per run, with a pending segment
 * (scheduled → started) and a running segment (started → resolved, or now). Pure and tested;
 * the component only draws what this returns.
 */
import type { RunState, TaskRun } from '../../api';

export interface Segment {
  kind: 'pending' | 'running';
  from: number;
  to: number;
  /** Percentages of the axis. */
  left: number;
  width: number;
  /** `open` while the segment is still growing (pending or running now). */
  open: boolean;
  /** Outcome colour key: the run's state for running segments; `pending` for waiting. */
  tone: RunState | 'pending' | 'waited';
}

export interface Lane {
  run: TaskRun;
  segments: Segment[];
}

export interface Tick {
  at: number;
  left: number;
  label: string;
}

export interface TimelineLayout {
  start: number;
  end: number;
  lanes: Lane[];
  ticks: Tick[];
}

/** Narrowest a segment is drawn, in percent, so that instants stay visible and clickable. */
export const MIN_WIDTH = 0.6;

const STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
].map((s) => s * 1000);

function tickLabel(offset: number): string {
  if (offset === 0) return '0';
  const s = offset / 1000;
  if (s < 60) return `+${s}s`;
  if (s < 3600) return `+${Math.round(s / 60)}m`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return m ? `+${h}h${String(m).padStart(2, '0')}` : `+${h}h`;
}

export function layoutTimeline(
  runs: readonly TaskRun[],
  now: number,
  maxTicks = 6,
): TimelineLayout {
  if (!runs.length) return { start: now, end: now, lanes: [], ticks: [] };
  const t = (v: string | undefined) => (v ? Date.parse(v) : undefined);
  const start = Math.min(...runs.map((r) => t(r.scheduled)!));
  const end = Math.max(
    start + 1000,
    ...runs.map((r) => {
      const resolved = t(r.resolved);
      if (resolved !== undefined) return resolved;
      return r.state === 'pending' || r.state === 'running'
        ? now
        : (t(r.started) ?? t(r.scheduled)!);
    }),
  );
  const span = end - start;
  const pct = (v: number) => ((v - start) / span) * 100;
  const segment = (
    kind: Segment['kind'],
    from: number,
    to: number,
    open: boolean,
    tone: Segment['tone'],
  ): Segment => {
    const left = Math.min(pct(from), 100 - MIN_WIDTH);
    return { kind, from, to, open, tone, left, width: Math.max(MIN_WIDTH, pct(to) - left) };
  };
  const lanes = runs.map((run) => {
    const scheduled = t(run.scheduled)!;
    const started = t(run.started);
    const resolved = t(run.resolved);
    const segments: Segment[] = [];
    if (started !== undefined) {
      segments.push(segment('pending', scheduled, started, false, 'waited'));
      segments.push(
        segment('running', started, resolved ?? now, resolved === undefined, run.state),
      );
    } else if (run.state === 'pending') {
      segments.push(segment('pending', scheduled, now, true, 'pending'));
    } else {
      // Resolved without ever starting (canceled while pending, deadline, synthetic runs).
      segments.push(segment('pending', scheduled, resolved ?? scheduled, false, run.state));
    }
    return { run, segments };
  });
  const step = STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks);
  const ticks: Tick[] = [];
  for (let at = start; at <= end; at += step)
    ticks.push({ at, left: pct(at), label: tickLabel(at - start) });
  return { start, end, lanes, ticks };
}
