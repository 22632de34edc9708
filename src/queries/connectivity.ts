/**
 * Is the Queue reachable? Every attempt of the session's client is reported here. A failed
 * attempt (5xx or no answer) means "retrying"; failures without an answer for
 * `offlineAfterMs` mean "offline". While not online, a probe (`ping`) runs every `probeEveryMs`;
 * the first answer after being offline means "recovered": the views are told to refetch, and
 * the notice says how long the Queue was unreachable. Views therefore recover without a reload.
 */
import type { AttemptReport } from '../api';

export type Connectivity =
  | { kind: 'online' }
  | { kind: 'retrying'; since: number; status: number }
  | { kind: 'offline'; since: number }
  | { kind: 'recovered'; offlineMs: number; at: number };

export interface TrackerOptions {
  now?: () => number;
  /** Resolves true when the service answered (replace it with `setProbe`). */
  probe?: () => Promise<boolean>;
  /** Called once per recovery: refetch what the views show. */
  onRecovered: () => void;
  offlineAfterMs?: number;
  probeEveryMs?: number;
  /** How long the recovery notice stays (it can be dismissed before). */
  recoveredForMs?: number;
}

const ONLINE: Connectivity = { kind: 'online' };

export class ConnectivityTracker {
  private state: Connectivity = ONLINE;
  private failingSince?: number;
  private listeners = new Set<() => void>();
  private probing = false;
  private clearTimer?: ReturnType<typeof setTimeout>;
  private readonly now: () => number;
  private readonly offlineAfterMs: number;
  private readonly probeEveryMs: number;
  private readonly recoveredForMs: number;

  constructor(private options: TrackerOptions) {
    this.now = options.now ?? Date.now;
    this.offlineAfterMs = options.offlineAfterMs ?? 4_000;
    this.probeEveryMs = options.probeEveryMs ?? 2_000;
    this.recoveredForMs = options.recoveredForMs ?? 60_000;
  }

  getSnapshot = (): Connectivity => this.state;

  /** Points the probe elsewhere (the session's root URL changed). */
  setProbe(probe: () => Promise<boolean>) {
    this.options.probe = probe;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  /** One attempt's outcome (`onAttempt` of the client). */
  report = (attempt: Pick<AttemptReport, 'status' | 'answered'>) => {
    if (attempt.answered) this.answered();
    else this.failed(attempt.status);
  };

  /** Hides the recovery notice. */
  dismiss = () => {
    if (this.state.kind === 'recovered') this.set(ONLINE);
  };

  private set(state: Connectivity) {
    this.state = state;
    for (const l of this.listeners) l();
  }

  private answered() {
    const was = this.state;
    const since = this.failingSince;
    this.failingSince = undefined;
    if (was.kind === 'offline') {
      this.set({ kind: 'recovered', offlineMs: this.now() - (since ?? was.since), at: this.now() });
      clearTimeout(this.clearTimer);
      this.clearTimer = setTimeout(this.dismiss, this.recoveredForMs);
      this.options.onRecovered();
    } else if (was.kind === 'retrying') {
      this.set(ONLINE);
    }
  }

  private failed(status: number) {
    const now = this.now();
    this.failingSince ??= now;
    const kind = this.state.kind;
    if (kind === 'offline') return;
    if (status === 0 && now - this.failingSince >= this.offlineAfterMs) {
      this.set({ kind: 'offline', since: this.failingSince });
    } else if (kind !== 'retrying') {
      this.set({ kind: 'retrying', since: now, status });
    }
    void this.probeUntilAnswered();
  }

  /** While not online, asks the service every `probeEveryMs` until it answers. */
  private async probeUntilAnswered() {
    if (this.probing) return;
    this.probing = true;
    try {
      while (this.state.kind === 'retrying' || this.state.kind === 'offline') {
        await new Promise((r) => setTimeout(r, this.probeEveryMs));
        if (this.state.kind !== 'retrying' && this.state.kind !== 'offline') break;
        let ok = false;
        try {
          ok = (await this.options.probe?.()) ?? false;
        } catch {
          ok = false;
        }
        if (ok) this.answered();
        else this.failed(0);
      }
    } finally {
      this.probing = false;
    }
  }
}
