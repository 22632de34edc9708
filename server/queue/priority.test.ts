// changeTaskPriority and changeTaskGroupPriority against what the real Queue answered.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQueueError, type QueueClient } from '../../src/api';
import { newId, ROOT, startTestQueue, taskDef, type TestQueue } from '../common/testing';

interface Capture {
  request: { body: unknown };
  response: { status: number; body: Record<string, unknown> };
}
const capture = (name: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures/priority', `${name}.json`), 'utf8'),
  ) as Capture;

let q: TestQueue;
let root: QueueClient;
const narrow = { clientId: 'test/narrow', accessToken: 'narrow-token' };

beforeAll(async () => {
  q = await startTestQueue({
    extraClients: [{ ...narrow, scopes: ['queue:change-task-priority-in-queue:proj-test/other'] }],
  });
  root = q.root;
});
afterAll(() => q.close());

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => (isQueueError(e) ? e : Promise.reject(e)),
  );

describe('changeTaskPriority', () => {
  it('answers the new status and changes the definition, as captured', async () => {
    const id = newId();
    await root.createTask(id, taskDef({ priority: 'low' }));
    const answer = await root.changeTaskPriority(id, { newPriority: 'high' });
    const real = capture('queue-changeTaskPriority').response.body as {
      status: Record<string, unknown>;
    };
    expect(Object.keys(answer)).toEqual(Object.keys(real));
    expect(Object.keys(answer.status).sort()).toEqual(Object.keys(real.status).sort());
    expect(answer.status.priority).toBe('high');
    expect((await root.task(id)).priority).toBe('high');
  });

  it('409 "already resolved" on a resolved task and on an unchanged priority', async () => {
    const real = capture('queue-changeTaskPriority-resolved').response;
    const id = newId();
    await root.createTask(id, taskDef({ priority: 'low' }));
    const same = await errorOf(root.changeTaskPriority(id, { newPriority: 'low' }));
    expect(same.status).toBe(real.status);
    expect(same.code).toBe(real.body.code);
    expect(same.message).toBe(`Task \`${id}\` is already resolved and cannot be reprioritized.`);
    await root.cancelTask(id);
    const resolved = await errorOf(root.changeTaskPriority(id, { newPriority: 'medium' }));
    expect(resolved.status).toBe(409);
    expect(String(real.body.message)).toContain(
      resolved.message.replace(id, 'JLUBPIVATmiYpGwv_one2w'),
    );
  });

  it('403 names both scopes that would do, as captured', async () => {
    const real = capture('queue-changeTaskPriority-insufficient-scopes').response;
    const id = newId();
    await root.createTask(id, taskDef());
    const err = await errorOf(q.clientFor(narrow).changeTaskPriority(id, { newPriority: 'high' }));
    expect(err.status).toBe(real.status);
    expect(err.code).toBe(real.body.code);
    expect(err.message).toContain(`queue:change-task-priority:${id}`);
    expect(err.message).toContain('queue:change-task-priority-in-queue:proj-test/ci');
  });
});

describe('changeTaskGroupPriority', () => {
  it('changes only unresolved tasks whose priority differs; a repeat affects none', async () => {
    const group = newId();
    const [a, b, c, d] = [newId(), newId(), newId(), newId()];
    await root.createTask(a, taskDef({ taskGroupId: group, priority: 'low' }));
    await root.createTask(b, taskDef({ taskGroupId: group, priority: 'very-high' }));
    await root.createTask(c, taskDef({ taskGroupId: group, priority: 'low', dependencies: [c] }));
    await root.createTask(d, taskDef({ taskGroupId: group, priority: 'low' }));
    await root.cancelTask(d);

    const answer = await root.changeTaskGroupPriority(group, { newPriority: 'very-high' });
    const real = capture('queue-changeTaskGroupPriority').response.body;
    expect(Object.keys(answer)).toEqual(Object.keys(real));
    expect(answer).toMatchObject({
      taskGroupId: group,
      schedulerId: 'test-scheduler',
      newPriority: 'very-high',
      tasksAffected: 2,
    });
    expect(new Set(answer.taskIds)).toEqual(new Set([a, c]));
    expect((await root.status(a)).status.priority).toBe('very-high');
    expect((await root.task(c)).priority).toBe('very-high');
    expect((await root.status(d)).status.priority).toBe('low');

    const again = await root.changeTaskGroupPriority(group, { newPriority: 'very-high' });
    expect(again).toMatchObject({ tasksAffected: 0, taskIds: [] });
  });

  it('needs queue:change-task-group-priority:<schedulerId>/<taskGroupId>; 404 for an unknown group', async () => {
    const group = newId();
    await root.createTask(group, taskDef({ taskGroupId: group }));
    const denied = await errorOf(
      q.clientFor(narrow).changeTaskGroupPriority(group, { newPriority: 'high' }),
    );
    expect(denied.status).toBe(403);
    expect(denied.message).toContain(`queue:change-task-group-priority:test-scheduler/${group}`);
    const allowed = q.clientFor(ROOT, [`queue:change-task-group-priority:test-scheduler/${group}`]);
    await expect(
      allowed.changeTaskGroupPriority(group, { newPriority: 'high' }),
    ).resolves.toMatchObject({
      tasksAffected: 1,
    });
    const missing = await errorOf(root.changeTaskGroupPriority(newId(), { newPriority: 'high' }));
    expect(missing.status).toBe(404);
    const bad = await errorOf(
      root.changeTaskGroupPriority(group, { newPriority: 'urgent' as 'high' }),
    );
    expect(bad.status).toBe(400);
  });
});
