import { parseTarget } from './parse-target';

/** What "Compare with…" makes of a pasted ID or URL. */
export type GroupRef =
  | { kind: 'group'; id: string }
  /** A task's URL: its group is the one meant, once looked up. */
  | { kind: 'task'; taskId: string }
  | { kind: 'invalid'; reason: string };

const GROUP_PATH = /^\/tasks\/groups\/([A-Za-z0-9_-]{22})(?:[/?#]|$)/;
const TASK_PATH = /^\/tasks\/([A-Za-z0-9_-]{22})(?:[/?#]|$)/;

/**
 * A task group from a task group ID or any URL that names one: the Taskcluster UI's, ours
 * (a comparison URL counts as its first group), taskcluster-tools' and the Queue API's. A task's
 * URL names the task, whose group has to be looked up.
 */
export function parseGroupRef(input: string): GroupRef {
  if (!input.trim()) return { kind: 'invalid', reason: 'Enter a task group ID or its URL.' };
  const target = parseTarget(input);
  if (target.kind === 'invalid') return target;
  if (target.kind === 'id') return { kind: 'group', id: target.id };
  const group = GROUP_PATH.exec(target.path);
  if (group) return { kind: 'group', id: group[1]! };
  const task = TASK_PATH.exec(target.path);
  if (task) return { kind: 'task', taskId: task[1]! };
  return { kind: 'invalid', reason: 'This URL does not point at a task group or a task.' };
}
