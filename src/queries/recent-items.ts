/** Recently viewed task groups and tasks, kept in this browser per deployment. */
import type { TaskState } from '../api';

export interface RecentItem {
  kind: 'group' | 'task';
  id: string;
  name?: string;
  state?: TaskState;
  counts?: Partial<Record<TaskState, number>>;
  total?: number;
  viewed: number;
}

const KEY = 'queue-dashboard:recent';
const MAX = 20;

function key(rootUrl: string) {
  return `${KEY}:${rootUrl}`;
}

export function loadRecent(rootUrl: string): RecentItem[] {
  try {
    const items = JSON.parse(localStorage.getItem(key(rootUrl)) ?? '[]') as unknown;
    return Array.isArray(items)
      ? (items as RecentItem[]).filter(
          (i) => typeof i?.id === 'string' && (i.kind === 'group' || i.kind === 'task'),
        )
      : [];
  } catch {
    return [];
  }
}

export function rememberRecent(rootUrl: string, item: Omit<RecentItem, 'viewed'>): void {
  try {
    const items = loadRecent(rootUrl).filter((i) => !(i.kind === item.kind && i.id === item.id));
    items.unshift({ ...item, viewed: Date.now() });
    localStorage.setItem(key(rootUrl), JSON.stringify(items.slice(0, MAX)));
  } catch {
    // Storage full or disabled: recent items are a convenience.
  }
}

export function clearRecent(rootUrl: string): void {
  try {
    localStorage.removeItem(key(rootUrl));
  } catch {
    // ignore
  }
}
