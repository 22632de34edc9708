/**
 * The Hooks API subset (actions-hooks-login §2.1): hook groups, hooks, writes with the real
 * checks in the real order, triggerHook, status and last fires.
 */
import { CronExpressionParser } from 'cron-parser';
import { isDeepStrictEqual } from 'node:util';
import type { Req, RouteDef } from '../common/api-router';
import { conflict, inputError, notFound } from '../common/errors';
import { listPage, PAGE_QUERY, pageReply } from '../common/pagination';
import { checkTriggerSchema, fireHook, type FireOptions } from './fire';
import type { HooksSchemaName } from './schemas';
import type { HookDefinition } from './store';

type HooksRoute = RouteDef<HooksSchemaName>;

export interface HooksRouteContext extends FireOptions {
  /** The Queue's current state of a task, or undefined when it does not know it. */
  taskState(taskId: string): string | undefined;
}

/** Queue exchanges whose messages a hook may not bind to: they would fire it in a loop. */
const DENIED_EXCHANGES = [
  /^exchange\/taskcluster-queue\/v1\/task-created$/,
  /^exchange\/taskcluster-hooks\//,
];

interface CreateBody {
  hookGroupId?: string;
  hookId?: string;
  bindings?: HookDefinition['bindings'];
  metadata: HookDefinition['metadata'];
  task: HookDefinition['task'];
  schedule: string[];
  triggerSchema: HookDefinition['triggerSchema'];
}

const ids = (req: Req) => ({ hookGroupId: req.params.hookGroupId!, hookId: req.params.hookId! });

const readShape = (hookGroupId: string, hookId: string, d: HookDefinition) => ({
  hookId,
  hookGroupId,
  bindings: d.bindings,
  metadata: d.metadata,
  task: d.task,
  schedule: d.schedule,
  triggerSchema: d.triggerSchema,
});

/** The checks createHook and updateHook share, after authorization, in the real order. */
function checkBody(req: Req): CreateBody {
  const body = req.body as CreateBody;
  const { hookGroupId, hookId } = ids(req);
  if (
    (body.hookGroupId !== undefined && body.hookGroupId !== hookGroupId) ||
    (body.hookId !== undefined && body.hookId !== hookId)
  ) {
    throw inputError('Hook Group Ids do not match');
  }
  for (const pattern of body.schedule) {
    try {
      CronExpressionParser.parse(pattern, { tz: 'UTC' });
    } catch (err) {
      throw inputError(`${(err as Error).message} in ${pattern}`);
    }
  }
  checkTriggerSchema(body.triggerSchema);
  for (const { exchange } of body.bindings ?? []) {
    if (DENIED_EXCHANGES.some((re) => re.test(exchange))) {
      throw inputError(`Binding to exchange ${exchange} is not allowed`);
    }
  }
  return body;
}

function nextScheduledDate(schedule: string[], now: number): string | undefined {
  const next = schedule
    .map((p) => CronExpressionParser.parse(p, { tz: 'UTC', currentDate: new Date(now) }).next())
    .map((d) => d.getTime())
    .sort((a, b) => a - b)[0];
  return next === undefined ? undefined : new Date(next).toJSON();
}

export function hooksRoutes(ctx: HooksRouteContext): HooksRoute[] {
  const { store } = ctx;
  const requireHook = (req: Req) => {
    const { hookGroupId, hookId } = ids(req);
    const definition = store.get(hookGroupId, hookId);
    if (!definition) throw notFound('No such hook');
    return { hookGroupId, hookId, definition };
  };
  const modifyScopes = (p: Record<string, string>) => ({
    AllOf: [
      `hooks:modify-hook:${p.hookGroupId}/${p.hookId}`,
      `assume:hook-id:${p.hookGroupId}/${p.hookId}`,
    ],
  });

  return [
    {
      name: 'ping',
      method: 'GET',
      path: '/ping',
      handler: () => ({ alive: true, uptime: process.uptime() }),
    },
    {
      name: 'listHookGroups',
      method: 'GET',
      path: '/hooks',
      scopes: () => 'hooks:list-hooks:',
      handler: () => ({ groups: store.groups() }),
    },
    {
      name: 'listHooks',
      method: 'GET',
      path: '/hooks/:hookGroupId',
      scopes: (p) => `hooks:list-hooks:${p.hookGroupId}`,
      handler: (req) => {
        const g = req.params.hookGroupId!;
        const hooks = store.list(g);
        if (!hooks.length) throw notFound('No such group');
        return { hooks: hooks.map((h) => readShape(g, h.hookId, h.definition)) };
      },
    },
    {
      name: 'hook',
      method: 'GET',
      path: '/hooks/:hookGroupId/:hookId',
      // A colon, not a slash, in the real scope.
      scopes: (p) => `hooks:get:${p.hookGroupId}:${p.hookId}`,
      handler: (req) => {
        const h = requireHook(req);
        return readShape(h.hookGroupId, h.hookId, h.definition);
      },
    },
    {
      name: 'getHookStatus',
      method: 'GET',
      path: '/hooks/:hookGroupId/:hookId/status',
      scopes: (p) => `hooks:status:${p.hookGroupId}/${p.hookId}`,
      handler: (req) => {
        const h = requireHook(req);
        const [last] = store.fires(h.hookGroupId, h.hookId, 0, 1);
        const lastFire = !last
          ? { result: 'no-fire' }
          : last.result === 'success'
            ? { result: 'success', taskId: last.taskId, time: last.taskCreateTime }
            : {
                result: 'error',
                error: JSON.parse(last.error) as unknown,
                time: last.taskCreateTime,
              };
        const next = nextScheduledDate(h.definition.schedule, ctx.now());
        return { lastFire, ...(next ? { nextScheduledDate: next } : {}) };
      },
    },
    {
      name: 'createHook',
      method: 'PUT',
      path: '/hooks/:hookGroupId/:hookId',
      input: 'create-hook-request',
      scopes: modifyScopes,
      handler: (req) => {
        const body = checkBody(req);
        const { hookGroupId, hookId } = ids(req);
        const existing = store.get(hookGroupId, hookId);
        const definition: HookDefinition = {
          bindings: body.bindings ?? [],
          metadata: body.metadata,
          task: body.task,
          schedule: body.schedule,
          triggerSchema: body.triggerSchema,
        };
        if (existing) {
          // The stored definition has `bindings: []`: a body that leaves them out differs.
          const sent = { ...definition, bindings: body.bindings };
          if (!isDeepStrictEqual(sent, existing)) {
            throw conflict(`hook \`${hookGroupId}/${hookId}\` already exists.`);
          }
        } else {
          store.put(hookGroupId, hookId, definition);
        }
        return { ...body, hookGroupId, hookId };
      },
    },
    {
      name: 'updateHook',
      method: 'POST',
      path: '/hooks/:hookGroupId/:hookId',
      input: 'create-hook-request',
      scopes: modifyScopes,
      handler: (req) => {
        const h = requireHook(req);
        const body = checkBody(req);
        const definition: HookDefinition = {
          bindings: body.bindings ?? h.definition.bindings,
          metadata: body.metadata,
          task: body.task,
          schedule: body.schedule,
          triggerSchema: body.triggerSchema,
        };
        store.put(h.hookGroupId, h.hookId, definition);
        return readShape(h.hookGroupId, h.hookId, definition);
      },
    },
    {
      name: 'removeHook',
      method: 'DELETE',
      path: '/hooks/:hookGroupId/:hookId',
      scopes: (p) => `hooks:modify-hook:${p.hookGroupId}/${p.hookId}`,
      handler: (req) => {
        const { hookGroupId, hookId } = ids(req);
        store.remove(hookGroupId, hookId);
        return {};
      },
    },
    {
      name: 'triggerHook',
      method: 'POST',
      path: '/hooks/:hookGroupId/:hookId/trigger',
      input: 'trigger-hook',
      scopes: (p) => `hooks:trigger-hook:${p.hookGroupId}/${p.hookId}`,
      handler: (req) =>
        fireHook(
          ctx,
          requireHook(req),
          req.body as Record<string, unknown>,
          'triggerHook',
          req.auth.clientId,
        ),
    },
    {
      name: 'listLastFires',
      method: 'GET',
      path: '/hooks/:hookGroupId/:hookId/last-fires',
      query: PAGE_QUERY,
      scopes: (p) => `hooks:list-last-fires:${p.hookGroupId}/${p.hookId}`,
      handler: (req) => {
        const { hookGroupId, hookId } = ids(req);
        const { items, page, more } = listPage(req, (o, l) =>
          store.fires(hookGroupId, hookId, o, l),
        );
        if (!items.length && page.offset === 0) throw notFound('No such hook or never fired');
        return pageReply(
          'lastFires',
          items.map((f) =>
            JSON.stringify({ ...f, taskState: ctx.taskState(f.taskId) ?? 'unknown' }),
          ),
          page,
          more,
        );
      },
    },
  ];
}
