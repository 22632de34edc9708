/** Routes of task groups: listing, sealing and cancelling. */
import { listPage, PAGE_QUERY as PAGE, pageReply } from '../../common/pagination';
import type { QueueRoute, QueueRouteContext } from './context';

export function taskGroupRoutes({ store }: QueueRouteContext): QueueRoute[] {
  const routes: QueueRoute[] = [];
  const def = (r: QueueRoute) => routes.push(r);

  def({
    name: 'listTaskGroup',
    method: 'GET',
    path: '/task-group/:taskGroupId/list',
    query: PAGE,
    scopes: (p) => `queue:list-task-group:${p.taskGroupId}`,
    handler: (req) => {
      const group = store.taskGroups.getTaskGroup(req.params.taskGroupId!);
      const { items, page, more } = listPage(req, (o, l) =>
        store.taskGroups.listTaskGroup(group.taskGroupId, o, l),
      );
      const head = `"taskGroupId":${JSON.stringify(group.taskGroupId)},"schedulerId":${JSON.stringify(group.schedulerId)},"expires":${JSON.stringify(group.expires)},${group.sealed ? `"sealed":${JSON.stringify(group.sealed)},` : ''}`;
      return pageReply(
        'tasks',
        items.map((r) => store.taskWithStatusJson(r)),
        page,
        more,
        head,
      );
    },
  });
  def({
    name: 'getTaskGroup',
    method: 'GET',
    path: '/task-group/:taskGroupId',
    scopes: (p) => `queue:list-task-group:${p.taskGroupId}`,
    handler: (req) => store.taskGroups.getTaskGroup(req.params.taskGroupId!),
  });
  def({
    name: 'sealTaskGroup',
    method: 'POST',
    path: '/task-group/:taskGroupId/seal',
    handler: (req) => {
      const g = store.taskGroups.getTaskGroup(req.params.taskGroupId!);
      req.authorize(`queue:seal-task-group:${g.schedulerId}/${g.taskGroupId}`);
      return store.taskGroups.sealTaskGroup(g.taskGroupId);
    },
  });
  def({
    name: 'cancelTaskGroup',
    method: 'POST',
    path: '/task-group/:taskGroupId/cancel',
    handler: (req) => {
      const g = store.taskGroups.getTaskGroup(req.params.taskGroupId!);
      req.authorize(`queue:cancel-task-group:${g.schedulerId}/${g.taskGroupId}`);
      return store.taskGroups.cancelTaskGroup(g.taskGroupId);
    },
  });

  def({
    name: 'changeTaskGroupPriority',
    method: 'POST',
    path: '/task-group/:taskGroupId/priority',
    input: 'change-task-priority-request',
    handler: (req) => {
      const g = store.taskGroups.getTaskGroup(req.params.taskGroupId!);
      req.authorize(`queue:change-task-group-priority:${g.schedulerId}/${g.taskGroupId}`);
      return store.taskGroups.changeTaskGroupPriority(
        g.taskGroupId,
        (req.body as { newPriority: string }).newPriority,
      );
    },
  });

  return routes;
}
