/**
 * The official `taskcluster-client`'s Hooks and Auth, unchanged, against the local deployment:
 * create → trigger → the task exists with the rendered fields; scope expansion through roles;
 * the 400, 403 and 404 answers.
 */
import taskcluster from 'taskcluster-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, ROOT, startTestQueue, type TestQueue } from '../common/testing';

/* eslint-disable @typescript-eslint/no-explicit-any -- the official client is untyped JS */
let q: TestQueue;
let hooks: any;
let auth: any;
let queue: any;
const NARROW = { clientId: 'narrow', accessToken: 'narrow-token', scopes: ['hooks:list-hooks:*'] };

const ROLES = [
  {
    roleId: 'hook-id:interop/release',
    scopes: [
      'queue:create-task:low:proj-hooks/interop',
      'queue:scheduler-id:interop',
      'queue:create-task:project:interop',
    ],
  },
  {
    roleId: 'repo:example.com/demo:branch:main',
    scopes: ['in-tree:hook-action:interop/*', 'assume:hook-id:interop/release'],
  },
];

const hookBody = {
  metadata: {
    name: 'Release',
    description: 'interop',
    owner: 'dev@example.com',
    emailOnError: false,
  },
  task: {
    taskQueueId: 'proj-hooks/interop',
    schedulerId: 'interop',
    projectId: 'interop',
    created: { $fromNow: '0 seconds' },
    deadline: { $fromNow: '1 hour' },
    expires: { $fromNow: '2 days' },
    priority: 'low',
    metadata: {
      name: 'release ${payload.version}',
      description: 'fired by ${firedBy} for ${clientId}',
      owner: 'dev@example.com',
      source: 'https://example.com/release',
    },
    payload: { version: { $eval: 'payload.version' }, self: '${taskId}' },
  },
  triggerSchema: {
    type: 'object',
    properties: { version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+$' } },
    required: ['version'],
    additionalProperties: false,
  },
};

beforeAll(async () => {
  q = await startTestQueue({ roles: ROLES, extraClients: [NARROW] });
  const options = { rootUrl: q.url, credentials: ROOT, retries: 0 };
  hooks = new taskcluster.Hooks(options);
  auth = new taskcluster.Auth(options);
  queue = new taskcluster.Queue(options);
});
afterAll(() => q.close());

describe('official taskcluster-client Hooks and Auth against the local deployment', () => {
  it('creates a hook, triggers it, and the task exists with the rendered fields', async () => {
    const created = await hooks.createHook('interop', 'release', hookBody);
    expect(created).toMatchObject({ hookGroupId: 'interop', hookId: 'release' });
    expect(created.metadata.emailOnError).toBe(false);
    expect((await hooks.listHookGroups()).groups).toContain('interop');
    expect((await hooks.hook('interop', 'release')).bindings).toEqual([]);

    const fired = await hooks.triggerHook('interop', 'release', { version: '2.5' });
    expect(fired.status).toEqual({ taskId: fired.taskId });
    const task = await queue.task(fired.taskId);
    expect(task.metadata.name).toBe('release 2.5');
    expect(task.metadata.description).toBe('fired by triggerHook for static/taskcluster/root');
    expect(task.payload).toEqual({ version: '2.5', self: fired.taskId });
    expect(task.taskGroupId).toBe(fired.taskId);
    expect(Date.parse(task.deadline) - Date.parse(task.created)).toBe(3600_000);

    const status = await hooks.getHookStatus('interop', 'release');
    expect(status.lastFire).toMatchObject({ result: 'success', taskId: fired.taskId });
    const { lastFires } = await hooks.listLastFires('interop', 'release');
    expect(lastFires[0]).toMatchObject({ taskId: fired.taskId, taskState: 'pending', error: '' });
  });

  it('encodes a slash in a hookId, and updates and removes hooks', async () => {
    await hooks.createHook('interop', 'nested/hook', { ...hookBody, bindings: [] });
    // updateHook needs the role to be assumable too: root has `*`.
    const updated = await hooks.updateHook('interop', 'nested/hook', {
      ...hookBody,
      metadata: { ...hookBody.metadata, description: 'updated' },
    });
    expect(updated.metadata.description).toBe('updated');
    expect((await hooks.listHooks('interop')).hooks.map((h: any) => h.hookId)).toContain(
      'nested/hook',
    );
    expect(await hooks.removeHook('interop', 'nested/hook')).toEqual({});
    expect((await failure(hooks.hook('interop', 'nested/hook'))).statusCode).toBe(404);
  });

  it('answers 400 for a payload the triggerSchema rejects, naming each problem', async () => {
    const err = await failure(hooks.triggerHook('interop', 'release', { version: 'x', more: 1 }));
    expect(err.statusCode).toBe(400);
    expect(err.code).toBe('InputError');
    expect(err.message).toContain('data must NOT have additional properties');
    expect(err.message).toContain('data/version must match pattern');
  });

  it('answers 403 naming the scope the caller lacks', async () => {
    const narrow = new taskcluster.Hooks({ rootUrl: q.url, credentials: NARROW, retries: 0 });
    const err = await failure(narrow.triggerHook('interop', 'release', { version: '1.0' }));
    expect(err.statusCode).toBe(403);
    expect(err.message).toContain('hooks:trigger-hook:interop/release');
  });

  it('answers 404 for an unknown hook and an unknown group', async () => {
    expect((await failure(hooks.triggerHook('interop', 'nope', {}))).statusCode).toBe(404);
    expect((await failure(hooks.listHooks('no-such-group'))).statusCode).toBe(404);
    expect((await failure(hooks.listLastFires('interop', 'nope'))).statusCode).toBe(404);
  });

  it('expands a role with Auth.expandScopes, through star scopes too', async () => {
    const { scopes } = await auth.expandScopes({ scopes: ['assume:repo:example.com/demo:*'] });
    expect(scopes).toEqual([
      'assume:hook-id:interop/release',
      'assume:repo:example.com/demo:*',
      'in-tree:hook-action:interop/*',
      'queue:create-task:low:proj-hooks/interop',
      'queue:create-task:project:interop',
      'queue:scheduler-id:interop',
    ]);
    const bad = await failure(auth.expandScopes({ scopes: ['a', 'a'] }));
    expect(bad.statusCode).toBe(400);
  });

  it('tells the caller its current scopes, anonymous or not', async () => {
    expect((await auth.currentScopes()).scopes).toEqual(['*']);
    const anonymous = new taskcluster.Auth({ rootUrl: q.url, retries: 0 });
    const { scopes } = await anonymous.currentScopes();
    expect(scopes).toContain('assume:anonymous');
    expect(scopes).toContain('hooks:get:*');
    expect(scopes).not.toContain('hooks:trigger-hook:*');
    expect((await anonymous.ping()).alive).toBe(true);
  });
});
