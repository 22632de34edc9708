/**
 * "Why is this pending?": the answer for an unscheduled or pending task, from facts the task page
 * loads (dependencies' statuses, the queue's pending count, its workers, its pending list).
 *
 * - Unscheduled: the chain of unresolved dependencies, followed down to its root cause: a
 *   dependency that is pending or running (it waits for nothing else), or one that failed where
 *   `requires: all-completed` makes everything above it wait forever.
 * - Pending: how many tasks wait in the queue, whether any of its workers was active lately, and
 *   (where the pending list may be read) how many are ahead at equal or higher priority.
 */
import type { TaskPriority, TaskState } from '../../api';
import { formatDuration } from '../../components/format';

export interface TaskFacts {
  taskId: string;
  name: string;
  state: TaskState;
  requires: 'all-completed' | 'all-resolved';
  dependencies: readonly string[];
  /** The last run's times (ms), where it has them. */
  scheduled?: number;
  started?: number;
}

/** What is known of a task: its facts, `null` when it does not exist, `undefined` when not loaded. */
export type Lookup = (taskId: string) => TaskFacts | null | undefined;

const UNRESOLVED: ReadonlySet<TaskState> = new Set(['unscheduled', 'pending', 'running']);
const FAILING: ReadonlySet<TaskState> = new Set(['failed', 'exception']);
/** Which unresolved dependency to follow: the one furthest from done. */
const FOLLOW_ORDER: Record<string, number> = { unscheduled: 0, pending: 1, running: 2 };

export type ChainEnd =
  /** The last step is pending or running: it waits for no other task. */
  | { kind: 'root' }
  /** `blocked` requires all-completed, and its dependency `failed` failed: nothing above runs. */
  | { kind: 'never'; blocked: TaskFacts; failed: TaskFacts }
  /** A dependency no longer exists (expired). */
  | { kind: 'missing'; blocked: TaskFacts; taskId: string }
  /** Every dependency resolved: the queue is about to schedule it. */
  | { kind: 'ready' }
  /** Facts still to load before the walk can go on. */
  | { kind: 'loading'; need: string[] };

export interface Chain {
  /** The task waits for steps[0], which waits for steps[1], … */
  steps: TaskFacts[];
  /** Unresolved dependencies of the task itself (steps[0] is one of them). */
  unresolved: number;
  end: ChainEnd;
}

/** Follows the unresolved dependencies of an unscheduled task down to the root cause. */
export function blockingChain(task: TaskFacts, lookup: Lookup, maxDepth = 50): Chain {
  const steps: TaskFacts[] = [];
  const seen = new Set([task.taskId]);
  let unresolved = 0;
  let current = task;
  for (let depth = 0; depth < maxDepth; depth++) {
    const deps = current.dependencies.filter((d) => d !== current.taskId);
    const need = deps.filter((d) => lookup(d) === undefined);
    if (need.length) return { steps, unresolved, end: { kind: 'loading', need } };
    const facts = deps.map((d) => [d, lookup(d)] as const);
    const gone = facts.find(([, f]) => f === null);
    if (gone)
      return { steps, unresolved, end: { kind: 'missing', blocked: current, taskId: gone[0] } };
    const known = facts.map(([, f]) => f!);
    if (current.requires === 'all-completed') {
      const failed = known.find((f) => FAILING.has(f.state));
      if (failed) return { steps, unresolved, end: { kind: 'never', blocked: current, failed } };
    }
    const open = known
      .filter((f) => UNRESOLVED.has(f.state))
      .sort(
        (a, b) =>
          FOLLOW_ORDER[a.state]! - FOLLOW_ORDER[b.state]! ||
          (b.started ?? b.scheduled ?? 0) - (a.started ?? a.scheduled ?? 0) ||
          a.taskId.localeCompare(b.taskId),
      );
    if (depth === 0) unresolved = open.length;
    const next = open[0];
    if (!next)
      return { steps, unresolved, end: steps.length ? { kind: 'root' } : { kind: 'ready' } };
    steps.push(next);
    if (next.state !== 'unscheduled' || seen.has(next.taskId))
      return { steps, unresolved, end: { kind: 'root' } };
    seen.add(next.taskId);
    current = next;
  }
  return { steps, unresolved, end: { kind: 'root' } };
}

/** `running 12m 05s`, `pending 3m 10s`, `unscheduled`: a step's state and for how long. */
export function stepState(step: TaskFacts, now: number): string {
  if (step.state === 'running' && step.started !== undefined)
    return `running ${formatDuration(now - step.started)}`;
  if (step.state === 'pending' && step.scheduled !== undefined)
    return `pending ${formatDuration(now - step.scheduled)}`;
  return step.state;
}

/** A sentence in parts, so that task names can be links. */
export type Part = string | { taskId: string; name: string };

/** The chain as one sentence: "Waits for A (unscheduled), which waits for B (running 12m), which waits for nothing." */
export function describeChain(chain: Chain, now: number): Part[] {
  const parts: Part[] = [];
  chain.steps.forEach((s, i) => {
    parts.push(i === 0 ? 'Waits for ' : ', which waits for ');
    parts.push({ taskId: s.taskId, name: s.name });
    parts.push(` (${stepState(s, now)})`);
  });
  const end = chain.end;
  const subject = chain.steps.length ? ', which' : 'It';
  if (end.kind === 'root') parts.push(', which waits for nothing.');
  else if (end.kind === 'ready')
    parts.push('Every dependency is resolved: the queue is about to schedule it.');
  else if (end.kind === 'loading')
    parts.push(chain.steps.length ? ', …' : 'Looking at its dependencies…');
  else if (end.kind === 'missing')
    parts.push(`${subject} depends on ${end.taskId}, which no longer exists: it will never run.`);
  else {
    parts.push(
      `${subject} will never run: it requires all of its dependencies to complete, and `,
      { taskId: end.failed.taskId, name: end.failed.name },
      ` ${end.failed.state === 'exception' ? 'ended in an exception' : 'failed'}.`,
    );
  }
  if (chain.unresolved > 1 && end.kind !== 'never')
    parts.push(
      ` (${chain.unresolved} of its dependencies are unresolved; this is the one furthest from done.)`,
    );
  return parts;
}

export const PRIORITIES: readonly TaskPriority[] = [
  'highest',
  'very-high',
  'high',
  'medium',
  'low',
  'very-low',
  'lowest',
];

/** Higher is served first; `normal` is the legacy name of `lowest`. */
export function priorityRank(p: string | undefined): number {
  const i = PRIORITIES.indexOf((p === 'normal' ? 'lowest' : p) as TaskPriority);
  return i < 0 ? 0 : PRIORITIES.length - i;
}

/**
 * Tasks the queue serves before this one: those of higher priority, and those of equal priority
 * that were queued earlier. `mine` is undefined when the task is not in `pending` (the list was
 * cut short): then every listed task of equal or higher priority counts.
 */
export function tasksAhead(
  taskId: string,
  priority: string | undefined,
  pending: readonly { taskId: string; task: { priority?: string }; inserted: string }[],
): number {
  const rank = priorityRank(priority);
  const mine = pending.find((p) => p.taskId === taskId);
  const at = mine ? Date.parse(mine.inserted) : Infinity;
  let ahead = 0;
  for (const p of pending) {
    if (p.taskId === taskId) continue;
    const r = priorityRank(p.task.priority);
    if (r > rank || (r === rank && Date.parse(p.inserted) <= at)) ahead++;
  }
  return ahead;
}

export const ACTIVE_WINDOW_MS = 15 * 60_000;

/** Workers of a queue active within the window, and the latest activity of any. */
export function recentWorkers(
  workers: readonly { lastDateActive?: string }[],
  now: number,
  windowMs = ACTIVE_WINDOW_MS,
): { active: number; total: number; lastActive?: number } {
  let active = 0;
  let lastActive: number | undefined;
  for (const w of workers) {
    const t = w.lastDateActive ? Date.parse(w.lastDateActive) : NaN;
    if (Number.isNaN(t)) continue;
    if (now - t <= windowMs) active++;
    if (lastActive === undefined || t > lastActive) lastActive = t;
  }
  return { active, total: workers.length, lastActive };
}

export interface PendingFacts {
  taskQueueId: string;
  /** The queue's pending count; undefined while loading or when refused. */
  pendingCount?: number;
  workers?: { active: number; total: number; lastActive?: number } | 'forbidden';
  /** Tasks ahead of this one; 'forbidden' when the pending list may not be read. */
  ahead?: number | 'forbidden';
  /** The pending list was longer than what was read: `ahead` is a lower bound. */
  aheadAtLeast?: boolean;
}

/** Sentences for a pending task. */
export function describePending(f: PendingFacts, now: number): string[] {
  const out: string[] = [];
  if (f.pendingCount !== undefined)
    out.push(
      `${f.pendingCount.toLocaleString('en')} task${f.pendingCount === 1 ? '' : 's'} pending in ${f.taskQueueId}.`,
    );
  if (typeof f.ahead === 'number')
    out.push(
      f.ahead === 0
        ? 'None is ahead of it: it is next for the first worker that asks.'
        : `${f.aheadAtLeast ? 'At least ' : ''}${f.ahead.toLocaleString('en')} ${f.ahead === 1 ? 'is' : 'are'} ahead of it at equal or higher priority.`,
    );
  if (f.workers && f.workers !== 'forbidden') {
    const w = f.workers;
    if (w.active > 0)
      out.push(
        `${w.active} worker${w.active === 1 ? ' was' : 's were'} active in the last 15 minutes.`,
      );
    else if (w.total === 0)
      out.push('No worker of this queue has ever claimed work: none may exist.');
    else
      out.push(
        `No worker was active in the last 15 minutes${
          w.lastActive !== undefined
            ? ` (the last one ${formatDuration(now - w.lastActive)} ago)`
            : ''
        }: the queue may have no capacity.`,
      );
  }
  return out;
}

/** `1d 23h left`, or `passed 5m 00s ago`. */
export function deadlineCountdown(deadline: number, now: number): string {
  const left = deadline - now;
  return left >= 0 ? `${formatDuration(left)} left` : `passed ${formatDuration(-left)} ago`;
}
