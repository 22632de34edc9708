/** Routes of task queues, provisioners, worker types and workers. */
import { notFound } from '../../common/errors';
import { TASK_QUEUE_ROUTER_PARAM } from '../../common/http';
import { listPage, PAGE_QUERY as PAGE, pageReply } from '../../common/pagination';
import { splitQueue } from '../store/core';
import type { QueueRoute, QueueRouteContext } from './context';

export function taskQueueRoutes({ store }: QueueRouteContext): QueueRoute[] {
  const routes: QueueRoute[] = [];
  const def = (r: QueueRoute) => routes.push(r);

  def({
    name: 'listTaskQueues',
    method: 'GET',
    path: '/task-queues',
    query: PAGE,
    scopes: () => 'queue:list-task-queues',
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) => store.taskQueues.listTaskQueues(o, l));
      return pageReply(
        'taskQueues',
        items.map((q) => JSON.stringify(q)),
        page,
        more,
      );
    },
  });
  def({
    name: 'getTaskQueue',
    method: 'GET',
    path: '/task-queues/:taskQueueId',
    routerPath: `/task-queues/${TASK_QUEUE_ROUTER_PARAM}`,
    scopes: (p) => `queue:get-task-queue:${p.taskQueueId}`,
    handler: (req) => store.taskQueues.getTaskQueue(req.params.taskQueueId!),
  });
  def({
    name: 'listProvisioners',
    method: 'GET',
    path: '/provisioners',
    query: PAGE,
    scopes: () => 'queue:list-provisioners',
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) =>
        store.taskQueues.listProvisioners(o, l),
      );
      return pageReply(
        'provisioners',
        items.map((p) => JSON.stringify(p)),
        page,
        more,
      );
    },
  });
  def({
    name: 'getProvisioner',
    method: 'GET',
    path: '/provisioners/:provisionerId',
    scopes: (p) => `queue:get-provisioner:${p.provisionerId}`,
    handler: (req) => {
      const p = store.taskQueues
        .listProvisioners(0, 10_000)
        .find((x) => x.provisionerId === req.params.provisionerId);
      if (!p) throw notFound(`Provisioner ${req.params.provisionerId} not found`);
      return p;
    },
  });
  const workerTypeInfo = (q: {
    taskQueueId: string;
    stability: string;
    description: string;
    expires: string;
    lastDateActive: string;
  }) => {
    const [provisionerId, workerType] = splitQueue(q.taskQueueId);
    return {
      provisionerId,
      workerType,
      taskQueueId: q.taskQueueId,
      stability: q.stability,
      description: q.description,
      expires: q.expires,
      lastDateActive: q.lastDateActive,
    };
  };
  def({
    name: 'listWorkerTypes',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types',
    query: PAGE,
    scopes: (p) => `queue:list-worker-types:${p.provisionerId}`,
    handler: (req) => {
      const { items, page, more } = listPage(req, (o, l) =>
        store.taskQueues.listTaskQueues(o, l, req.params.provisionerId),
      );
      return pageReply(
        'workerTypes',
        items.map((q) => JSON.stringify(workerTypeInfo(q))),
        page,
        more,
      );
    },
  });
  def({
    name: 'getWorkerType',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types/:workerType',
    scopes: (p) => `queue:get-worker-type:${p.provisionerId}/${p.workerType}`,
    handler: (req) =>
      workerTypeInfo(
        store.taskQueues.getTaskQueue(`${req.params.provisionerId}/${req.params.workerType}`),
      ),
  });
  def({
    name: 'listWorkers',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types/:workerType/workers',
    query: [...PAGE, 'quarantined'],
    scopes: (p) => `queue:list-workers:${p.provisionerId}/${p.workerType}`,
    handler: (req) => {
      const tq = `${req.params.provisionerId}/${req.params.workerType}`;
      const q = req.query.quarantined;
      const { items, page, more } = listPage(req, (o, l) =>
        store.taskQueues.listWorkers(tq, o, l, q === undefined ? undefined : q === 'true'),
      );
      return pageReply(
        'workers',
        items.map((w) => JSON.stringify(w)),
        page,
        more,
      );
    },
  });
  def({
    name: 'getWorker',
    method: 'GET',
    path: '/provisioners/:provisionerId/worker-types/:workerType/workers/:workerGroup/:workerId',
    scopes: (p) =>
      `queue:get-worker:${p.provisionerId}/${p.workerType}/${p.workerGroup}/${p.workerId}`,
    handler: (req) =>
      store.taskQueues.getWorker(
        `${req.params.provisionerId}/${req.params.workerType}`,
        req.params.workerGroup!,
        req.params.workerId!,
      ),
  });

  return routes;
}
