/**
 * The bulk job against an HTTP-level double of the Queue whose answers can be lost after the
 * change was committed (as a 5xx from a proxy or a reset would lose them).
 */
import { describe, expect, it } from 'vitest';
import { createQueueClient, QueueError, type TaskDefinition, type TaskStatus } from '../../api';
import { BulkJob, describeError } from './bulk-job';

const ROOT = 'https://tc.example.com';

function fakeQueue() {
  const statuses = new Map<string, TaskStatus>();
  const tasks = new Map<string, TaskDefinition>();
  const calls: string[] = [];
  /** `METHOD path` → how many more answers to lose after doing the work. */
  const lose = new Map<string, number>();
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const path = url.pathname.replace('/api/queue/v1', '');
    const method = init?.method ?? 'GET';
    const key = `${method} ${path}`;
    calls.push(key);
    let answer: Response;
    let m: RegExpExecArray | null;
    if ((m = /^\/task\/([^/]+)\/status$/.exec(path))) {
      answer = json({ status: statuses.get(m[1]!) });
    } else if ((m = /^\/task\/([^/]+)\/rerun$/.exec(path))) {
      const s = statuses.get(m[1]!)!;
      s.runs.push({
        runId: s.runs.length,
        state: 'pending',
        reasonCreated: 'rerun',
        scheduled: new Date().toJSON(),
      });
      s.state = 'pending';
      answer = json({ status: s });
    } else if (path === '/tasks/status') {
      const ids = (JSON.parse(String(init!.body)) as { taskIds: string[] }).taskIds;
      answer = json({ statuses: ids.map((taskId) => ({ taskId, status: statuses.get(taskId) })) });
    } else if ((m = /^\/task\/([^/]+)$/.exec(path)) && method === 'GET') {
      answer = json(tasks.get(m[1]!));
    } else if ((m = /^\/task\/([^/]+)$/.exec(path)) && method === 'PUT') {
      const id = m[1]!;
      const body = JSON.parse(String(init!.body)) as TaskDefinition;
      const known = tasks.get(id);
      if (known && JSON.stringify(known) !== JSON.stringify(body))
        return json({ code: 'RequestConflict', message: 'taskId already used' }, 409);
      tasks.set(id, body);
      statuses.set(id, { ...status(id, 'failed'), state: 'pending', runs: [] });
      answer = json({ status: statuses.get(id) });
    } else {
      answer = json({ code: 'ResourceNotFound', message: key }, 404);
    }
    const wild = method === 'PUT' && (lose.get('PUT *') ?? 0) > 0 ? 'PUT *' : key;
    const n = lose.get(wild) ?? 0;
    if (n > 0) {
      lose.set(wild, n - 1);
      return json({ code: 'InternalServerError', message: 'answer lost' }, 502);
    }
    return answer;
  };
  const queue = createQueueClient({
    rootUrl: ROOT,
    credentials: { clientId: 'c', accessToken: 't' },
    retries: 0,
    fetch: fetch as typeof globalThis.fetch,
  });
  return { queue, statuses, tasks, calls, lose };
}

function status(taskId: string, state: 'failed' | 'running'): TaskStatus {
  return {
    taskId,
    provisionerId: 'p',
    workerType: 'w',
    taskQueueId: 'p/w',
    schedulerId: 's',
    projectId: 'A',
    taskGroupId: 'G',
    priority: 'lowest',
    deadline: new Date(Date.now() + 3600_000).toJSON(),
    expires: new Date(Date.now() + 86400_000).toJSON(),
    retriesLeft: 5,
    state,
    runs: [
      {
        runId: 0,
        state,
        reasonCreated: 'scheduled',
        scheduled: new Date().toJSON(),
        ...(state === 'failed' ? { reasonResolved: 'failed', resolved: new Date().toJSON() } : {}),
      },
    ],
  };
}

describe('bulk job', () => {
  it('a rerun whose answer was lost is not sent twice: the status shows it happened', async () => {
    const f = fakeQueue();
    for (const id of ['a', 'b']) f.statuses.set(id, status(id, 'failed'));
    f.lose.set('POST /task/a/rerun', 1);
    const seen: string[] = [];
    const job = new BulkJob({
      queue: f.queue,
      action: 'rerun',
      taskGroupId: 'G',
      tasks: [
        { taskId: 'a', name: 'A' },
        { taskId: 'b', name: 'B' },
      ],
      onStatus: (s) => seen.push(s.taskId),
      notifyEveryMs: 0,
    });
    await job.start();
    expect(job.counts()).toMatchObject({ done: 2, failed: 0 });
    expect(job.items[0]!.message).toMatch(/already done/);
    expect(f.calls.filter((c) => c === 'POST /task/a/rerun')).toHaveLength(1);
    expect(f.statuses.get('a')!.runs).toHaveLength(2);
    expect(seen.sort()).toEqual(['a', 'b']);
  });

  it('Retry failed reads the status first and calls only where the effect is missing', async () => {
    const f = fakeQueue();
    for (const id of ['a', 'b', 'c']) f.statuses.set(id, status(id, 'failed'));
    // a: the rerun lands but its answer and the status read after it are lost: unknown → failed.
    f.lose.set('POST /task/a/rerun', 1);
    f.lose.set('GET /task/a/status', 1);
    // b: refused before doing anything (the double answers 502 only after the work, so use c's 404).
    f.statuses.delete('c');
    const job = new BulkJob({
      queue: f.queue,
      action: 'rerun',
      taskGroupId: 'G',
      tasks: ['a', 'b', 'c'].map((taskId) => ({ taskId, name: taskId })),
      notifyEveryMs: 0,
    });
    await job.start();
    expect(job.counts()).toMatchObject({ done: 1, failed: 2 });
    f.statuses.set('c', status('c', 'failed'));
    await job.retryFailed();
    expect(job.counts()).toMatchObject({ done: 3, failed: 0 });
    // a was checked and found rerun: never a second call, never a third run.
    expect(f.calls.filter((c) => c === 'POST /task/a/rerun')).toHaveLength(1);
    expect(f.statuses.get('a')!.runs).toHaveLength(2);
    expect(f.calls.filter((c) => c === 'POST /task/b/rerun')).toHaveLength(1);
    expect(f.statuses.get('c')!.runs).toHaveLength(2);
  });

  it('Stop lets the calls in flight finish and starts no more; Continue does the rest once', async () => {
    const f = fakeQueue();
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (const id of ids) f.statuses.set(id, status(id, 'failed'));
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const job = new BulkJob({
      queue: f.queue,
      action: 'rerun',
      taskGroupId: 'G',
      tasks: ids.map((taskId) => ({ taskId, name: taskId })),
      concurrency: 2,
      notifyEveryMs: 0,
      runAction: async (queue, taskId) => {
        started.push(taskId);
        await gate;
        return { status: (await queue.rerunTask(taskId)).status, confirmedAfterFailure: false };
      },
    });
    const done = job.start();
    await expect.poll(() => started.length).toBe(2);
    job.stop();
    expect(job.state).toBe('stopping');
    expect(job.active).toBe(true);
    release();
    await done;
    expect(job.state).toBe('stopped');
    expect(started).toEqual(['a', 'b']);
    expect(job.counts()).toMatchObject({ done: 2, queued: 3, inFlight: 0, failed: 0 });
    expect(f.calls.filter((c) => c.endsWith('/rerun'))).toHaveLength(2);

    await job.retryFailed();
    expect(job.state).toBe('finished');
    expect(started).toEqual(ids);
    expect(job.counts()).toMatchObject({ done: 5, queued: 0 });
    for (const id of ids) expect(f.statuses.get(id)!.runs).toHaveLength(2);
  });

  it('a retried retrigger reuses the same new taskId and body', async () => {
    const f = fakeQueue();
    const now = Date.now();
    f.tasks.set('a', {
      provisionerId: 'p',
      workerType: 'w',
      taskQueueId: 'p/w',
      schedulerId: 's',
      taskGroupId: 'G',
      dependencies: ['x'],
      requires: 'all-completed',
      routes: [],
      priority: 'lowest',
      retries: 5,
      created: new Date(now - 1000).toJSON(),
      deadline: new Date(now + 3600_000).toJSON(),
      expires: new Date(now + 86400_000).toJSON(),
      scopes: [],
      payload: {},
      metadata: { name: 'a', description: '', owner: 'o@example.com', source: 'https://x' },
      tags: {},
      extra: {},
    });
    const job = new BulkJob({
      queue: f.queue,
      action: 'retrigger',
      taskGroupId: 'G',
      tasks: [{ taskId: 'a', name: 'a' }],
      notifyEveryMs: 0,
    });
    f.lose.set('PUT *', 1);
    await job.start();
    expect(job.counts().failed).toBe(1);
    const id = job.items[0]!.newTaskId!;
    await job.retryFailed();
    expect(job.counts().done).toBe(1);
    expect(job.items[0]!.newTaskId).toBe(id);
    const created = [...f.tasks.keys()].filter((k) => k !== 'a');
    expect(created).toEqual([id]);
    expect(f.tasks.get(id)!.dependencies).toEqual([]);
    expect(f.calls.filter((c) => c === `PUT /task/${id}`)).toHaveLength(2);
  });
});

describe('describeError', () => {
  it('names the missing scopes of a 403 on one line, the broad alternative first', () => {
    const expr = {
      AnyOf: [
        'queue:rerun-task:gecko-level-3/G1bLWCbHSRiHoAhrrgdXpw/Bl4cuVY1RuaBvs1bN8SlUg',
        'queue:rerun-task-in-project:B',
        { AllOf: ['queue:rerun-task', 'assume:scheduler-id:gecko-level-3/G1bLWCbHSRiHoAhrrgdXpw'] },
      ],
    };
    const message = `Client ID e2e/a does not have sufficient scopes and is missing the following scopes:\n\n\`\`\`\n${JSON.stringify(expr, null, 2)}\n\`\`\`\n\nThis request requires the client to satisfy the following scope expression:\n\n\`\`\`\n{}\n\`\`\``;
    const error = new QueueError({
      status: 403,
      code: 'InsufficientScopes',
      message,
      method: 'rerunTask',
    });
    expect(describeError(error)).toBe(
      '403 InsufficientScopes: missing queue:rerun-task-in-project:B or ' +
        'queue:rerun-task:gecko-level-3/G1bLWCbHSRiHoAhrrgdXpw/Bl4cuVY1RuaBvs1bN8SlUg or ' +
        '(queue:rerun-task and assume:scheduler-id:gecko-level-3/G1bLWCbHSRiHoAhrrgdXpw)',
    );
    const bare = new QueueError({
      status: 403,
      code: 'InsufficientScopes',
      message: 'is missing the following scopes:\n\n```\nqueue:rerun-task-in-project:B\n```',
      method: 'rerunTask',
    });
    expect(describeError(bare)).toBe(
      '403 InsufficientScopes: missing queue:rerun-task-in-project:B',
    );
  });
});
