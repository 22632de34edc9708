/**
 * Running a group's in-tree action (actions-hooks-login §1): kind `task` through createTask with
 * the decision task's scopes as authorizedScopes, kind `hook` through the in-tree:hook-action
 * check and triggerHook, always with the user's own credentials. Loaded with the action dialog.
 */
import slugid from 'slugid';
import {
  createAuthClient,
  createHooksClient,
  createQueueClient,
  type QueueClient,
  type TaskDefinition,
} from '../../api';
import {
  mayUseHook,
  misconfiguredMessage,
  type ActionsFile,
  type HookAction,
  type InTreeAction,
} from './actions-model';
import { renderAction } from './render-action';

/** What the user confirms before an action runs. */
export type PreparedAction =
  | { kind: 'task'; taskId: string; definition: Record<string, unknown>; scopes: string[] }
  | { kind: 'hook'; hookGroupId: string; hookId: string; payload: Record<string, unknown> };

export interface ActionTarget {
  taskGroupId: string;
  /** null for group actions. */
  taskId: string | null;
  task: TaskDefinition | null;
}

/** The scopes the checks use: the decision task's, or the task's own without one (§1.1). */
const scopesFor = (decisionTask: TaskDefinition | null, target: ActionTarget) =>
  decisionTask?.scopes ?? target.task?.scopes ?? [];

/**
 * Renders the action with JSON-e; for a hook, first checks through Auth's expandScopes that the
 * decision task's scopes satisfy `in-tree:hook-action:<g>/<h>` (§1.7). Throws with the
 * reference's message when they do not.
 */
export async function prepareAction(o: {
  queue: QueueClient;
  file: ActionsFile;
  decisionTask: TaskDefinition | null;
  action: InTreeAction;
  target: ActionTarget;
  input: unknown;
}): Promise<PreparedAction> {
  const scopes = scopesFor(o.decisionTask, o.target);
  const rendered = renderAction({
    file: o.file,
    action: o.action,
    ...o.target,
    input: o.input,
    ownTaskId: slugid.nice(),
  });
  if (rendered.task) return { kind: 'task', ...rendered.task, scopes };
  const { hookGroupId, hookId } = o.action as HookAction;
  const auth = createAuthClient({ rootUrl: o.queue.rootUrl, credentials: o.queue.credentials });
  const expanded = await auth.expandScopes({ scopes: [...new Set(scopes)] });
  if (!mayUseHook(expanded.scopes, hookGroupId, hookId)) {
    throw new Error(misconfiguredMessage(hookGroupId, hookId));
  }
  return { kind: 'hook', hookGroupId, hookId, payload: rendered.hookPayload ?? {} };
}

/** What running an action gave: the created task, or a hook that declined to create one. */
export type ActionResult = { taskId: string } | { declined: true };

/** Runs a confirmed action with the user's credentials. */
export async function runPreparedAction(
  queue: QueueClient,
  prepared: PreparedAction,
): Promise<ActionResult> {
  const options = { rootUrl: queue.rootUrl, credentials: queue.credentials, retries: 0 };
  if (prepared.kind === 'task') {
    // Within both the user's scopes and the decision task's (§1.6).
    const narrowed = createQueueClient({ ...options, authorizedScopes: prepared.scopes });
    await narrowed.createTask(prepared.taskId, prepared.definition as never);
    return { taskId: prepared.taskId };
  }
  const hooks = createHooksClient(options);
  const fired = await hooks.triggerHook(prepared.hookGroupId, prepared.hookId, prepared.payload);
  return fired.taskId ? { taskId: fired.taskId } : { declined: true };
}
