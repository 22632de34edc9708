/** The Hooks service: triggering, schema rejection, the role's scopes, and persistence. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHooksClient } from '../../src/api';
import { ROOT, startTestQueue } from '../common/testing';

const GRANTED = {
  roleId: 'hook-id:svc/granted',
  scopes: [
    'queue:create-task:lowest:proj-hooks/svc',
    'queue:scheduler-id:svc',
    'queue:create-task:project:svc',
  ],
};

const definition = (task: Record<string, unknown>, triggerSchema?: Record<string, unknown>) => ({
  metadata: { name: 'svc', description: 'a hook', owner: 'dev@example.com' },
  task,
  ...(triggerSchema ? { triggerSchema } : {}),
});

const taskTemplate = {
  taskQueueId: 'proj-hooks/svc',
  schedulerId: 'svc',
  projectId: 'svc',
  priority: 'lowest',
  metadata: {
    name: 'from ${firedBy}',
    description: 'x',
    owner: 'dev@example.com',
    source: 'https://example.com/x',
  },
  payload: {},
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function start(db = ':memory:') {
  const q = await startTestQueue({ db, roles: [GRANTED] });
  return { q, hooks: createHooksClient({ rootUrl: q.url, credentials: ROOT, retries: 0 }) };
}

describe('hooks service', () => {
  it('fills defaults into the created task and applies no trigger-schema defaults', async () => {
    const { q, hooks } = await start();
    await hooks.createHook(
      'svc',
      'granted',
      definition(
        { ...taskTemplate, payload: { seen: { $eval: 'payload' } } },
        { type: 'object', properties: { dryRun: { type: 'boolean', default: true } } },
      ),
    );
    const before = q.clock.now();
    const { taskId } = await hooks.triggerHook('svc', 'granted', {});
    const task = await q.root.task(taskId!);
    expect(task.payload).toEqual({ seen: {} });
    expect(task.taskGroupId).toBe(taskId);
    expect(task.metadata.name).toBe('from triggerHook');
    expect(Date.parse(task.deadline) - Date.parse(task.created)).toBe(86400_000);
    expect(Date.parse(task.created)).toBeGreaterThanOrEqual(before - 1000);
    await q.close();
  });

  it('rejects a payload its triggerSchema refuses, and records no fire', async () => {
    const { q, hooks } = await start();
    await hooks.createHook('svc', 'granted', definition(taskTemplate));
    // The default triggerSchema accepts only {}.
    await expect(hooks.triggerHook('svc', 'granted', { a: 1 })).rejects.toMatchObject({
      status: 400,
      message: 'data must NOT have additional properties',
    });
    await expect(hooks.listLastFires('svc', 'granted')).rejects.toMatchObject({ status: 404 });
    await q.close();
  });

  it('creates the task with the role only: a role that falls short is a 403 naming it', async () => {
    const { q, hooks } = await start();
    await hooks.createHook('svc', 'bare', definition(taskTemplate));
    const err = await hooks.triggerHook('svc', 'bare', {}).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, code: 'InsufficientScopes' });
    expect((err as Error).message).toMatch(
      /^The role `hook-id:svc\/bare` does not have sufficient scopes to create the task:\n\nClient ID static\/taskcluster\/hooks does not have sufficient scopes/,
    );
    const status = await hooks.getHookStatus('svc', 'bare');
    expect(status.lastFire).toMatchObject({ result: 'error', error: { statusCode: 403 } });
    await q.close();
  });

  it('needs assume:hook-id to create a hook, so nobody makes a hook stronger than themselves', async () => {
    const { q } = await start();
    const limited = createHooksClient({
      rootUrl: q.url,
      credentials: ROOT,
      authorizedScopes: ['hooks:modify-hook:svc/x'],
      retries: 0,
    });
    await expect(limited.createHook('svc', 'x', definition(taskTemplate))).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('assume:hook-id:svc/x') as unknown,
    });
    await q.close();
  });

  it('answers {} when the template renders null, and 400 for a template error', async () => {
    const { q, hooks } = await start();
    await hooks.createHook(
      'svc',
      'granted',
      definition(
        { $if: 'payload.create', then: taskTemplate },
        { type: 'object', properties: { create: { type: 'boolean' } } },
      ),
    );
    expect(await hooks.triggerHook('svc', 'granted', { create: false })).toEqual({});
    await expect(hooks.triggerHook('svc', 'granted', {})).rejects.toMatchObject({
      status: 400,
      message: 'While firing hook:\n\nInterpreterError: object has no property "create"',
    });
    await q.close();
  });

  it('keeps hooks and their fires across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hooks-'));
    dirs.push(dir);
    const db = join(dir, 'db.sqlite');
    const first = await start(db);
    await first.hooks.createHook('svc', 'granted', definition(taskTemplate));
    const { taskId } = await first.hooks.triggerHook('svc', 'granted', {});
    await first.q.close();

    const second = await start(db);
    expect((await second.hooks.hook('svc', 'granted')).metadata.name).toBe('svc');
    const { lastFires } = await second.hooks.listLastFires('svc', 'granted');
    expect(lastFires.map((f) => f.taskId)).toEqual([taskId]);
    expect(lastFires[0]!.taskState).toBe('pending');
    await second.q.close();
  });
});
