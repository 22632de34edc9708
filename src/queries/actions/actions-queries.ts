/**
 * Loading a group's in-tree actions (actions-hooks-login §1): the decision task's
 * `public/actions.json`, validated without eval. Running one is in run-action.ts, which only the
 * action dialog loads: the pages that list actions do not ship JSON-e and the Hooks and Auth
 * clients.
 */
import { queryOptions } from '@tanstack/react-query';
import { isQueueError, type QueueClient, type TaskDefinition } from '../../api';
import type { ActionsFile } from './actions-model';

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
