import { describe, expect, it } from 'vitest';
import type { TaskRun } from '../../api';
import { layoutTimeline, MIN_WIDTH } from './timeline-layout';

const T0 = Date.parse('2026-11-28T04:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toJSON();

describe('layoutTimeline', () => {
  it('puts every run on one axis from the first scheduled to the last resolution', () => {
    const runs: TaskRun[] = [
      {
        runId: 0,
        state: 'exception',
        reasonCreated: 'scheduled',
        reasonResolved: 'worker-shutdown',
        scheduled: at(0),
        started: at(10),
        resolved: at(50),
      },
      {
        runId: 1,
        state: 'completed',
        reasonCreated: 'retry',
        reasonResolved: 'completed',
        scheduled: at(50),
        started: at(60),
        resolved: at(100),
      },
    ];
    const layout = layoutTimeline(runs, T0 + 500_000);
    expect(layout.start).toBe(T0);
    expect(layout.end).toBe(T0 + 100_000);
    const [first, second] = layout.lanes;
    expect(first!.segments.map((s) => [s.kind, s.tone, s.left, s.width])).toEqual([
      ['pending', 'waited', 0, 10],
      ['running', 'exception', 10, 40],
    ]);
    expect(second!.segments.map((s) => [s.kind, s.left, s.width])).toEqual([
      ['pending', 50, 10],
      ['running', 60, 40],
    ]);
    expect(layout.ticks[0]).toMatchObject({ left: 0, label: '0' });
    expect(layout.ticks.every((t) => t.left >= 0 && t.left <= 100)).toBe(true);
  });

  it('extends open segments to now while pending or running', () => {
    const runs: TaskRun[] = [
      {
        runId: 0,
        state: 'failed',
        reasonCreated: 'scheduled',
        reasonResolved: 'failed',
        scheduled: at(0),
        started: at(20),
        resolved: at(40),
      },
      { runId: 1, state: 'running', reasonCreated: 'rerun', scheduled: at(60), started: at(70) },
    ];
    const layout = layoutTimeline(runs, T0 + 100_000);
    expect(layout.end).toBe(T0 + 100_000);
    const running = layout.lanes[1]!.segments[1]!;
    expect([running.open, running.tone, running.left, running.width]).toEqual([
      true,
      'running',
      70,
      30,
    ]);
    const pendingOnly = layoutTimeline(
      [{ runId: 0, state: 'pending', reasonCreated: 'scheduled', scheduled: at(0) }],
      T0 + 30_000,
    );
    expect(pendingOnly.lanes[0]!.segments).toEqual([
      expect.objectContaining({
        kind: 'pending',
        tone: 'pending',
        open: true,
        left: 0,
        width: 100,
      }),
    ]);
  });

  it('keeps instant runs visible with a minimum width inside the axis', () => {
    const runs: TaskRun[] = [
      {
        runId: 0,
        state: 'exception',
        reasonCreated: 'exception',
        reasonResolved: 'canceled',
        scheduled: at(0),
        resolved: at(0),
      },
      {
        runId: 1,
        state: 'completed',
        reasonCreated: 'rerun',
        reasonResolved: 'completed',
        scheduled: at(0),
        started: at(5),
        resolved: at(3600),
      },
    ];
    const layout = layoutTimeline(runs, T0);
    const instant = layout.lanes[0]!.segments[0]!;
    expect(instant.width).toBe(MIN_WIDTH);
    expect(instant.tone).toBe('exception');
    expect(layout.ticks.length).toBeLessThanOrEqual(7);
    expect(layout.ticks.map((t) => t.label)).toContain('+10m');
  });

  it('is empty without runs', () => {
    expect(layoutTimeline([], T0)).toEqual({ start: T0, end: T0, lanes: [], ticks: [] });
  });
});
