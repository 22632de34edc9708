import { createBrowserRouter, matchRoutes, Navigate, type Params } from 'react-router';
import { isValidSlugId } from '../api';
import { groupCache } from '../queries/cache/group-cache';
import { loadRootUrl, storedSessionClient } from '../queries/session-storage';
import { prefetchTaskGroup } from '../queries/task-group/stream-cache';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';
import { ShellFallback } from './ShellFallback';

/**
 * Starts the log's worker reading it while the view's code is still on its way; the module is
 * a small chunk of its own (loaded beside the view's), so the shell does not carry it.
 */
async function prefetchLogRoute(params: Params, live: boolean): Promise<null> {
  const { taskId = '', runId = '', '*': name = '' } = params;
  if (!isValidSlugId(taskId) || !/^\d+$/.test(runId) || !name) return null;
  const { prefetchLog } = await import('../features/logs/log-prefetch');
  prefetchLog(storedSessionClient(), { taskId, runId: Number(runId), name, live });
  return null;
}

// Views load on demand: the first screen ships only the shell.
const ROUTES: Parameters<typeof createBrowserRouter>[0] = [
  {
    element: <Layout />,
    // While the first view's code loads, the shell's header already shows; without this React
    // Router renders nothing and warns. It has no controls: see ShellFallback.
    HydrateFallback: ShellFallback,
    errorElement: <RouteError />,
    children: [
      {
        index: true,
        lazy: () => import('../features/home/HomePage').then((m) => ({ Component: m.HomePage })),
      },
      { path: 'tasks', element: <Navigate to="/" replace /> },
      { path: 'tasks/groups', element: <Navigate to="/" replace /> },
      {
        path: 'tasks/groups/:taskGroupId',
        // Start loading the group while the view's code is still on its way.
        loader: ({ params }) => {
          if (params.taskGroupId && isValidSlugId(params.taskGroupId))
            prefetchTaskGroup(storedSessionClient(), params.taskGroupId);
          return null;
        },
        lazy: () =>
          import('../features/task-group/TaskGroupPage').then((m) => ({
            Component: m.TaskGroupPage,
          })),
      },
      {
        path: 'tasks/create',
        lazy: () =>
          import('../features/create/CreateTaskPage').then((m) => ({
            Component: m.CreateTaskPage,
          })),
      },
      {
        path: 'tasks/groups/:a/compare/:b',
        loader: ({ params }) => {
          for (const id of [params.a, params.b])
            if (id && isValidSlugId(id)) prefetchTaskGroup(storedSessionClient(), id);
          return null;
        },
        lazy: () =>
          import('../features/compare/ComparePage').then((m) => ({ Component: m.ComparePage })),
      },
      {
        path: 'tasks/:taskId',
        lazy: () => import('../features/task/TaskPage').then((m) => ({ Component: m.TaskPage })),
      },
      {
        path: 'tasks/:taskId/definition',
        lazy: () =>
          import('../features/task/TaskDefinitionPage').then((m) => ({
            Component: m.TaskDefinitionPage,
          })),
      },
      {
        path: 'tasks/:taskId/runs/:runId',
        lazy: () => import('../features/task/TaskPage').then((m) => ({ Component: m.TaskPage })),
      },
      {
        path: 'tasks/:taskId/runs/:runId/logs/live/*',
        loader: ({ params }) => prefetchLogRoute(params, true),
        lazy: () => import('../features/logs/LogPage').then((m) => ({ Component: m.LogPage })),
      },
      {
        path: 'tasks/:taskId/runs/:runId/logs/*',
        loader: ({ params }) => prefetchLogRoute(params, false),
        lazy: () => import('../features/logs/LogPage').then((m) => ({ Component: m.LogPage })),
      },
      {
        path: 'tasks/:taskId/runs/:runId/*',
        lazy: () =>
          import('../features/task/ArtifactRedirectPage').then((m) => ({
            Component: m.ArtifactRedirectPage,
          })),
      },
      {
        path: 'provisioners',
        lazy: () =>
          import('../features/pending/ProvisionersPage').then((m) => ({
            Component: m.ProvisionersPage,
          })),
      },
      {
        path: 'provisioners/:provisionerId',
        lazy: () =>
          import('../features/pending/ProvisionersPage').then((m) => ({
            Component: m.ProvisionersPage,
          })),
      },
      {
        path: 'provisioners/:provisionerId/worker-types/:workerType',
        lazy: () =>
          import('../features/pending/WorkerTypePage').then((m) => ({
            Component: m.WorkerTypePage,
          })),
      },
      {
        path: 'settings',
        lazy: () =>
          import('../features/settings/SettingsPage').then((m) => ({ Component: m.SettingsPage })),
      },
      {
        // The third-party login's redirect (the code or token is already off the URL).
        path: 'auth/callback',
        lazy: () =>
          import('../features/settings/AuthCallbackPage').then((m) => ({
            Component: m.AuthCallbackPage,
          })),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

/**
 * The dashboard's router. Created once the runtime configuration is loaded (see main.tsx), because
 * creating it runs the first route's loader, which already picks the deployment.
 */
export function createAppRouter() {
  return createBrowserRouter(ROUTES);
}

/**
 * Starts loading the code of the view at `pathname` (called before the router is created, and
 * before a fetched runtime configuration arrives, which the router waits for): the view's chunk
 * is on its way during that wait, not after it. A group's page also starts reading the group's
 * cached rows (a revisit shows them before the load), and a log's page starts reading the log,
 * for the deployment configured, stored or the page's own: a configuration that arrives later
 * can only choose another one, whose read then starts as usual.
 */
export function preloadRoute(pathname: string): void {
  const match = matchRoutes(ROUTES, pathname)?.at(-1);
  const route = match?.route;
  if (typeof route?.lazy === 'function') void route.lazy().catch(() => undefined);
  const id = match?.params.taskGroupId;
  if (route?.path === 'tasks/groups/:taskGroupId' && id && isValidSlugId(id))
    groupCache.preload(loadRootUrl(), id);
  if (route?.path?.includes('/logs/'))
    void prefetchLogRoute(match!.params, /\/live\//.test(route.path));
}
