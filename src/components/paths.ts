import { TASK_STATES, type TaskState } from '../api';

// The task list's state order (as its URL writes them).
const TASK_STATE_ORDER: readonly TaskState[] = TASK_STATES;

export interface GroupTasksFilter {
  states?: TaskState[];
  search?: string;
  queue?: string;
  kind?: string;
  sort?: { key: 'name' | 'state' | 'started' | 'resolved' | 'duration'; dir: 'asc' | 'desc' };
}

/** Dashboard paths; they follow the Taskcluster UI so that its links keep working. */
export const paths = {
  task: (taskId: string) => `/tasks/${taskId}`,
  run: (taskId: string, runId: number) => `/tasks/${taskId}/runs/${runId}`,
  group: (taskGroupId: string) => `/tasks/groups/${taskGroupId}`,
  /**
   * A group's task list with filters set (what the insight views' numbers open), in the
   * parameters the task list reads: `state` (comma-separated), `queue`, `kind`, `sort`/`dir`.
   */
  groupTasks: (taskGroupId: string, filter: GroupTasksFilter = {}) => {
    const params = new URLSearchParams();
    const states = TASK_STATE_ORDER.filter((s) => filter.states?.includes(s));
    if (states.length) params.set('state', states.join(','));
    if (filter.search) params.set('search', filter.search);
    if (filter.queue) params.set('queue', filter.queue);
    if (filter.kind) params.set('kind', filter.kind);
    if (filter.sort) {
      params.set('sort', filter.sort.key);
      params.set('dir', filter.sort.dir);
    }
    const query = params.toString();
    return `/tasks/groups/${taskGroupId}${query ? `?${query}` : ''}`;
  },
  /** A group tab (`timeline`, `timings`, `failures`); the task list is the group's own path. */
  groupView: (taskGroupId: string, view: string) => `/tasks/groups/${taskGroupId}?view=${view}`,
  compare: (a: string, b: string) => `/tasks/groups/${a}/compare/${b}`,
  definition: (taskId: string) => `/tasks/${taskId}/definition`,
  /** A log in the log viewer, at a line when given. */
  log: (taskId: string, runId: number, name: string, line?: number) =>
    `/tasks/${taskId}/runs/${runId}/logs/${name.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`,
  workerType: (taskQueueId: string) => {
    const i = taskQueueId.indexOf('/');
    return `/provisioners/${encodeURIComponent(taskQueueId.slice(0, i))}/worker-types/${encodeURIComponent(taskQueueId.slice(i + 1))}`;
  },
};
