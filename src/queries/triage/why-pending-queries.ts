/**
 * The queries behind "Why is this pending?": the walk down an unscheduled task's unresolved
 * dependencies, and for a pending task its queue's workers and the tasks ahead of it.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { isQueueError, type QueueClient, type TaskDefinition, type TaskStatus } from '../../api';
import { queueKeys, taskQuery } from '../queue-queries';
import {
  blockingChain,
  recentWorkers,
  tasksAhead,
  type Chain,
  type TaskFacts,
} from './pending-explanation';

const REFRESH_MS = 15_000;
/** Dependencies looked at per step of the walk; more than this is rare and would cost a call each. */
const DEPS_PER_STEP = 200;

export function factsOf(taskId: string, task: TaskDefinition, status: TaskStatus): TaskFacts {
  const last = status.runs[status.runs.length - 1];
  const ms = (t: string | undefined) => (t ? Date.parse(t) : undefined);
  return {
    taskId,
    name: typeof task.metadata?.name === 'string' ? task.metadata.name : taskId,
    state: status.state,
    requires: task.requires === 'all-resolved' ? 'all-resolved' : 'all-completed',
    dependencies: (task.dependencies ?? []).slice(0, DEPS_PER_STEP),
    scheduled: ms(last?.scheduled),
    started: ms(last?.started),
  };
}

async function load(
  queue: QueueClient,
  client: QueryClient,
  taskId: string,
  signal: AbortSignal,
): Promise<TaskFacts | null> {
  try {
    const [task, { status }] = await Promise.all([
      client.fetchQuery(taskQuery(queue, taskId)),
      queue.status(taskId, { signal }),
    ]);
    return factsOf(taskId, task, status);
  } catch (err) {
    if (isQueueError(err) && err.status === 404) return null;
    throw err;
  }
}

/** The chain that keeps an unscheduled task waiting, walked through the dependencies' statuses. */
export const blockingChainQuery = (queue: QueueClient, client: QueryClient, root: TaskFacts) =>
  queryOptions({
    queryKey: [...queueKeys.task(root.taskId), 'why-pending', root.state] as const,
    queryFn: async ({ signal }): Promise<Chain> => {
      const known = new Map<string, TaskFacts | null>();
      for (;;) {
        const chain = blockingChain(root, (id) => known.get(id));
        if (chain.end.kind !== 'loading') return chain;
        const need = chain.end.need;
        for (let i = 0; i < need.length; i += 10) {
          const batch = need.slice(i, i + 10);
          const facts = await Promise.all(batch.map((id) => load(queue, client, id, signal)));
          batch.forEach((id, j) => known.set(id, facts[j]!));
        }
      }
    },
    refetchInterval: REFRESH_MS,
  });

/** Workers of a queue seen in the last 15 minutes; 'forbidden' when this identity may not list them. */
export const queueWorkersQuery = (queue: QueueClient, taskQueueId: string) =>
  queryOptions({
    queryKey: [...queueKeys.taskQueue(taskQueueId), 'recent-workers'] as const,
    queryFn: async ({ signal }) => {
      const i = taskQueueId.indexOf('/');
      const [provisionerId, workerType] = [taskQueueId.slice(0, i), taskQueueId.slice(i + 1)];
      const workers: { lastDateActive?: string }[] = [];
      let token: string | undefined;
      try {
        for (let page = 0; page < 5; page++) {
          const res = await queue.listWorkers(provisionerId, workerType, {
            signal,
            limit: 1000,
            continuationToken: token,
          });
          workers.push(...res.workers);
          token = res.continuationToken;
          if (!token) break;
        }
      } catch (err) {
        if (isQueueError(err) && err.status === 403) return 'forbidden' as const;
        throw err;
      }
      return recentWorkers(workers, Date.now());
    },
    refetchInterval: REFRESH_MS,
    retry: (n, err) => !(isQueueError(err) && err.status < 500) && n < 2,
  });

/** Tasks ahead of `taskId` in its queue; 'forbidden' without `queue:pending-list:<tq>`. */
export const tasksAheadQuery = (
  queue: QueueClient,
  taskQueueId: string,
  taskId: string,
  priority: string | undefined,
) =>
  queryOptions({
    queryKey: [...queueKeys.pendingList(taskQueueId), 'ahead', taskId] as const,
    queryFn: async ({ signal }) => {
      const pending: Parameters<typeof tasksAhead>[2][number][] = [];
      let token: string | undefined;
      try {
        for (let page = 0; page < 10; page++) {
          const res = await queue.listPendingTasks(taskQueueId, {
            signal,
            limit: 1000,
            continuationToken: token,
          });
          pending.push(...res.tasks);
          token = res.continuationToken;
          if (!token || res.tasks.some((t) => t.taskId === taskId)) break;
        }
      } catch (err) {
        if (isQueueError(err) && err.status === 403) return 'forbidden' as const;
        throw err;
      }
      const found = pending.some((t) => t.taskId === taskId);
      return { ahead: tasksAhead(taskId, priority, pending), atLeast: !found && !!token };
    },
    refetchInterval: REFRESH_MS,
    retry: (n, err) => !(isQueueError(err) && err.status < 500) && n < 2,
  });
