import { TASK_STATES, type TaskState } from '../../api';
import type { SortDir, SortKey } from '../../queries/task-group/group-rows';

const SORT_KEYS: SortKey[] = ['name', 'state', 'started', 'resolved', 'duration'];

/** The group page's tabs, in order; `tasks` is the default and is left out of the URL. */
export const GROUP_VIEWS = ['tasks', 'timeline', 'timings', 'failures'] as const;
export type GroupView = (typeof GROUP_VIEWS)[number];

export interface GroupUrlState {
  states: Set<TaskState>;
  search: string;
  /** A taskQueueId: only that queue's tasks. */
  queue?: string;
  /** A task kind (see task-kind): only tasks of that kind. */
  kind?: string;
  sort?: { key: SortKey; dir: SortDir };
}

/** The tab a URL asks for; unknown values fall back to the task list. */
export function readGroupView(params: URLSearchParams): GroupView {
  const view = params.get('view');
  return (GROUP_VIEWS as readonly string[]).includes(view ?? '') ? (view as GroupView) : 'tasks';
}

/** Filter, search and sort of the task-group view, from the URL (unknown values are ignored). */
export function readGroupUrl(params: URLSearchParams): GroupUrlState {
  const states = new Set(
    (params.get('state') ?? '')
      .split(',')
      .filter((s): s is TaskState => (TASK_STATES as readonly string[]).includes(s)),
  );
  const key = params.get('sort') as SortKey | null;
  const dir: SortDir = params.get('dir') === 'desc' ? 'desc' : 'asc';
  return {
    states,
    search: params.get('search') ?? '',
    queue: params.get('queue') || undefined,
    kind: params.get('kind') || undefined,
    sort: key && SORT_KEYS.includes(key) ? { key, dir } : undefined,
  };
}

/** Writes the view state into URL parameters, leaving other parameters alone. */
export function writeGroupUrl(params: URLSearchParams, state: GroupUrlState): URLSearchParams {
  const next = new URLSearchParams(params);
  const states = TASK_STATES.filter((s) => state.states.has(s));
  if (states.length) next.set('state', states.join(','));
  else next.delete('state');
  if (state.search) next.set('search', state.search);
  else next.delete('search');
  if (state.queue) next.set('queue', state.queue);
  else next.delete('queue');
  if (state.kind) next.set('kind', state.kind);
  else next.delete('kind');
  if (state.sort) {
    next.set('sort', state.sort.key);
    next.set('dir', state.sort.dir);
  } else {
    next.delete('sort');
    next.delete('dir');
  }
  return next;
}

/** Clicking a column: ascending, then descending, then back to the API's order. */
export function nextSort(current: GroupUrlState['sort'], key: SortKey): GroupUrlState['sort'] {
  if (current?.key !== key) return { key, dir: 'asc' };
  return current.dir === 'asc' ? { key, dir: 'desc' } : undefined;
}
