/**
 * A group with in-tree actions for the e2e specs: a decision task that publishes
 * `public/actions.json`, with the roles of `roles.json` and the hooks of the demo's generic
 * action-hook template (so the demo worker, started with `--worker`, performs the action tasks).
 */
import { createHooksClient, type QueueClient } from '../../src/api';
import { ACTION_QUEUE, actionHookDefinition, hookPayload } from '../../server/demo/actions';
import { definition, E2E_ROOT, newId, ownQueue, runTask, uploadArtifact } from './seed';

export const DECISION_SCOPES = ['assume:repo:e2e.example.com/app:branch:main'];

/** Both hooks exist; the decision task's role allows only `allowed`. */
export async function ensureHooks(baseURL: string) {
  const hooks = createHooksClient({ rootUrl: baseURL, credentials: E2E_ROOT, retries: 1 });
  const def = actionHookDefinition({
    schedulerId: 'e2e',
    projectId: 'e2e',
    scopes: (g) => [
      'queue:create-task:highest:e2e-prov/*',
      'queue:scheduler-id:e2e',
      'queue:create-task:project:e2e',
      `queue:rerun-task:e2e/${g}/*`,
    ],
  });
  for (const hookId of ['allowed', 'forbidden']) {
    await hooks.removeHook('e2e-actions', hookId);
    await hooks.createHook('e2e-actions', hookId, def);
  }
}

const hook = (name: string, title: string, hookId: string, context: object[], extra = {}) => ({
  kind: 'hook',
  name,
  title,
  description: `${title}: runs through hook e2e-actions/${hookId}.`,
  context,
  hookGroupId: 'e2e-actions',
  hookId,
  hookPayload: hookPayload(name, title),
  ...extra,
});

export function e2eActionsJson(taskGroupId: string) {
  return {
    version: 1,
    variables: { repository: 'https://e2e.example.com/app', decision_task_group: taskGroupId },
    actions: [
      hook('retrigger', 'Retrigger', 'allowed', [{ kind: 'e2e' }], {
        schema: {
          type: 'object',
          properties: {
            times: { type: 'integer', title: 'Times', default: 1, minimum: 1, maximum: 20 },
          },
          required: ['times'],
          additionalProperties: false,
        },
      }),
      hook('rerun-failed', 'Rerun failed tasks', 'allowed', []),
      hook('release', 'Release', 'forbidden', [{ kind: 'e2e' }]),
      {
        kind: 'task',
        name: 'run-smoke-test',
        title: 'Run smoke test',
        description: 'A kind-task action.',
        context: [{ kind: 'e2e' }],
        task: {
          taskGroupId: '${taskGroupId}',
          taskQueueId: ACTION_QUEUE,
          schedulerId: 'e2e',
          projectId: 'e2e',
          created: { $fromNow: '' },
          deadline: { $fromNow: '1 hour' },
          expires: { $fromNow: '1 day' },
          tags: { kind: 'action-callback' },
          metadata: {
            name: 'Smoke test: ${task.metadata.name}',
            description: 'smoke',
            owner: 'e2e@example.com',
            source: 'https://example.com/e2e',
          },
          payload: { action: 'smoke-test', taskGroupId: '${taskGroupId}', taskId: '${taskId}' },
        },
      },
    ],
  };
}

/** A completed decision task publishing `actions` (default: {@link e2eActionsJson}). */
export async function decisionGroup(queue: QueueClient, actions?: (groupId: string) => unknown) {
  const groupId = newId();
  await queue.createTask(
    groupId,
    definition({
      name: 'e2e decision task',
      taskGroupId: groupId,
      taskQueueId: ownQueue(),
      scopes: DECISION_SCOPES,
      tags: { kind: 'decision-task' },
    }),
  );
  await runTask(queue, groupId, 'completed', {
    extra: async (runId, q) => {
      await uploadArtifact(
        q,
        groupId,
        runId,
        'public/actions.json',
        'application/json',
        JSON.stringify((actions ?? e2eActionsJson)(groupId)),
      );
    },
  });
  return groupId;
}
