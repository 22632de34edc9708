/**
 * What the Failures tab starts from, computed in the insight worker from the group's loaded
 * data: the exceptions grouped by reason, and the failed tasks whose logs are worth reading.
 */
import { stateOf, type InsightView } from '../insight/insight-data';

export interface TriageTask {
  taskId: string;
  runId: number;
  name: string;
}

export interface ExceptionGroup {
  reason: string;
  /** Exception runs with this reason. */
  runs: number;
  /** Tasks with such a run; `final` when the task ended in it (no retry followed). */
  tasks: (TriageTask & { final: boolean })[];
}

export interface FailureSummary {
  exceptions: ExceptionGroup[];
  /** Failed tasks, each with the run that failed (its last). */
  failed: TriageTask[];
}

export function failureSummary(v: InsightView): FailureSummary {
  const byReason = new Map<string, ExceptionGroup>();
  const failed: TriageTask[] = [];
  for (let i = 0; i < v.size; i++) {
    const off = v.runOff[i]!;
    const len = v.runLen[i]!;
    const name = v.names[i]!;
    const taskId = v.taskIds[i]!;
    const state = stateOf(v.state[i]!);
    if (state === 'failed' && len) failed.push({ taskId, runId: len - 1, name });
    let seen: ExceptionGroup | undefined;
    for (let r = 0; r < len; r++) {
      if (stateOf(v.runState[off + r]!) !== 'exception') continue;
      const reason = v.reasons[v.reasonResolved[off + r]!] || 'unknown';
      let group = byReason.get(reason);
      if (!group) byReason.set(reason, (group = { reason, runs: 0, tasks: [] }));
      group.runs++;
      const final = r === len - 1;
      // One entry per task and reason: its last such run.
      if (seen === group) {
        const last = group.tasks[group.tasks.length - 1]!;
        last.runId = r;
        last.final = final;
      } else group.tasks.push({ taskId, runId: r, name, final });
      seen = group;
    }
  }
  const exceptions = [...byReason.values()].sort(
    (a, b) => b.runs - a.runs || a.reason.localeCompare(b.reason),
  );
  return { exceptions, failed };
}
