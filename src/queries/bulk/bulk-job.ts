/**
 * One bulk action over many tasks: at most 8 calls in flight, a result per task, Stop (calls in
 * flight finish, no new ones start) and Retry failed (only the failures, never doubling an
 * effect). Plain TypeScript with no React: the views subscribe, and it runs on while they come
 * and go.
 */
import {
  humanMessage,
  isQueueError,
  newSlugId,
  type QueueClient,
  type TaskDefinitionRequest,
  type TaskPriority,
  type TaskStatus,
} from '../../api';
import { retriggerDefinition } from '../task-templates';
import type { BulkAction } from './bulk-preview';
import type { ActionIntent } from '../action-effect';
import { runGuardedAction } from '../guarded-action';

/** Performs one task's state change without ever doubling it (see guarded-action). */
export type RunAction = typeof runGuardedAction;

export const CONCURRENCY = 8;

export type ItemState = 'queued' | 'in-flight' | 'done' | 'failed' | 'skipped';

export interface BulkItem {
  taskId: string;
  name: string;
  priority?: TaskPriority;
  state: ItemState;
  /** What happened: the new state, the error, or why it was skipped. */
  message?: string;
  /** The status the user acted on, read when the job started; kept across retries. */
  before?: TaskStatus;
  /** Retrigger: the new task's id and body, chosen once so that a retry repeats them exactly. */
  newTaskId?: string;
  body?: TaskDefinitionRequest;
}

export type JobState = 'starting' | 'running' | 'stopping' | 'stopped' | 'finished';

export interface JobCounts {
  done: number;
  failed: number;
  skipped: number;
  queued: number;
  inFlight: number;
  total: number;
}

export interface BulkJobOptions {
  queue: QueueClient;
  action: BulkAction;
  taskGroupId: string;
  /** Tasks to call for (priority: the definition's, for deployments whose status lacks it). */
  tasks: { taskId: string; name: string; priority?: TaskPriority }[];
  /** Tasks the preview skipped, shown in the results with their reason. */
  skipped?: { taskId: string; name: string; reason: string }[];
  newPriority?: TaskPriority;
  /** Change the group's priority in one `changeTaskGroupPriority` call instead of one per task. */
  wholeGroup?: boolean;
  /** Performs a state-changing call without ever doubling its effect (default: runGuardedAction). */
  runAction?: RunAction;
  /** Each status a call answered (rows and caches update from it). */
  onStatus?: (status: TaskStatus) => void;
  concurrency?: number;
  /** Notification coalescing, ms. */
  notifyEveryMs?: number;
}

let nextId = 1;

type ScopeExpression = string | { AnyOf: ScopeExpression[] } | { AllOf: ScopeExpression[] };

/**
 * A scope expression on one line: `a or b or (c and d)`. Alternatives go shortest first, so the
 * broad scope to ask for (`queue:rerun-task-in-project:B`) leads, not the per-task one.
 */
export function formatScopeExpression(expr: ScopeExpression, nested = false): string {
  if (typeof expr === 'string') return expr;
  const [joiner, parts] = 'AnyOf' in expr ? [' or ', expr.AnyOf] : [' and ', expr.AllOf];
  const items = parts.map((p) => formatScopeExpression(p, true));
  if (joiner === ' or ') items.sort((a, b) => a.length - b.length);
  const text = items.join(joiner);
  return nested && items.length > 1 ? `(${text})` : text;
}

function missingScopes(fenced: string): string {
  try {
    return formatScopeExpression(JSON.parse(fenced) as ScopeExpression);
  } catch {
    return fenced.replace(/\s+/g, ' '); // a bare scope, not JSON
  }
}

export function describeError(error: unknown): string {
  if (isQueueError(error)) {
    // A 403 names what is missing between its first pair of fences: show that, not the whole essay.
    const missing =
      error.code === 'InsufficientScopes' ? /```\s*([\s\S]*?)\s*```/.exec(error.message) : null;
    const text = missing ? `missing ${missingScopes(missing[1]!)}` : humanMessage(error.message);
    return error.status ? `${error.status} ${error.code}: ${text}` : `${error.code}: ${text}`;
  }
  return error instanceof Error ? error.message : String(error);
}

function intentOf(action: BulkAction, newPriority?: TaskPriority): ActionIntent {
  if (action === 'priority') {
    if (!newPriority) throw new TypeError('a priority change needs newPriority');
    return { kind: 'priority', priority: newPriority };
  }
  if (action === 'retrigger') throw new TypeError('retrigger is not a state change');
  return { kind: action };
}

export class BulkJob {
  readonly id = nextId++;
  readonly action: BulkAction;
  readonly taskGroupId: string;
  readonly newPriority?: TaskPriority;
  readonly wholeGroup: boolean;
  readonly items: BulkItem[];
  readonly startedAt = Date.now();
  finishedAt?: number;
  state: JobState = 'starting';
  /** Passes started: the first run, then one per Retry failed / Continue. */
  passes = 0;
  private version = 0;
  private listeners = new Set<() => void>();
  private timer?: ReturnType<typeof setTimeout>;
  private cursor = 0;
  private running?: Promise<void>;
  private options: BulkJobOptions;

  constructor(options: BulkJobOptions) {
    this.options = options;
    this.action = options.action;
    this.taskGroupId = options.taskGroupId;
    this.newPriority = options.newPriority;
    this.wholeGroup = !!options.wholeGroup;
    this.items = [
      ...options.tasks.map((t) => ({ ...t, state: 'queued' as const })),
      ...(options.skipped ?? []).map((t) => ({
        taskId: t.taskId,
        name: t.name,
        state: 'skipped' as const,
        message: t.reason,
      })),
    ];
  }

  counts(): JobCounts {
    const c: JobCounts = { done: 0, failed: 0, skipped: 0, queued: 0, inFlight: 0, total: 0 };
    for (const item of this.items) {
      c.total++;
      if (item.state === 'in-flight') c.inFlight++;
      else c[item.state]++;
    }
    return c;
  }

  get active(): boolean {
    return this.state === 'starting' || this.state === 'running' || this.state === 'stopping';
  }

  /** Starts the calls; resolves when the last one has finished (or Stop took effect). */
  start(): Promise<void> {
    this.running ??= this.run(false);
    return this.running;
  }

  /** Lets the calls in flight finish and starts no more. */
  stop(): void {
    if (this.state !== 'running' && this.state !== 'starting') return;
    this.state = 'stopping';
    this.changed(true);
  }

  /**
   * Runs the failed tasks (and, after a Stop, the ones never started) again, with `queue` when
   * given: after signing in as someone with more scopes.
   */
  retryFailed(queue?: QueueClient): Promise<void> {
    if (this.active) return this.running ?? Promise.resolve();
    if (queue) this.options.queue = queue;
    for (const item of this.items) {
      if (item.state === 'failed') item.state = 'queued';
    }
    this.cursor = 0;
    this.running = this.run(true);
    return this.running;
  }

  private async run(retry: boolean) {
    this.passes++;
    this.state = 'starting';
    this.finishedAt = undefined;
    this.changed(true);
    if (!retry && !this.wholeGroup && this.action !== 'retrigger') await this.readBefore();
    if (this.state === 'starting') this.state = 'running';
    this.changed(true);
    const workers = Array.from({ length: this.options.concurrency ?? CONCURRENCY }, () =>
      this.worker(retry),
    );
    await Promise.all(workers);
    this.state = this.items.some((i) => i.state === 'queued') ? 'stopped' : 'finished';
    this.finishedAt = Date.now();
    this.changed(true);
  }

  /** The statuses the user acted on, in batches: what a retry compares against. */
  private async readBefore() {
    const { queue } = this.options;
    const queued = this.items.filter((i) => i.state === 'queued');
    const byId = new Map(queued.map((i) => [i.taskId, i]));
    try {
      for (let i = 0; i < queued.length; i += 1000) {
        let token: string | undefined;
        do {
          const page = await queue.statuses(
            { taskIds: queued.slice(i, i + 1000).map((t) => t.taskId) },
            { continuationToken: token },
          );
          for (const s of page.statuses) {
            const item = byId.get(s.taskId);
            if (item) item.before = s.status;
          }
          token = page.continuationToken;
        } while (token);
      }
    } catch {
      // Deployments without the batch call (or without its scopes): each task reads its own.
    }
  }

  private async worker(retry: boolean) {
    while (this.state === 'running') {
      const item = this.next();
      if (!item) return;
      item.state = 'in-flight';
      this.changed();
      try {
        item.message = await this.perform(item, retry);
        item.state = 'done';
      } catch (error) {
        item.state = 'failed';
        item.message = describeError(error);
      }
      this.changed();
    }
  }

  private next(): BulkItem | undefined {
    while (this.cursor < this.items.length) {
      const item = this.items[this.cursor++]!;
      if (item.state === 'queued') return item;
    }
    return undefined;
  }

  private async perform(item: BulkItem, retry: boolean): Promise<string> {
    const { queue, onStatus } = this.options;
    const runAction = this.options.runAction ?? runGuardedAction;
    if (this.wholeGroup) {
      const res = await queue.changeTaskGroupPriority(this.taskGroupId, {
        newPriority: this.newPriority!,
      });
      await this.refreshStatuses(res.taskIds);
      return `${res.tasksAffected} tasks now have priority ${res.newPriority}`;
    }
    if (this.action === 'retrigger') {
      if (!item.body) {
        const task = await queue.task(item.taskId);
        item.newTaskId = newSlugId();
        item.body = retriggerDefinition(task, Date.now());
      }
      // The same id and body on a retry: the Queue answers an identical createTask with the task.
      const { status } = await queue.createTask(item.newTaskId!, item.body);
      onStatus?.(status);
      return `new task ${item.newTaskId} (${status.state})`;
    }
    item.before ??= (await queue.status(item.taskId)).status;
    const outcome = await runAction(
      queue,
      item.taskId,
      intentOf(this.action, this.newPriority),
      item.before,
      { recheck: retry, definitionPriority: item.priority },
    );
    onStatus?.(outcome.status);
    return outcome.confirmedAfterFailure
      ? `${outcome.status.state}: the Queue had already done it (status checked, not called twice)`
      : describeStatus(outcome.status);
  }

  private async refreshStatuses(taskIds: string[]) {
    const { queue, onStatus } = this.options;
    if (!onStatus) return;
    for (let i = 0; i < taskIds.length; i += 1000) {
      try {
        const page = await queue.statuses({ taskIds: taskIds.slice(i, i + 1000) });
        for (const s of page.statuses) onStatus(s.status);
      } catch {
        return; // the live refresh catches up
      }
    }
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /** Listeners hear at most once per `notifyEveryMs`, except for state changes. */
  private changed(now = false) {
    this.version++;
    if (now) {
      clearTimeout(this.timer);
      this.timer = undefined;
      for (const l of this.listeners) l();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      for (const l of this.listeners) l();
    }, this.options.notifyEveryMs ?? 100);
  }
}

function describeStatus(status: TaskStatus): string {
  const last = status.runs[status.runs.length - 1];
  if (!last) return status.state;
  return `${status.state} (run ${last.runId}${last.reasonResolved ? `, ${last.reasonResolved}` : ''})`;
}
