import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectivityTracker } from './connectivity';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function tracker(probeAnswers: () => boolean) {
  const onRecovered = vi.fn();
  const probe = vi.fn(async () => probeAnswers());
  const t = new ConnectivityTracker({
    probe,
    onRecovered,
    offlineAfterMs: 4000,
    probeEveryMs: 1000,
  });
  return { t, onRecovered, probe };
}

describe('ConnectivityTracker', () => {
  it('shows retrying on a 5xx and goes back online at the next answer, without a recovery', () => {
    const { t, onRecovered } = tracker(() => true);
    t.report({ status: 502, answered: false });
    expect(t.getSnapshot()).toMatchObject({ kind: 'retrying', status: 502 });
    t.report({ status: 200, answered: true });
    expect(t.getSnapshot()).toEqual({ kind: 'online' });
    expect(onRecovered).not.toHaveBeenCalled();
  });

  it('goes offline after failures without an answer, probes, and recovers with the outage length', async () => {
    let up = false;
    const { t, onRecovered, probe } = tracker(() => up);
    const listener = vi.fn();
    t.subscribe(listener);
    t.report({ status: 0, answered: false });
    expect(t.getSnapshot().kind).toBe('retrying');
    await vi.advanceTimersByTimeAsync(4000);
    expect(t.getSnapshot()).toMatchObject({ kind: 'offline' });
    expect(probe).toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(16_000);
    expect(t.getSnapshot().kind).toBe('offline');
    up = true;
    await vi.advanceTimersByTimeAsync(1000);
    const state = t.getSnapshot();
    expect(state.kind).toBe('recovered');
    expect(state.kind === 'recovered' && state.offlineMs).toBeGreaterThanOrEqual(20_000);
    expect(onRecovered).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalled();
    t.dismiss();
    expect(t.getSnapshot()).toEqual({ kind: 'online' });
  });

  it('stops probing once an answer arrives', async () => {
    const { t, probe } = tracker(() => false);
    t.report({ status: 0, answered: false });
    t.report({ status: 200, answered: true });
    await vi.advanceTimersByTimeAsync(5000);
    expect(probe).toHaveBeenCalledTimes(0);
    expect(t.getSnapshot()).toEqual({ kind: 'online' });
  });
});
