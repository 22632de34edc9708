/**
 * The Hooks service of the local deployment (actions-hooks-login §2): hook definitions in the
 * shared database, and triggerHook creating tasks through the Queue as the hook's role.
 */
import { createApiRouter } from '../common/api-router';
import type { Service, ServiceContext } from '../common/service';
import type { CreateTaskAs } from './fire';
import { hooksRoutes } from './routes';
import { validate } from './schemas';
import { HooksStore } from './store';

export interface HooksServiceOptions {
  /** Task creation through the Queue, as `static/taskcluster/hooks` narrowed to the hook's role. */
  createTask: CreateTaskAs;
  /** The Queue's current state of a task (listLastFires shows it). */
  taskState(taskId: string): string | undefined;
}

export interface HooksService extends Service {
  store: HooksStore;
}

export function createHooksService(
  ctx: ServiceContext,
  options: HooksServiceOptions,
): HooksService {
  const store = new HooksStore(ctx.db);
  const api = createApiRouter({
    service: 'hooks',
    routes: hooksRoutes({
      store,
      createTask: options.createTask,
      now: () => ctx.clock.now(),
      taskState: options.taskState,
    }),
    auth: ctx.auth,
    patterns: {
      hookGroupId: /^[a-zA-Z0-9-_]{1,1000}$/,
      hookId: /^[a-zA-Z0-9-_/]{1,1000}$/,
    },
    queryPatterns: { limit: /^[0-9]+$/ },
    validate,
    log: ctx.log,
  });
  return { name: 'hooks', api, store };
}
