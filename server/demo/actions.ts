/**
 * The demo's in-tree actions, shaped like Firefox CI's: the CI push's decision task publishes
 * `public/actions.json` (three actions), one generic hook runs the hook actions, and roles give
 * the repository the hook and the hook the scopes its action tasks need. The demo worker performs
 * an action task's instructions (`payload.action`) with the task's own credentials.
 */
import slugid from 'slugid';
import type { QueueClient, TaskDefinition } from '../../src/api';
import type { RoleRecord } from '../auth/roles';
import type { HookDefinition } from '../hooks/store';

export const DEMO_REPOSITORY = 'hg.mozilla.org/mozilla-central';
/** The decision task's only scope: the repository's role holds the rest. */
export const DECISION_TASK_SCOPES = [`assume:repo:${DEMO_REPOSITORY}:branch:default`];
export const ACTION_HOOK = {
  hookGroupId: 'project-gecko',
  hookId: 'in-tree-action-3-generic/5b0e7b3e5c',
};
export const ACTION_QUEUE = 'proj-demo/actions';

/** What an action task may do: copy and rerun the group's tasks, on the queues the push uses. */
const actionTaskScopes = (taskGroupId: string) => [
  'queue:create-task:highest:gecko-3/*',
  'queue:create-task:highest:gecko-t/*',
  'queue:create-task:highest:proj-misc/*',
  'queue:create-task:project:gecko',
  'queue:scheduler-id:gecko-level-3',
  'queue:route:tc-treeherder.v2.mozilla-central.*',
  'queue:route:index.gecko.v2.mozilla-central.*',
  'queue:route:checks',
  `queue:rerun-task:gecko-level-3/${taskGroupId}/*`,
  'secrets:get:project/taskcluster/gecko/hgfingerprint',
  'docker-worker:cache:gecko-level-3-checkouts-v3',
  'queue:get-artifact:gecko/*',
];

export const DEMO_ROLES: RoleRecord[] = [
  {
    roleId: `repo:${DEMO_REPOSITORY}:branch:default`,
    description: 'Decision tasks of mozilla-central: may use the generic action hook',
    scopes: [
      'in-tree:hook-action:project-gecko/in-tree-action-3-*',
      'assume:hook-id:project-gecko/in-tree-action-3-*',
      // kind-task actions are created with these (authorizedScopes = the decision task's scopes)
      `queue:create-task:highest:${ACTION_QUEUE}`,
      'queue:create-task:project:gecko',
      'queue:scheduler-id:gecko-level-3',
    ],
  },
  {
    roleId: 'hook-id:project-gecko/in-tree-action-3-*',
    description: 'Tasks created by the in-tree action hooks of gecko',
    scopes: [
      `queue:create-task:highest:${ACTION_QUEUE}`,
      ...actionTaskScopes('*').filter((s) => !s.startsWith('queue:rerun-task:')),
      'queue:rerun-task:gecko-level-3/*',
    ],
  },
];

/**
 * A generic action hook: renders one action task in the push's group, on {@link ACTION_QUEUE},
 * whose scopes are `scopes(taskGroupId)` (a JSON-e string expression for the group).
 */
export function actionHookDefinition(o: {
  schedulerId: string;
  projectId: string;
  scopes: (taskGroupId: string) => string[];
}): HookDefinition {
  return {
    bindings: [],
    metadata: {
      name: 'Generic in-tree action (level 3)',
      description: 'Runs the in-tree actions of mozilla-central pushes as action tasks.',
      owner: 'release-engineering@example.com',
      emailOnError: false,
    },
    schedule: [],
    triggerSchema: {
      type: 'object',
      properties: {
        decision: {
          type: 'object',
          properties: { taskGroupId: { type: 'string' }, repository: { type: 'string' } },
          required: ['taskGroupId', 'repository'],
          additionalProperties: false,
        },
        action: {
          type: 'object',
          properties: { name: { type: 'string' }, title: { type: 'string' } },
          required: ['name', 'title'],
          additionalProperties: false,
        },
        user: {
          type: 'object',
          properties: {
            input: {},
            taskId: { type: ['string', 'null'] },
            taskGroupId: { type: 'string' },
          },
          required: ['input', 'taskId', 'taskGroupId'],
          additionalProperties: false,
        },
      },
      required: ['decision', 'action', 'user'],
      additionalProperties: false,
    },
    task: {
      taskQueueId: ACTION_QUEUE,
      schedulerId: o.schedulerId,
      projectId: o.projectId,
      taskGroupId: { $eval: 'payload.decision.taskGroupId' },
      created: { $fromNow: '' },
      deadline: { $fromNow: '1 day' },
      expires: { $fromNow: '30 days' },
      priority: 'very-high',
      scopes: o.scopes('${payload.decision.taskGroupId}'),
      routes: [],
      tags: { kind: 'action-callback', action: '${payload.action.name}' },
      metadata: {
        name: 'Action: ${payload.action.title}',
        description: 'Action task for `${payload.action.name}`, triggered by ${clientId}.',
        owner: 'release-engineering@example.com',
        source:
          'https://hg.mozilla.org/mozilla-central/file/tip/taskcluster/gecko_taskgraph/actions',
      },
      payload: {
        action: { $eval: 'payload.action.name' },
        taskGroupId: { $eval: 'payload.user.taskGroupId' },
        taskId: { $eval: 'payload.user.taskId' },
        input: { $eval: 'payload.user.input' },
      },
    },
  };
}

export const ACTION_HOOK_DEFINITION = actionHookDefinition({
  schedulerId: 'gecko-level-3',
  projectId: 'gecko',
  scopes: actionTaskScopes,
});

/** The hook payload every hook action of the demo sends (rendered in the browser). */
export const hookPayload = (name: string, title: string) => ({
  decision: { taskGroupId: '${decision_task_group}', repository: '${repository}' },
  action: { name, title },
  user: {
    input: { $eval: 'input' },
    taskId: { $eval: 'taskId' },
    taskGroupId: { $eval: 'taskGroupId' },
  },
});

/** The decision task's `public/actions.json`. */
export function demoActionsJson(taskGroupId: string) {
  return {
    version: 1,
    variables: { repository: `https://${DEMO_REPOSITORY}`, decision_task_group: taskGroupId },
    actions: [
      {
        kind: 'hook',
        name: 'retrigger',
        title: 'Retrigger',
        description: 'Create copies of this task, each with **fresh** timestamps, in this push.',
        context: [{ kind: 'build' }, { kind: 'test' }, { kind: 'lint' }],
        schema: {
          type: 'object',
          properties: {
            times: {
              type: 'integer',
              title: 'Times',
              description: 'How many copies to create.',
              default: 1,
              minimum: 1,
              maximum: 20,
            },
          },
          required: ['times'],
          additionalProperties: false,
        },
        ...ACTION_HOOK,
        hookPayload: hookPayload('retrigger', 'Retrigger'),
      },
      {
        kind: 'hook',
        name: 'rerun-failed',
        title: 'Rerun failed tasks',
        description: 'Add a run to every failed task of this push.',
        context: [],
        ...ACTION_HOOK,
        hookPayload: hookPayload('rerun-failed', 'Rerun failed tasks'),
      },
      {
        kind: 'task',
        name: 'run-smoke-test',
        title: 'Run smoke test',
        description: 'Run a quick smoke test against this build, as its own task.',
        context: [{ kind: 'build' }],
        task: {
          taskGroupId: '${taskGroupId}',
          taskQueueId: ACTION_QUEUE,
          schedulerId: 'gecko-level-3',
          projectId: 'gecko',
          created: { $fromNow: '' },
          deadline: { $fromNow: '1 hour' },
          expires: { $fromNow: '14 days' },
          priority: 'very-high',
          tags: { kind: 'action-callback', action: 'run-smoke-test' },
          metadata: {
            name: 'Smoke test: ${task.metadata.name}',
            description: 'Smoke test of ${taskId}, requested from the dashboard.',
            owner: 'release-engineering@example.com',
            source: 'https://hg.mozilla.org/mozilla-central/file/tip/taskcluster',
          },
          payload: { action: 'smoke-test', taskGroupId: '${taskGroupId}', taskId: '${taskId}' },
        },
      },
    ],
  };
}

/** What an action task's payload asks of the worker. */
interface ActionInstructions {
  action?: unknown;
  taskGroupId?: unknown;
  taskId?: unknown;
  input?: unknown;
}

/**
 * Performs an action task's instructions with `queue` (the task's own credentials) and returns
 * the lines of its log. Throws when the instructions are unknown or a call fails.
 */
export async function performAction(
  queue: QueueClient,
  payload: ActionInstructions,
  now = Date.now(),
): Promise<string[]> {
  const log: string[] = [`action: ${String(payload.action)}`];
  switch (payload.action) {
    case 'retrigger': {
      const taskId = String(payload.taskId);
      const input = (payload.input ?? {}) as { times?: unknown };
      const times = Math.min(Math.max(Number(input.times ?? 1) || 1, 1), 20);
      const original = await queue.task(taskId);
      for (let i = 0; i < times; i++) {
        const copy: TaskDefinition = {
          ...original,
          created: new Date(now).toJSON(),
          deadline: new Date(now + 86400_000).toJSON(),
          expires: new Date(Math.max(Date.parse(original.expires), now + 30 * 86400_000)).toJSON(),
          tags: { ...original.tags, retrigger: 'true' },
        };
        const newId = slugid.nice();
        await queue.createTask(newId, copy);
        log.push(`retriggered ${taskId} as ${newId}`);
      }
      return log;
    }
    case 'rerun-failed': {
      let token: string | undefined;
      let n = 0;
      do {
        const page = await queue.listTaskGroup(String(payload.taskGroupId), {
          continuationToken: token,
        });
        for (const { status } of page.tasks) {
          if (status.state !== 'failed' && status.state !== 'exception') continue;
          await queue.rerunTask(status.taskId);
          log.push(`reran ${status.taskId}`);
          n++;
        }
        token = page.continuationToken;
      } while (token);
      log.push(`${n} task(s) rerun`);
      return log;
    }
    case 'smoke-test':
      log.push(`smoke test of ${String(payload.taskId)}: all checks passed`);
      return log;
    default:
      throw new Error(`unknown action ${JSON.stringify(payload.action)}`);
  }
}
