/**
 * Loading a group's in-tree actions and running one (actions-hooks-login §1): the decision
 * task's `public/actions.json`, validated without eval; kind `task` through createTask with the
 * decision task's scopes as authorizedScopes, kind `hook` through the in-tree:hook-action check
 * and triggerHook, always with the user's own credentials.
 */
import { queryOptions } from '@tanstack/react-query';
import slugid from 'slugid';
import {
  createAuthClient,
  createHooksClient,
  createQueueClient,
  isQueueError,
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

export const ACTIONS_ARTIFACT = 'public/actions.json';

export type ActionsState =
  | {
      status: 'ready';
      file: ActionsFile;
      /** The decision task (the task whose taskId is the taskGroupId). */
      decisionTask: TaskDefinition;
    }
  | { status: 'none'; reason: string };

const none = (reason: string): ActionsState => ({ status: 'none', reason });

async function loadActions(
  queue: QueueClient,
  taskGroupId: string,
  signal?: AbortSignal,
): Promise<ActionsState> {
  let location;
  try {
    location = await queue.latestArtifact(taskGroupId, ACTIONS_ARTIFACT, { signal });
  } catch (err) {
    if (isQueueError(err) && err.status === 404)
      return none('No actions: the decision task publishes no public/actions.json.');
    throw err;
  }
  if (location.storageType === 'error')
    return none(`No actions: public/actions.json is an error artifact (${location.reason}).`);
  if (location.storageType !== 's3')
    return none(`No actions: public/actions.json is a ${location.storageType} artifact.`);
  const [res, decisionTask] = await Promise.all([
    fetch(location.url, { signal, credentials: 'omit' }),
    queue.task(taskGroupId, { signal }),
  ]);
  if (!res.ok) throw new Error(`public/actions.json could not be read (HTTP ${res.status})`);
  let document: unknown;
  try {
    document = JSON.parse(await res.text());
  } catch {
    return none('Actions hidden: public/actions.json is not valid JSON.');
  }
  // Loaded with the first actions.json, not with the first route.
  const { validateActionsJson } = await import('../../schemas');
  const check = validateActionsJson(document);
  if (!check.valid) {
    const first = check.issues[0]!;
    return none(
      `Actions hidden: public/actions.json does not match action-schema-v1 (${first.pointer || 'top level'}: ${first.message}).`,
    );
  }
  return { status: 'ready', file: document as ActionsFile, decisionTask };
}

export const actionsKeys = {
  file: (taskGroupId: string) => ['queue', 'actions', taskGroupId] as const,
};

/** The group's actions, or why there are none. Network and server failures are query errors. */
export function actionsQuery(queue: QueueClient, taskGroupId: string) {
  return queryOptions({
    queryKey: actionsKeys.file(taskGroupId),
    queryFn: ({ signal }) => loadActions(queue, taskGroupId, signal),
    staleTime: 5 * 60_000,
  });
}

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
