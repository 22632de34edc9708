/**
 * What a bulk action will do to each selected task, following the Queue's own rules (see the
 * transition table of the Queue): which calls change something, which come back unchanged and
 * why, what a cancel leaves stranded, and the scopes the calls need.
 */
import type { TaskPriority, TaskState } from '../../api';
import { isUnresolved, type GroupRow } from '../task-group/group-rows';

export type BulkAction = 'rerun' | 'cancel' | 'schedule' | 'retrigger' | 'priority';

/** The Queue refuses a rerun once a task has this many runs. */
export const MAX_RUNS = 50;

export interface PreviewGroup {
  /** Stable key: `apply:<what>` or `skip:<why>`. */
  key: string;
  apply: boolean;
  /** What happens to these tasks (apply), or why nothing happens (skip). */
  label: string;
  taskIds: string[];
}

export interface BulkPreview {
  action: BulkAction;
  /** Tasks a call goes out for, in selection order. */
  apply: string[];
  /** Tasks left alone, each with its reason. */
  skipped: { taskId: string; reason: string }[];
  groups: PreviewGroup[];
  /** Unscheduled tasks of the group that will never run after a cancel (transitively). */
  strandedDependents?: number;
  /** One line per scope alternative the calls need (any one of a line's scopes suffices). */
  scopes: string[];
}

export interface PreviewInput {
  action: BulkAction;
  taskGroupId: string;
  /** The selected tasks' rows. */
  selected: readonly GroupRow[];
  /** Every row of the group, for dependents (only cancel reads it). */
  all?: readonly GroupRow[];
  newPriority?: TaskPriority;
  now: number;
}

/** The reason a task is skipped, or undefined when the call will change it. */
function classify(
  action: BulkAction,
  row: GroupRow,
  input: PreviewInput,
): { apply: true; what: string } | { apply: false; why: string } {
  const state: TaskState = row.state;
  const pastDeadline = row.deadline !== undefined && row.deadline <= input.now;
  if (action === 'retrigger') {
    return {
      apply: true,
      what: 'get a copy as a new task (no dependencies, no automatic retries)',
    };
  }
  if (pastDeadline) return { apply: false, why: 'past its deadline: the Queue refuses the call' };
  switch (action) {
    case 'rerun':
      if (state === 'pending')
        return { apply: false, why: 'already pending: a rerun returns it unchanged' };
      if (state === 'running')
        return { apply: false, why: 'still running: a rerun returns it unchanged' };
      if (row.runs >= MAX_RUNS) return { apply: false, why: `has the maximum of ${MAX_RUNS} runs` };
      if (state === 'unscheduled')
        return { apply: true, what: 'be scheduled now, regardless of their dependencies' };
      return { apply: true, what: 'get a new run' };
    case 'cancel':
      if (!isUnresolved(state)) return { apply: false, why: 'already resolved' };
      if (state === 'unscheduled')
        return {
          apply: true,
          what: 'never run (resolved as exception/canceled; only a rerun could run them later)',
        };
      if (state === 'running')
        return { apply: true, what: 'stop: their workers abort the running run' };
      return { apply: true, what: 'be resolved as exception/canceled before a worker claims them' };
    case 'schedule':
      if (state === 'unscheduled')
        return { apply: true, what: 'be scheduled now, regardless of their dependencies' };
      if (state === 'pending' || state === 'running')
        return { apply: false, why: 'already scheduled' };
      return { apply: false, why: 'already resolved' };
    case 'priority':
      if (!isUnresolved(state)) return { apply: false, why: 'already resolved' };
      if (input.newPriority && row.priority === input.newPriority)
        return { apply: false, why: `already ${input.newPriority}` };
      return {
        apply: true,
        what: input.newPriority ? `change priority to ${input.newPriority}` : 'change priority',
      };
  }
}

/**
 * Unscheduled tasks that will never run once `canceled` end as exception: dependents requiring
 * all their dependencies to complete, followed transitively (a task that never runs never
 * completes either). Only as far as the group's rows show: dependents in other groups are unseen.
 */
export function strandedDependents(
  all: readonly GroupRow[],
  canceled: ReadonlySet<string>,
): number {
  const dependents = new Map<string, GroupRow[]>();
  for (const row of all) {
    if (!row.dependencies) continue;
    for (const dep of row.dependencies) {
      if (dep === row.taskId) continue;
      let list = dependents.get(dep);
      if (!list) dependents.set(dep, (list = []));
      list.push(row);
    }
  }
  const seen = new Set<string>();
  const todo = [...canceled];
  while (todo.length) {
    const id = todo.pop()!;
    for (const d of dependents.get(id) ?? []) {
      if (d.requires === 'all-resolved' || d.state !== 'unscheduled') continue;
      if (seen.has(d.taskId) || canceled.has(d.taskId)) continue;
      seen.add(d.taskId);
      todo.push(d.taskId);
    }
  }
  return seen.size;
}

const uniq = <T>(items: Iterable<T>) => [...new Set(items)].sort();

/** The scopes the calls for `rows` need, one alternative per line, grouped to stay short. */
export function scopesFor(
  action: BulkAction,
  taskGroupId: string,
  rows: readonly GroupRow[],
): string[] {
  if (!rows.length) return [];
  if (action === 'priority') {
    return uniq(rows.map((r) => r.taskQueueId)).map(
      (q) =>
        `queue:change-task-priority-in-queue:${q} (or queue:change-task-priority:<taskId> for each task)`,
    );
  }
  if (action === 'retrigger') {
    const lines = uniq(rows.map((r) => `queue:create-task:project:${r.projectId ?? 'none'}`));
    lines.push(...uniq(rows.map((r) => `queue:scheduler-id:${r.schedulerId ?? '-'}`)));
    lines.push(
      ...uniq(rows.map((r) => `queue:create-task:${r.priority ?? 'lowest'}:${r.taskQueueId}`)),
    );
    lines.push("each task's own scopes and queue:route:<route> for each of its routes");
    return lines;
  }
  const verb = `${action}-task`;
  const lines: string[] = [];
  for (const project of uniq(rows.map((r) => r.projectId ?? 'none'))) {
    lines.push(`queue:${verb}-in-project:${project}`);
  }
  for (const scheduler of uniq(rows.map((r) => r.schedulerId ?? '-'))) {
    lines.push(
      `or queue:${verb}:${scheduler}/${taskGroupId}/<taskId> for each task, or queue:${verb} with assume:scheduler-id:${scheduler}/${taskGroupId}`,
    );
  }
  return lines;
}

/** Classifies every selected task for `action`. Pure: the same rows give the same preview. */
export function previewBulk(input: PreviewInput): BulkPreview {
  const groups = new Map<string, PreviewGroup>();
  const apply: string[] = [];
  const applied: GroupRow[] = [];
  const skipped: BulkPreview['skipped'] = [];
  for (const row of input.selected) {
    const c = classify(input.action, row, input);
    const key = c.apply ? `apply:${c.what}` : `skip:${c.why}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, apply: c.apply, label: c.apply ? c.what : c.why, taskIds: [] };
      groups.set(key, group);
    }
    group.taskIds.push(row.taskId);
    if (c.apply) {
      apply.push(row.taskId);
      applied.push(row);
    } else skipped.push({ taskId: row.taskId, reason: c.why });
  }
  const ordered = [...groups.values()].sort((a, b) => Number(b.apply) - Number(a.apply));
  return {
    action: input.action,
    apply,
    skipped,
    groups: ordered,
    strandedDependents:
      input.action === 'cancel' ? strandedDependents(input.all ?? [], new Set(apply)) : undefined,
    scopes: scopesFor(input.action, input.taskGroupId, applied),
  };
}

const VERBS: Record<BulkAction, string> = {
  rerun: 'Rerun',
  cancel: 'Cancel',
  schedule: 'Schedule',
  retrigger: 'Retrigger',
  priority: 'Change priority of',
};

/** The confirm button's text: `Rerun 23 tasks`, `Cancel 1 task`. */
export function confirmLabel(action: BulkAction, count: number): string {
  return `${VERBS[action]} ${count} ${count === 1 ? 'task' : 'tasks'}`;
}

/** Above this many calls, the user types the count to confirm. */
export const TYPE_TO_CONFIRM_ABOVE = 50;
