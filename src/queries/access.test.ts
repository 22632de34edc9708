import { describe, expect, it, vi } from 'vitest';
import { QueueError, type QueueClient } from '../api';
import { AccessMemory, withFallback, type Caller } from './access';
import { countsQuery, statusesQuery, taskQueuesQuery } from './queue-queries';

const anonymous: Caller = { rootUrl: 'https://tc.example.com' };
const alice: Caller = { ...anonymous, credentials: { clientId: 'alice', accessToken: 'secret' } };

const err = (
  status: number,
  method: string,
  code = status === 403 ? 'InsufficientScopes' : 'UnknownError',
) => new QueueError({ status, code, message: `HTTP ${status}`, method });

describe('withFallback', () => {
  it('uses the richer call when it answers, and remembers nothing', async () => {
    const memory = new AccessMemory();
    const plain = vi.fn();
    await expect(
      withFallback(anonymous, 'taskQueueCounts', async () => 'rich', plain, memory),
    ).resolves.toBe('rich');
    expect(plain).not.toHaveBeenCalled();
    expect(memory.refusal(anonymous, 'taskQueueCounts')).toBeUndefined();
  });

  it('falls back on a 403 and skips the richer call for the rest of the session', async () => {
    const memory = new AccessMemory();
    const rich = vi.fn(async () => {
      throw err(403, 'taskQueueCounts');
    });
    const plain = vi.fn(async (why: string) => `plain:${why}`);
    await expect(withFallback(anonymous, 'taskQueueCounts', rich, plain, memory)).resolves.toBe(
      'plain:forbidden',
    );
    await expect(withFallback(anonymous, 'taskQueueCounts', rich, plain, memory)).resolves.toBe(
      'plain:forbidden',
    );
    expect(rich).toHaveBeenCalledTimes(1);
    expect(plain).toHaveBeenCalledTimes(2);
  });

  it('remembers per identity: another client tries the richer call again', async () => {
    const memory = new AccessMemory();
    memory.remember(anonymous, 'listTaskQueues', 'forbidden');
    const rich = vi.fn(async () => 'rich');
    await expect(
      withFallback(alice, 'listTaskQueues', rich, async () => 'plain', memory),
    ).resolves.toBe('rich');
    await expect(
      withFallback(anonymous, 'listTaskQueues', rich, async () => 'plain', memory),
    ).resolves.toBe('plain');
    expect(rich).toHaveBeenCalledTimes(1);
  });

  it('falls back on a missing route (older deployments) and remembers it', async () => {
    const memory = new AccessMemory();
    const result = await withFallback(
      anonymous,
      'statuses',
      async () => {
        throw err(404, 'statuses');
      },
      async (why) => why,
      memory,
    );
    expect(result).toBe('missing');
    expect(memory.refusal(anonymous, 'statuses')).toBe('missing');
  });

  it('falls back on ResourceNotFound without remembering it (it is about the arguments)', async () => {
    const memory = new AccessMemory();
    const result = await withFallback(
      anonymous,
      'taskQueueCounts',
      async () => {
        throw err(404, 'taskQueueCounts', 'ResourceNotFound');
      },
      async (why) => why,
      memory,
    );
    expect(result).toBe('missing');
    expect(memory.refusal(anonymous, 'taskQueueCounts')).toBeUndefined();
  });

  it('propagates other failures without falling back', async () => {
    const memory = new AccessMemory();
    const plain = vi.fn();
    await expect(
      withFallback(
        anonymous,
        'taskQueueCounts',
        async () => {
          throw err(500, 'taskQueueCounts', 'InternalServerError');
        },
        plain,
        memory,
      ),
    ).rejects.toMatchObject({ status: 500 });
    await expect(
      withFallback(
        anonymous,
        'taskQueueCounts',
        async () => {
          throw err(401, 'taskQueueCounts', 'AuthenticationFailed');
        },
        plain,
        memory,
      ),
    ).rejects.toMatchObject({ status: 401 });
    expect(plain).not.toHaveBeenCalled();
  });
});

describe('private deployments', () => {
  it('are recognised by an anonymous 403 on a read the public role allows', () => {
    const memory = new AccessMemory();
    const seen = vi.fn();
    memory.subscribe(seen);
    memory.observe(anonymous, err(403, 'taskQueueCounts')); // not in the public role
    memory.observe(alice, err(403, 'task')); // signed in: says nothing about visitors
    memory.observe(anonymous, err(404, 'task', 'ResourceNotFound'));
    expect(memory.isPrivate(anonymous.rootUrl)).toBe(false);
    memory.observe(anonymous, err(403, 'listTaskGroup'));
    expect(memory.isPrivate(anonymous.rootUrl)).toBe(true);
    expect(memory.isPrivate('https://other.example.com')).toBe(false);
    expect(seen).toHaveBeenCalledTimes(1);
    memory.forget(anonymous.rootUrl);
    expect(memory.isPrivate(anonymous.rootUrl)).toBe(false);
  });
});

/** A fake Queue client whose methods answer from `answers` (a function per method). */
function fakeQueue(caller: Caller, answers: Record<string, (...args: unknown[]) => unknown>) {
  const calls: string[] = [];
  const client = new Proxy(
    { ...caller },
    {
      get(target, prop: string) {
        if (prop in target) return target[prop as keyof typeof target];
        return async (...args: unknown[]) => {
          calls.push(prop);
          const answer = answers[prop];
          if (!answer) throw err(404, prop);
          return answer(...args);
        };
      },
    },
  ) as unknown as QueueClient;
  return { client, calls };
}

const run = <T>(options: { queryFn?: unknown }) =>
  (options.queryFn as (ctx: { signal: AbortSignal }) => Promise<T>)({
    signal: new AbortController().signal,
  });

describe('queries with fallbacks', () => {
  it('pending count: taskQueueCounts, else pendingTasks with the reason', async () => {
    const caller: Caller = { rootUrl: `https://counts-${Math.random()}.example` };
    const { client, calls } = fakeQueue(caller, {
      taskQueueCounts: () => {
        throw err(403, 'taskQueueCounts');
      },
      pendingTasks: () => ({ pendingTasks: 7 }),
    });
    expect(await run(countsQuery(client, 'p/w'))).toEqual({
      pendingTasks: 7,
      claimed: 'forbidden',
    });
    expect(await run(countsQuery(client, 'p/w2'))).toEqual({
      pendingTasks: 7,
      claimed: 'forbidden',
    });
    expect(calls).toEqual(['taskQueueCounts', 'pendingTasks', 'pendingTasks']);
  });

  it('pending count: both counts when allowed', async () => {
    const { client } = fakeQueue(
      { rootUrl: `https://c2-${Math.random()}.example` },
      {
        taskQueueCounts: () => ({ pendingTasks: 3, claimedTasks: 2 }),
      },
    );
    expect(await run(countsQuery(client, 'p/w'))).toEqual({ pendingTasks: 3, claimedTasks: 2 });
  });

  it('worker types: listTaskQueues, else listProvisioners + listWorkerTypes over every page', async () => {
    const { client, calls } = fakeQueue(
      { rootUrl: `https://wt-${Math.random()}.example` },
      {
        listTaskQueues: () => {
          throw err(403, 'listTaskQueues');
        },
        listProvisioners: (opts) =>
          (opts as { continuationToken?: string }).continuationToken
            ? { provisioners: [{ provisionerId: 'b' }] }
            : { provisioners: [{ provisionerId: 'a' }], continuationToken: 't1' },
        listWorkerTypes: (p, opts) =>
          p === 'a' && !(opts as { continuationToken?: string }).continuationToken
            ? { workerTypes: [{ provisionerId: 'a', workerType: 'z' }], continuationToken: 'n' }
            : { workerTypes: [{ provisionerId: p, workerType: 'y' }] },
      },
    );
    expect(await run(taskQueuesQuery(client))).toEqual(['a/y', 'a/z', 'b/y']);
    expect(calls[0]).toBe('listTaskQueues');
    expect(calls.filter((c) => c === 'listWorkerTypes')).toHaveLength(3);
  });

  it('statuses: the batch call, else one status call per task', async () => {
    const { client, calls } = fakeQueue(
      { rootUrl: `https://st-${Math.random()}.example` },
      {
        statuses: () => {
          throw err(403, 'statuses');
        },
        status: (id) => {
          if (id === 'gone') throw err(404, 'status', 'ResourceNotFound');
          return { status: { taskId: id, state: 'completed', runs: [] } };
        },
      },
    );
    const map = await run<Map<string, unknown>>(statusesQuery(client, ['a', 'gone', 'b']));
    expect([...map.keys()]).toEqual(['a', 'b']);
    expect(calls.filter((c) => c === 'statuses')).toHaveLength(1);
  });
});
