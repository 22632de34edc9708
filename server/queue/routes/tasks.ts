/** Routes of tasks: definitions, statuses, dependents, creation and the task actions. */
import type { ScopeExpression } from 'taskcluster-lib-scopes';
import type { TaskDefinition } from '../../../src/api/types';
import type { Req } from '../../common/api-router';
import { inputError } from '../../common/errors';
import { JsonText } from '../../common/replies';
import { listPage, PAGE_QUERY as PAGE, pageReply } from '../../common/pagination';
import { PRIORITY_RANK, splitQueue, type TaskRow } from '../store/core';
import { statusReply, type QueueRoute, type QueueRouteContext } from './context';

export function taskRoutes({ store }: QueueRouteContext): QueueRoute[] {
  const routes: QueueRoute[] = [];
  const def = (r: QueueRoute) => routes.push(r);

  const taskScopeExpr = (verb: string, row: TaskRow): ScopeExpression => ({
    AnyOf: [
      `queue:${verb}:${row.scheduler_id}/${row.task_group_id}/${row.task_id}`,
      `queue:${verb}-in-project:${row.project_id}`,
      { AllOf: [`queue:${verb}`, `assume:scheduler-id:${row.scheduler_id}/${row.task_group_id}`] },
    ],
  });

  def({
    name: 'task',
    method: 'GET',
    path: '/task/:taskId',
    scopes: (p) => `queue:get-task:${p.taskId}`,
    handler: (req) => new JsonText(store.requireTask(req.params.taskId!).definition),
  });
  def({
    name: 'status',
    method: 'GET',
    path: '/task/:taskId/status',
    scopes: (p) => `queue:status:${p.taskId}`,
    handler: (req) => statusReply(store, store.requireStatusRow(req.params.taskId!)),
  });
  for (const [name, path, key] of [
    ['tasks', '/tasks', 'tasks'],
    ['statuses', '/tasks/status', 'statuses'],
  ] as const) {
    def({
      name,
      method: 'POST',
      path,
      query: PAGE,
      input: 'task-ids-request',
      handler: (req) => {
        const ids = (req.body as { taskIds: string[] }).taskIds;
        const verb = key === 'tasks' ? 'get-task' : 'status';
        req.authorize({ AllOf: ids.map((id) => `queue:${verb}:${id}`) });
        const page = req.page();
        const slice = ids.slice(page.offset, page.offset + page.limit);
        const items: string[] = [];
        for (const id of slice) {
          const row = store.getTask(id);
          if (!row) continue;
          items.push(
            key === 'tasks'
              ? `{"taskId":${JSON.stringify(id)},"task":${row.definition}}`
              : `{"taskId":${JSON.stringify(id)},"status":${store.statusJson(row)}}`,
          );
        }
        return pageReply(key, items, page, page.offset + page.limit < ids.length);
      },
    });
  }
  def({
    name: 'listDependentTasks',
    method: 'GET',
    path: '/task/:taskId/dependents',
    query: PAGE,
    scopes: (p) => `queue:list-dependent-tasks:${p.taskId}`,
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      const { items, page, more } = listPage(req, (o, l) =>
        store.tasks.listDependents(row.task_id, o, l),
      );
      return pageReply(
        'tasks',
        items.map((r) => store.taskWithStatusJson(r)),
        page,
        more,
        `"taskId":${JSON.stringify(row.task_id)},`,
      );
    },
  });

  function normalizeDefinition(taskId: string, body: Record<string, unknown>): TaskDefinition {
    let taskQueueId = body.taskQueueId as string | undefined;
    const { provisionerId, workerType } = body as { provisionerId?: string; workerType?: string };
    if (!taskQueueId) {
      if (!provisionerId || !workerType) {
        throw inputError(
          'at least a provisionerId and a workerType or a taskQueueId must be provided',
        );
      }
      taskQueueId = `${provisionerId}/${workerType}`;
    } else if ((provisionerId || workerType) && taskQueueId !== `${provisionerId}/${workerType}`) {
      throw inputError('taskQueueId must match "provisionerId/workerType"');
    }
    const [p, w] = splitQueue(taskQueueId);
    const deadline = new Date(body.deadline as string);
    const expires = body.expires
      ? new Date(body.expires as string)
      : new Date(deadline.getTime() + 365 * 86400_000);
    // The 2016 API knew only `high` and `normal`; `normal` was its default and lowest level.
    const priority =
      body.priority === 'normal' ? 'lowest' : (body.priority as TaskDefinition['priority']);
    return {
      provisionerId: p,
      workerType: w,
      taskQueueId,
      schedulerId: body.schedulerId as string,
      projectId: body.projectId as string,
      taskGroupId: (body.taskGroupId as string | undefined) ?? taskId,
      dependencies: body.dependencies as string[],
      requires: body.requires as TaskDefinition['requires'],
      routes: body.routes as string[],
      priority,
      retries: body.retries as number,
      created: new Date(body.created as string).toJSON(),
      deadline: deadline.toJSON(),
      expires: expires.toJSON(),
      scopes: body.scopes as string[],
      payload: body.payload as Record<string, unknown>,
      metadata: body.metadata as TaskDefinition['metadata'],
      tags: body.tags as Record<string, string>,
      extra: body.extra as Record<string, unknown>,
    };
  }

  function createTaskHandler(define: boolean) {
    return (req: Req) => {
      const taskId = req.params.taskId!;
      const def = normalizeDefinition(taskId, req.body as Record<string, unknown>);
      const higher = Object.keys(PRIORITY_RANK).filter(
        (p) => PRIORITY_RANK[p]! <= PRIORITY_RANK[def.priority]!,
      );
      const expr: ScopeExpression = {
        AllOf: [
          ...def.scopes,
          ...def.routes.map((r) => `queue:route:${r}`),
          `queue:create-task:project:${def.projectId}`,
          `queue:scheduler-id:${def.schedulerId}`,
          { AnyOf: higher.map((p) => `queue:create-task:${p}:${def.taskQueueId}`) },
        ],
      };
      req.authorize(
        define
          ? { AnyOf: [expr, { AllOf: [`queue:define-task:${def.taskQueueId}`, ...def.scopes] }] }
          : expr,
      );
      const now = store.now();
      const created = Date.parse(def.created);
      const deadline = Date.parse(def.deadline);
      const expires = Date.parse(def.expires);
      const slack = 15 * 60_000;
      if (Math.abs(created - now) > slack)
        throw inputError('`created` must be within 15 minutes of the current time');
      if (deadline < created) throw inputError('`deadline` cannot be before `created`');
      if (deadline < now) throw inputError('`deadline` cannot be in the past');
      if (deadline > now + 5 * 86400_000 + slack)
        throw inputError('`deadline` cannot be more than 5 days into the future');
      if (expires < deadline) throw inputError('`expires` cannot be before `deadline`');
      const bad = def.scopes.filter((s) => s.endsWith('**'));
      if (bad.length) throw inputError(`scopes must not end with \`**\`: ${bad.join(', ')}`);
      return statusReply(store, store.tasks.createTask(taskId, def, { define }));
    };
  }
  def({
    name: 'createTask',
    method: 'PUT',
    path: '/task/:taskId',
    input: 'create-task-request',
    handler: createTaskHandler(false),
  });
  def({
    name: 'defineTask',
    method: 'POST',
    path: '/task/:taskId/define',
    input: 'create-task-request',
    handler: createTaskHandler(true),
  });

  for (const [name, verb, action] of [
    ['scheduleTask', 'schedule-task', (id: string) => store.tasks.scheduleTask(id)],
    ['rerunTask', 'rerun-task', (id: string) => store.tasks.rerunTask(id)],
    ['cancelTask', 'cancel-task', (id: string) => store.tasks.cancelTask(id)],
  ] as const) {
    def({
      name,
      method: 'POST',
      path: `/task/:taskId/${name.replace('Task', '')}`,
      handler: (req) => {
        const row = store.requireTask(req.params.taskId!);
        req.authorize(taskScopeExpr(verb, row));
        return statusReply(store, action(row.task_id));
      },
    });
  }
  def({
    name: 'changeTaskPriority',
    method: 'POST',
    path: '/task/:taskId/priority',
    input: 'change-task-priority-request',
    handler: (req) => {
      const row = store.requireTask(req.params.taskId!);
      req.authorize({
        AnyOf: [
          `queue:change-task-priority:${row.task_id}`,
          `queue:change-task-priority-in-queue:${row.task_queue_id}`,
        ],
      });
      return statusReply(
        store,
        store.tasks.changeTaskPriority(
          row.task_id,
          (req.body as { newPriority: string }).newPriority,
        ),
      );
    },
  });

  return routes;
}
