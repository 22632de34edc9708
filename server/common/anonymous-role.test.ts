import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQueueError } from '../../src/api';
import { anonymousScopesFromFlags, PUBLIC_ANONYMOUS_SCOPES } from './anonymous-role';
import { newId, startTestQueue, taskDef, type TestQueue } from './testing';

describe('the anonymous role', () => {
  it('is the documented public role, exactly', () => {
    // Taskcluster's manual, deploying/anonymous-role.mdx, "Public Deployments": its queue, auth
    // and hooks scopes (the auth and hooks ones as a real deployment's currentScopes shows them).
    expect([...PUBLIC_ANONYMOUS_SCOPES]).toEqual([
      'queue:get-artifact:public/*',
      'queue:get-provisioner:*',
      'queue:get-task:*',
      'queue:get-worker-type:*',
      'queue:get-worker:*',
      'queue:list-artifacts:*',
      'queue:list-dependent-tasks:*',
      'queue:list-provisioners',
      'queue:list-task-group:*',
      'queue:list-worker-types:*',
      'queue:list-workers:*',
      'queue:pending-count:*',
      'queue:status:*',
      'auth:current-scopes',
      'auth:expand-scopes',
      'auth:get-client:*',
      'auth:get-role:*',
      'auth:list-clients',
      'auth:list-roles',
      'hooks:get:*',
      'hooks:list-hooks:*',
      'hooks:list-last-fires:*',
      'hooks:status:*',
    ]);
  });

  it('--private empties it, --anonymous-scopes replaces it, not both', () => {
    expect(anonymousScopesFromFlags({})).toBe(PUBLIC_ANONYMOUS_SCOPES);
    expect(anonymousScopesFromFlags({ private: true })).toEqual([]);
    expect(
      anonymousScopesFromFlags({ anonymousScopes: 'queue:get-task:*, queue:status:*' }),
    ).toEqual(['queue:get-task:*', 'queue:status:*']);
    expect(anonymousScopesFromFlags({ anonymousScopes: '' })).toEqual([]);
    expect(() => anonymousScopesFromFlags({ private: true, anonymousScopes: 'x' })).toThrow(
      /contradict/,
    );
  });
});

describe('a visitor of the default (public) deployment', () => {
  let q: TestQueue;
  const taskId = newId();
  beforeAll(async () => {
    q = await startTestQueue({ anonymousScopes: undefined });
    await q.root.createTask(taskId, taskDef({ taskQueueId: 'prov-a/wt-1' }));
  });
  afterAll(() => q.close());

  const status = (p: Promise<unknown>) =>
    p.then(
      () => 200,
      (e: unknown) => (isQueueError(e) ? e.status : -1),
    );

  it('reads what public deployments show', async () => {
    expect(await status(q.anonymous.task(taskId))).toBe(200);
    expect(await status(q.anonymous.status(taskId))).toBe(200);
    expect(await status(q.anonymous.pendingTasks('prov-a/wt-1'))).toBe(200);
    expect(await status(q.anonymous.listProvisioners())).toBe(200);
    expect(await status(q.anonymous.listWorkerTypes('prov-a'))).toBe(200);
    expect(await status(q.anonymous.listDependentTasks(taskId))).toBe(200);
  });

  it('is refused what the public role lacks', async () => {
    expect(await status(q.anonymous.taskQueueCounts('prov-a/wt-1'))).toBe(403);
    expect(await status(q.anonymous.listPendingTasks('prov-a/wt-1'))).toBe(403);
    expect(await status(q.anonymous.listClaimedTasks('prov-a/wt-1'))).toBe(403);
    expect(await status(q.anonymous.listTaskQueues())).toBe(403);
    expect(await status(q.anonymous.getTaskQueue('prov-a/wt-1'))).toBe(403);
  });
});

describe('a visitor of a private deployment', () => {
  it('is refused even the public reads', async () => {
    const q = await startTestQueue({
      anonymousScopes: anonymousScopesFromFlags({ private: true }),
    });
    try {
      const taskId = newId();
      await q.root.createTask(taskId, taskDef());
      const err = await q.anonymous.task(taskId).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 403, code: 'InsufficientScopes' });
      expect((await q.root.task(taskId)).metadata.name).toBe('test task');
    } finally {
      await q.close();
    }
  });
});
