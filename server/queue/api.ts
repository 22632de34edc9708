/**
 * The Queue v1 REST API: every route, in the order the real service matches them, on the shared
 * lib-api pipeline (queue-spec §3, §4).
 */
import type { Hono } from 'hono';
import { createApiRouter } from '../common/api-router';
import { IDENTIFIER_PATTERN, SLUGID_PATTERN } from '../common/http';
import { validate } from './schemas';
import { artifactRoutes } from './routes/artifacts';
import { claimRoutes } from './routes/claims';
import type { QueueRoute, QueueRouteContext } from './routes/context';
import { countRoutes } from './routes/counts';
import { taskGroupRoutes } from './routes/task-groups';
import { taskQueueRoutes } from './routes/task-queues';
import { taskRoutes } from './routes/tasks';

const QUEUE_PATTERNS: Record<string, RegExp> = {
  taskId: SLUGID_PATTERN,
  taskGroupId: SLUGID_PATTERN,
  provisionerId: IDENTIFIER_PATTERN,
  workerType: IDENTIFIER_PATTERN,
  workerGroup: IDENTIFIER_PATTERN,
  workerId: IDENTIFIER_PATTERN,
  taskQueueId: /^[a-zA-Z0-9-_]{1,38}\/[a-z]([-a-z0-9]{0,36}[a-z0-9])?$/,
  runId: /^[1-9]*[0-9]+$/,
  name: /^[\x20-\x7e]+$/,
};

const QUERY_PATTERNS: Record<string, RegExp> = {
  limit: /^[0-9]+$/,
  quarantined: /^(true|false)$/,
};

const ping: QueueRoute = {
  name: 'ping',
  method: 'GET',
  path: '/ping',
  handler: () => ({ alive: true, uptime: process.uptime() }),
};

export function createQueueApi(ctx: QueueRouteContext & { log?: (line: string) => void }): Hono {
  return createApiRouter({
    service: 'queue',
    routes: [
      ping,
      ...taskRoutes(ctx),
      ...taskGroupRoutes(ctx),
      ...claimRoutes(ctx),
      ...artifactRoutes(ctx),
      ...countRoutes(ctx),
      ...taskQueueRoutes(ctx),
    ],
    auth: ctx.auth,
    patterns: QUEUE_PATTERNS,
    queryPatterns: QUERY_PATTERNS,
    validate,
    log: ctx.log,
  });
}
