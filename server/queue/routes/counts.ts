/** Routes of a task queue's counts and its pending and claimed lists. */
import { TASK_QUEUE_ROUTER_PARAM } from '../../common/http';
import { listPage, PAGE_QUERY as PAGE, pageReply } from '../../common/pagination';
import { splitQueue } from '../store/core';
import type { QueueRoute, QueueRouteContext } from './context';

export function countRoutes({ store }: QueueRouteContext): QueueRoute[] {
  const routes: QueueRoute[] = [];
  const def = (r: QueueRoute) => routes.push(r);

  def({
    name: 'pendingTasks',
    method: 'GET',
    path: '/pending/:taskQueueId{.+}',
    scopes: (p) => `queue:pending-count:${p.taskQueueId}`,
    handler: (req) => {
      const tq = req.params.taskQueueId!;
      const [provisionerId, workerType] = splitQueue(tq);
      return {
        provisionerId,
        workerType,
        taskQueueId: tq,
        pendingTasks: store.taskQueues.pendingCount(tq),
      };
    },
  });
  def({
    name: 'taskQueueCounts',
    method: 'GET',
    path: '/task-queues/:taskQueueId{.+}/counts',
    routerPath: `/task-queues/${TASK_QUEUE_ROUTER_PARAM}/counts`,
    scopes: (p) => ({
      AllOf: [`queue:pending-count:${p.taskQueueId}`, `queue:claimed-count:${p.taskQueueId}`],
    }),
    handler: (req) => {
      const tq = req.params.taskQueueId!;
      const [provisionerId, workerType] = splitQueue(tq);
      return {
        provisionerId,
        workerType,
        taskQueueId: tq,
        pendingTasks: store.taskQueues.pendingCount(tq),
        claimedTasks: store.taskQueues.claimedCount(tq),
      };
    },
  });
  def({
    name: 'listPendingTasks',
    method: 'GET',
    path: '/task-queues/:taskQueueId{.+}/pending',
    routerPath: `/task-queues/${TASK_QUEUE_ROUTER_PARAM}/pending`,
    query: PAGE,
    scopes: (p) => `queue:pending-list:${p.taskQueueId}`,
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) =>
        store.taskQueues.listPending(req.params.taskQueueId!, o, l),
      );
      return pageReply(
        'tasks',
        items.map((r) => {
          const runs = store.runsOf(r);
          const run = runs[runs.length - 1]!;
          return `{"taskId":${JSON.stringify(r.task_id)},"runId":${run.runId},"inserted":${JSON.stringify(run.scheduled)},"task":${r.definition}}`;
        }),
        page,
        more,
      );
    },
  });
  def({
    name: 'listClaimedTasks',
    method: 'GET',
    path: '/task-queues/:taskQueueId{.+}/claimed',
    routerPath: `/task-queues/${TASK_QUEUE_ROUTER_PARAM}/claimed`,
    query: PAGE,
    scopes: (p) => `queue:claimed-list:${p.taskQueueId}`,
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) =>
        store.taskQueues.listClaimed(req.params.taskQueueId!, o, l),
      );
      return pageReply(
        'tasks',
        items.map((r) => {
          const runs = store.runsOf(r);
          const run = runs[runs.length - 1]!;
          return JSON.stringify({
            taskId: r.task_id,
            runId: run.runId,
            workerGroup: run.workerGroup,
            workerId: run.workerId,
            claimed: run.started,
            task: store.definitionOf(r),
          });
        }),
        page,
        more,
      );
    },
  });

  return routes;
}
