/**
 * The demo's in-tree actions: the CI push's decision task publishes actions.json whose
 * `retrigger` context matches every task but the decision task, the hook exists and the decision
 * task's scopes allow it, and an action task's instructions, performed with the task's own
 * credentials, create the copies.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthClient, createHooksClient, createQueueClient } from '../../src/api';
import {
  actionsForGroup,
  actionsForTask,
  mayUseHook,
  type ActionsFile,
} from '../../src/queries/actions/actions-model';
import { renderAction } from '../../src/queries/actions/render-action';
import { validateActionsJson } from '../../src/schemas';
import { ROOT, startTestQueue, type TestQueue } from '../common/testing';
import { ACTION_HOOK, ACTION_QUEUE, DEMO_ROLES, performAction } from './actions';
import { seedDemo, seedDemoHooks, type DemoIds } from './seed-demo';

let q: TestQueue;
let ids: DemoIds;
let file: ActionsFile;

beforeAll(async () => {
  q = await startTestQueue({ roles: DEMO_ROLES });
  ids = seedDemo(q.deployment.queue.store)!;
  seedDemoHooks(q.deployment.hooks.store);
  const loc = await q.root.latestArtifact(ids.decisionTask, 'public/actions.json');
  if (loc.storageType !== 's3') throw new Error('actions.json is not an s3 artifact');
  file = (await (await fetch(loc.url)).json()) as ActionsFile;
}, 60_000);
afterAll(() => q.close());

async function groupTasks() {
  const all = [];
  let token: string | undefined;
  do {
    const page = await q.root.listTaskGroup(ids.ciGroup, { continuationToken: token });
    all.push(...page.tasks);
    token = page.continuationToken;
  } while (token);
  return all;
}

describe('demo in-tree actions', () => {
  it('publishes a valid actions.json whose retrigger matches every task but the decision task', async () => {
    expect(validateActionsJson(file).valid).toBe(true);
    const tasks = await groupTasks();
    expect(tasks.length).toBeGreaterThan(50);
    for (const { task, status } of tasks) {
      const names = actionsForTask(file, task.tags).map((a) => a.name);
      if (status.taskId === ids.decisionTask) expect(names).toEqual([]);
      else expect(names, task.metadata.name).toContain('retrigger');
    }
    expect(actionsForGroup(file).map((a) => a.title)).toEqual(['Rerun failed tasks']);
    const build = tasks.find((t) => t.task.tags.kind === 'build')!;
    expect(actionsForTask(file, build.task.tags).map((a) => a.title)).toEqual([
      'Retrigger',
      'Run smoke test',
    ]);
  });

  it("lets the decision task's scopes use the hook, which exists", async () => {
    const decision = await q.root.task(ids.decisionTask);
    const auth = createAuthClient({ rootUrl: q.url });
    const { scopes } = await auth.expandScopes({ scopes: decision.scopes });
    expect(mayUseHook(scopes, ACTION_HOOK.hookGroupId, ACTION_HOOK.hookId)).toBe(true);
    const hooks = createHooksClient({ rootUrl: q.url });
    expect((await hooks.hook(ACTION_HOOK.hookGroupId, ACTION_HOOK.hookId)).metadata.name).toMatch(
      /Generic in-tree action/,
    );
  });

  it('retriggers ×3: the hook makes an action task, whose credentials create three copies', async () => {
    const tasks = await groupTasks();
    const target = tasks.find((t) => t.task.metadata.name.startsWith('test-'))!;
    const retrigger = actionsForTask(file, target.task.tags).find((a) => a.name === 'retrigger')!;
    const { hookPayload } = renderAction({
      file,
      action: retrigger,
      taskGroupId: ids.ciGroup,
      taskId: target.status.taskId,
      task: target.task,
      input: { times: 3 },
      ownTaskId: 'unused',
    });
    const hooks = createHooksClient({ rootUrl: q.url, credentials: ROOT });
    const fired = await hooks.triggerHook(
      ACTION_HOOK.hookGroupId,
      ACTION_HOOK.hookId,
      hookPayload!,
    );
    const actionTask = await q.root.task(fired.taskId!);
    expect(actionTask.taskGroupId).toBe(ids.ciGroup);
    expect(actionTask.payload).toMatchObject({ action: 'retrigger', input: { times: 3 } });

    const { tasks: claimed } = await q.root.claimWork(ACTION_QUEUE, {
      workerGroup: 'demo',
      workerId: 'test',
      tasks: 1,
    });
    expect(claimed[0]!.status.taskId).toBe(fired.taskId);
    // Only the action task's own credentials: nothing of the root client's.
    const asTask = createQueueClient({ rootUrl: q.url, credentials: claimed[0]!.credentials });
    const log = await performAction(asTask, claimed[0]!.task.payload);
    expect(log.filter((l) => l.startsWith('retriggered'))).toHaveLength(3);
    const copies = (await groupTasks()).filter(
      (t) => t.task.metadata.name === target.task.metadata.name && t.task.tags.retrigger,
    );
    expect(copies).toHaveLength(3);
  });
});
