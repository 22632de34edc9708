/** Routes of workers' claims: claimWork (long-polling), claimTask, reclaims and run reports. */
import type { TaskRun } from '../../../src/api/types';
import { iso, type TaskRow } from '../store/core';
import { runIdOf, statusReply, type QueueRoute, type QueueRouteContext } from './context';

export function claimRoutes({ store, auth }: QueueRouteContext): QueueRoute[] {
  const routes: QueueRoute[] = [];
  const def = (r: QueueRoute) => routes.push(r);

  /** ISO with `+00:00` and trailing zeros dropped, as PostgreSQL prints claimWork's takenUntil. */
  const pgTime = (value: string) =>
    value.replace(/\.?0*Z$/, '+00:00').replace(/(\.\d*?)0+\+00:00$/, '$1+00:00');

  function credentialsFor(row: TaskRow, runId: number, run: TaskRun) {
    const takenUntil = Date.parse(run.takenUntil!);
    const def = store.definitionOf(row);
    return auth.issueTemporaryCredentials({
      clientId: `task-client/${row.task_id}/${runId}/on/${run.workerGroup}/${run.workerId}/until/${Math.floor(takenUntil / 1000)}`,
      start: Date.now(),
      expiry: takenUntil,
      scopes: [
        `queue:reclaim-task:${row.task_id}/${runId}`,
        `queue:resolve-task:${row.task_id}/${runId}`,
        `queue:create-artifact:${row.task_id}/${runId}`,
        ...def.scopes,
      ],
    });
  }

  function claimJson(
    claim: { row: TaskRow; run: TaskRun; runId: number },
    withTask: boolean,
    pgStyle: boolean,
  ) {
    const { row, run, runId } = claim;
    const body: Record<string, unknown> = {
      status: store.status(row),
      runId,
      workerGroup: run.workerGroup,
      workerId: run.workerId,
      takenUntil: pgStyle ? pgTime(run.takenUntil!) : run.takenUntil,
    };
    if (withTask) body.task = store.definitionOf(row);
    body.credentials = credentialsFor(row, runId, run);
    return body;
  }

  def({
    name: 'pollTaskUrls',
    method: 'GET',
    path: '/poll-task-url/:provisionerId/:workerType',
    scopes: (p) => ({
      AnyOf: [
        `queue:poll-task-urls:${p.provisionerId}/${p.workerType}`,
        {
          AllOf: ['queue:poll-task-urls', `assume:worker-type:${p.provisionerId}/${p.workerType}`],
        },
      ],
    }),
    // Azure queues are gone: 2016 workers get no queues and fall back to claimWork.
    handler: () => ({ queues: [], expires: iso(store.now() + 15 * 60_000) }),
  });
  def({
    name: 'claimWork',
    method: 'POST',
    path: '/claim-work/:taskQueueId{.+}',
    input: 'claim-work-request',
    handler: async (req) => {
      const tq = req.params.taskQueueId!;
      const body = req.body as { workerGroup: string; workerId: string; tasks: number };
      req.authorize({
        AllOf: [`queue:claim-work:${tq}`, `queue:worker-id:${body.workerGroup}/${body.workerId}`],
      });
      const deadline = Date.now() + 20_000;
      for (;;) {
        const claims = store.claims.claimWork(tq, body.workerGroup, body.workerId, body.tasks);
        if (claims.length || Date.now() >= deadline || req.signal.aborted) {
          return { tasks: claims.map((c) => claimJson(c, true, true)) };
        }
        await waitForPending(tq, deadline - Date.now(), req.signal);
      }
    },
  });
  const waiters = new Map<string, Set<() => void>>();
  store.onPending((tq) => {
    for (const wake of waiters.get(tq) ?? []) wake();
  });
  function waitForPending(tq: string, ms: number, signal: AbortSignal) {
    return new Promise<void>((resolve) => {
      const set = waiters.get(tq) ?? new Set();
      waiters.set(tq, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      set.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
  def({
    name: 'claimTask',
    method: 'POST',
    path: '/task/:taskId/runs/:runId/claim',
    input: 'task-claim-request',
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      const body = req.body as { workerGroup: string; workerId: string };
      req.authorize({
        AnyOf: [
          {
            AllOf: [
              `queue:claim-task:${row.task_queue_id}`,
              `queue:worker-id:${body.workerGroup}/${body.workerId}`,
            ],
          },
          {
            AllOf: [
              'queue:claim-task',
              `assume:worker-type:${row.task_queue_id}`,
              `assume:worker-id:${body.workerGroup}/${body.workerId}`,
            ],
          },
        ],
      });
      return claimJson(
        store.claims.claimTask(row.task_id, runIdOf(req), body.workerGroup, body.workerId),
        true,
        false,
      );
    },
  });
  def({
    name: 'reclaimTask',
    method: 'POST',
    path: '/task/:taskId/runs/:runId/reclaim',
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      req.authorize(`queue:reclaim-task:${row.task_id}/${runIdOf(req)}`);
      return claimJson(store.claims.reclaimTask(row.task_id, runIdOf(req)), false, false);
    },
  });
  for (const target of ['completed', 'failed', 'exception'] as const) {
    def({
      name: `report${target[0]!.toUpperCase()}${target.slice(1)}`,
      method: 'POST',
      path: `/task/:taskId/runs/:runId/${target}`,
      input: target === 'exception' ? 'task-exception-request' : undefined,
      handler: (req) => {
        const row = store.requireTask(req.params.taskId!);
        req.authorize(`queue:resolve-task:${row.task_id}/${runIdOf(req)}`);
        const reason =
          target === 'exception'
            ? (req.body as { reason: NonNullable<TaskRun['reasonResolved']> }).reason
            : undefined;
        return statusReply(
          store,
          store.claims.reportRun(row.task_id, runIdOf(req), target, reason),
        );
      },
    });
  }

  return routes;
}
