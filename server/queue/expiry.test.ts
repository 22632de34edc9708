import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isQueueError } from '../../src/api';
import { newId, startTestQueue, taskDef, type TestQueue } from '../common/testing';

let q: TestQueue;
beforeAll(async () => {
  q = await startTestQueue();
});
afterAll(() => q.close());

const HOUR = 3600_000;
const statusOf = (p: Promise<unknown>) =>
  p.then(
    () => 200,
    (e: unknown) => (isQueueError(e) ? e.status : Promise.reject(e)),
  );

describe('expiry sweep (the real Queue expire-tasks and expire-task-groups jobs)', () => {
  it('deletes tasks past their expires, then their group an hour after its last task', async () => {
    const now = q.clock.now();
    const group = newId();
    const [short, long, dependent] = [newId(), newId(), newId()];
    const def = (o: Parameters<typeof taskDef>[0]) => taskDef({ taskGroupId: group, ...o }, now);
    await q.root.createTask(
      short,
      def({ deadline: new Date(now + HOUR).toJSON(), expires: new Date(now + HOUR).toJSON() }),
    );
    await q.root.createTask(long, def({ expires: new Date(now + 24 * HOUR).toJSON() }));
    await q.root.createTask(
      dependent,
      def({
        dependencies: [short],
        deadline: new Date(now + HOUR / 2).toJSON(),
        expires: new Date(now + 24 * HOUR).toJSON(),
      }),
    );
    const listed = async () =>
      (await q.root.listTaskGroup(group)).tasks.map((t) => t.status.taskId).sort();

    // Nothing is due yet.
    expect(q.deployment.queue.expire()).toEqual({ tasks: 0, taskGroups: 0 });
    expect(await listed()).toEqual([short, long, dependent].sort());

    q.clock.advance(2 * HOUR);
    expect(q.deployment.queue.expire()).toEqual({ tasks: 1, taskGroups: 0 });
    expect(await listed()).toEqual([long, dependent].sort());
    expect(await statusOf(q.root.status(short))).toBe(404);
    expect(await statusOf(q.root.task(short))).toBe(404);
    // The dependent outlives what it depended on.
    expect((await q.root.task(dependent)).dependencies).toEqual([short]);

    // The group lives one hour past its last task.
    q.clock.advance(22.5 * HOUR);
    expect(q.deployment.queue.expire()).toEqual({ tasks: 2, taskGroups: 0 });
    expect(await listed()).toEqual([]);
    q.clock.advance(HOUR);
    expect(q.deployment.queue.expire()).toEqual({ tasks: 0, taskGroups: 1 });
    expect(await statusOf(q.root.listTaskGroup(group))).toBe(404);
    expect(await statusOf(q.root.getTaskGroup(group))).toBe(404);
  });
});
