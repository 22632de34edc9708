/**
 * Which built-in buttons the task page shows, as the Taskcluster UI decides it: by the task's
 * state and deadline, and minus those the group's in-tree actions replace (a built-in yields to
 * an applicable in-tree action of the same name).
 */
import { isResolved, type TaskState } from '../../api';
import { BUILT_IN_NAMES } from '../../queries/actions/actions-model';

export type BuiltInTaskAction =
  'schedule' | 'cancel' | 'rerun' | 'retrigger' | 'edit-and-create' | 'change-priority';

export interface BuiltInContext {
  state: TaskState;
  /** The task's deadline (ISO 8601). */
  deadline: string;
  now: number;
  /**
   * Names of in-tree actions that apply to the task and replace a built-in; `'loading'` while
   * the group's actions are unknown, when every built-in that could be replaced waits.
   */
  overridden?: ReadonlySet<string> | 'loading';
}

/**
 * The built-in actions for a task, in button order. Past the deadline the task itself can no
 * longer change, but a copy of it (retrigger, edit and create) can still be made.
 */
export function builtInTaskActions({
  state,
  deadline,
  now,
  overridden,
}: BuiltInContext): BuiltInTaskAction[] {
  const past = Date.parse(deadline) < now;
  const actions: BuiltInTaskAction[] = [];
  if (!past) {
    if (state === 'unscheduled') actions.push('schedule');
    if (!isResolved(state)) actions.push('cancel', 'change-priority');
    if (isResolved(state)) actions.push('rerun');
  }
  actions.push('retrigger', 'edit-and-create');
  if (overridden === 'loading')
    return actions.filter((a) => !(BUILT_IN_NAMES as readonly string[]).includes(a));
  return actions.filter((a) => !overridden?.has(a));
}
