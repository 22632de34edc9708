/**
 * Query keys and query options for every Queue resource the dashboard reads. Keys come from one
 * factory, rooted at `['queue', …]`, so `['queue', 'task', taskId]` invalidates everything about
 * one task. The client is not part of the key: switching deployment or identity clears the cache.
 */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import {
  isQueueError,
  isResolved,
  paginate,
  type Artifact,
  type QueueClient,
  type TaskStatus,
  type TaskStatusResponse,
} from '../api';
import { withFallback, type Refusal } from './access';

export const queueKeys = {
  all: ['queue'] as const,
  task: (taskId: string) => ['queue', 'task', taskId] as const,
  definition: (taskId: string) => ['queue', 'task', taskId, 'definition'] as const,
  status: (taskId: string) => ['queue', 'task', taskId, 'status'] as const,
  artifacts: (taskId: string, runId: number) =>
    ['queue', 'task', taskId, 'artifacts', runId] as const,
  dependents: (taskId: string) => ['queue', 'task', taskId, 'dependents'] as const,
  blocked: (taskId: string) => ['queue', 'task', taskId, 'blocked-dependents'] as const,
  statuses: (taskIds: readonly string[]) => ['queue', 'statuses', ...taskIds] as const,
  group: (taskGroupId: string) => ['queue', 'group', taskGroupId] as const,
  groupProbe: (taskGroupId: string) => ['queue', 'group', taskGroupId, 'probe'] as const,
  taskQueue: (taskQueueId: string) => ['queue', 'task-queue', taskQueueId] as const,
  counts: (taskQueueId: string) => ['queue', 'task-queue', taskQueueId, 'counts'] as const,
  pendingList: (taskQueueId: string) => ['queue', 'task-queue', taskQueueId, 'pending'] as const,
  claimedList: (taskQueueId: string) => ['queue', 'task-queue', taskQueueId, 'claimed'] as const,
  taskQueues: () => ['queue', 'task-queues'] as const,
};

/** How often unresolved things are polled. */
export const LIVE_INTERVAL_MS = 5_000;

const isLive = (status: TaskStatus | undefined) => !!status && !isResolved(status.state);

export const taskQuery = (queue: QueueClient, taskId: string) =>
  queryOptions({
    queryKey: queueKeys.definition(taskId),
    queryFn: ({ signal }) => queue.task(taskId, { signal }),
    // Definitions do not change (priority aside): fetch once.
    staleTime: Infinity,
  });

export const statusQuery = (queue: QueueClient, taskId: string) =>
  queryOptions({
    queryKey: queueKeys.status(taskId),
    queryFn: ({ signal }): Promise<TaskStatusResponse> => queue.status(taskId, { signal }),
    refetchInterval: (query) => (isLive(query.state.data?.status) ? LIVE_INTERVAL_MS : false),
    staleTime: 2_000,
  });

/**
 * Statuses of several tasks: one batch `statuses` call where the deployment has it and allows
 * it, single `status` calls otherwise (the first 200). Unknown (expired) tasks are left out.
 */
export const statusesQuery = (queue: QueueClient, taskIds: readonly string[]) =>
  queryOptions({
    queryKey: queueKeys.statuses(taskIds),
    queryFn: ({ signal }) =>
      withFallback(
        queue,
        'statuses',
        async () => {
          const result = new Map<string, TaskStatus>();
          for (let i = 0; i < taskIds.length; i += 500) {
            for await (const page of paginate(
              queue.statuses,
              [{ taskIds: taskIds.slice(i, i + 500) }],
              { signal },
            )) {
              for (const s of page.statuses) result.set(s.taskId, s.status);
            }
          }
          return result;
        },
        async () => {
          const result = new Map<string, TaskStatus>();
          const settled = await Promise.allSettled(
            taskIds.slice(0, 200).map((id) => queue.status(id, { signal })),
          );
          settled.forEach(
            (s) => s.status === 'fulfilled' && result.set(s.value.status.taskId, s.value.status),
          );
          return result;
        },
      ),
    enabled: taskIds.length > 0,
    refetchInterval: (query) =>
      [...(query.state.data?.values() ?? [])].some(isLive) ? LIVE_INTERVAL_MS * 2 : false,
  });

export const DEPENDENTS_PAGE = 25;

export const dependentsQuery = (queue: QueueClient, taskId: string) =>
  infiniteQueryOptions({
    queryKey: queueKeys.dependents(taskId),
    queryFn: ({ signal, pageParam }) =>
      queue.listDependentTasks(taskId, {
        signal,
        limit: DEPENDENTS_PAGE,
        continuationToken: pageParam,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
  });

/** Every artifact of a run (all pages). */
export const artifactsQuery = (queue: QueueClient, taskId: string, runId: number) =>
  queryOptions({
    queryKey: queueKeys.artifacts(taskId, runId),
    queryFn: async ({ signal }) => {
      const artifacts: Artifact[] = [];
      for await (const page of paginate(queue.listArtifacts, [taskId, runId], {
        signal,
        limit: 1000,
      })) {
        artifacts.push(...page.artifacts);
        if (artifacts.length >= 20_000) break;
      }
      return artifacts;
    },
    staleTime: 10_000,
  });

export const taskGroupQuery = (queue: QueueClient, taskGroupId: string) =>
  queryOptions({
    queryKey: queueKeys.group(taskGroupId),
    queryFn: ({ signal }) => queue.getTaskGroup(taskGroupId, { signal }),
    retry: (count, err) => !(isQueueError(err) && err.status < 500) && count < 2,
  });

/** Whether an id names a task group with members other than itself (for the go-to box). */
export const groupProbeQuery = (queue: QueueClient, taskGroupId: string) =>
  queryOptions({
    queryKey: queueKeys.groupProbe(taskGroupId),
    queryFn: async ({ signal }) => {
      try {
        const page = await queue.listTaskGroup(taskGroupId, { signal, limit: 2 });
        return { exists: true, others: page.tasks.some((t) => t.status.taskId !== taskGroupId) };
      } catch (err) {
        if (isQueueError(err) && err.status === 404) return { exists: false, others: false };
        throw err;
      }
    },
    retry: false,
  });

/** A task queue's counts. `claimedTasks` is missing where the caller may not see it (or the deployment lacks `taskQueueCounts`). */
export interface QueueCounts {
  pendingTasks: number;
  claimedTasks?: number;
  /** Why `claimedTasks` is missing. */
  claimed?: Refusal;
}

/** A 4xx answer is final: stop polling until something changes (sign-in clears the cache). */
const pollUnlessRefused =
  (interval: number) =>
  (query: { state: { error: Error | null } }): number | false =>
    isQueueError(query.state.error) && query.state.error.status < 500 ? false : interval;

/**
 * The exact pending count of a task queue, and the claimed count where allowed:
 * `taskQueueCounts` needs `queue:claimed-count:<tq>`, which the public role lacks, so visitors
 * get `pendingTasks` (`queue:pending-count:<tq>`).
 */
export const countsQuery = (
  queue: QueueClient,
  taskQueueId: string,
  refetchInterval = LIVE_INTERVAL_MS,
) =>
  queryOptions({
    queryKey: queueKeys.counts(taskQueueId),
    queryFn: ({ signal }): Promise<QueueCounts> =>
      withFallback<QueueCounts>(
        queue,
        'taskQueueCounts',
        async () => {
          const { pendingTasks, claimedTasks } = await queue.taskQueueCounts(taskQueueId, {
            signal,
          });
          return { pendingTasks, claimedTasks };
        },
        async (why) => {
          const { pendingTasks } = await queue.pendingTasks(taskQueueId, { signal });
          return { pendingTasks, claimed: why };
        },
      ),
    refetchInterval: pollUnlessRefused(refetchInterval),
  });

/** The scopes behind each panel a visitor may lack, for the "Sign in to view" lines. */
export const scopeFor = {
  claimedCount: (taskQueueId: string) => `queue:claimed-count:${taskQueueId}`,
  pendingList: (taskQueueId: string) => `queue:pending-list:${taskQueueId}`,
  claimedList: (taskQueueId: string) => `queue:claimed-list:${taskQueueId}`,
  artifact: (name: string) => `queue:get-artifact:${name}`,
};

export const pendingListQuery = (queue: QueueClient, taskQueueId: string) =>
  infiniteQueryOptions({
    queryKey: queueKeys.pendingList(taskQueueId),
    queryFn: ({ signal, pageParam }) =>
      queue.listPendingTasks(taskQueueId, { signal, limit: 50, continuationToken: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
    refetchInterval: pollUnlessRefused(LIVE_INTERVAL_MS * 2),
    retry: (count, err) => !(isQueueError(err) && err.status < 500) && count < 2,
  });

export const claimedListQuery = (queue: QueueClient, taskQueueId: string) =>
  infiniteQueryOptions({
    queryKey: queueKeys.claimedList(taskQueueId),
    queryFn: ({ signal, pageParam }) =>
      queue.listClaimedTasks(taskQueueId, { signal, limit: 50, continuationToken: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continuationToken,
    refetchInterval: pollUnlessRefused(LIVE_INTERVAL_MS * 2),
    retry: (count, err) => !(isQueueError(err) && err.status < 500) && count < 2,
  });

/**
 * Every task queue of the deployment: `listTaskQueues` (`queue:list-task-queues`), else, as the
 * Taskcluster UI does and as the public role allows, `listProvisioners` + `listWorkerTypes`.
 */
export const taskQueuesQuery = (queue: QueueClient) =>
  queryOptions({
    queryKey: queueKeys.taskQueues(),
    queryFn: ({ signal }) =>
      withFallback(
        queue,
        'listTaskQueues',
        async () => {
          const ids: string[] = [];
          for await (const page of paginate(queue.listTaskQueues, [], { signal, limit: 1000 })) {
            ids.push(...page.taskQueues.map((t) => t.taskQueueId));
          }
          return ids.sort();
        },
        async () => {
          const ids: string[] = [];
          for await (const page of paginate(queue.listProvisioners, [], { signal })) {
            const perProvisioner = await Promise.all(
              page.provisioners.map(async (p) => {
                const found: string[] = [];
                for await (const wt of paginate(queue.listWorkerTypes, [p.provisionerId], {
                  signal,
                })) {
                  found.push(...wt.workerTypes.map((w) => `${w.provisionerId}/${w.workerType}`));
                }
                return found;
              }),
            );
            ids.push(...perProvisioner.flat());
          }
          return ids.sort();
        },
      ),
  });
