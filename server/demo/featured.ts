/**
 * The demo's task groups as a newcomer meets them: in the start message, with a few words
 * each, and as the featured task groups of the dashboard's home page. The CI push comes first.
 */
import type { QueueStore } from '../queue/store/queue-store';
import type { DemoIds } from './seed-demo';

export interface DemoGroup {
  taskGroupId: string;
  title: string;
}

export function demoGroups(store: QueueStore, ids: DemoIds): DemoGroup[] {
  const count = store.db.prepare<[string], { total: number; failed: number }>(
    `SELECT count(*) AS total, coalesce(sum(state = 'failed'), 0) AS failed
       FROM tasks WHERE task_group_id = ?`,
  );
  const ci = count.get(ids.ciGroup)!;
  const nightly = count.get(ids.nightlyGroup)!;
  return [
    {
      taskGroupId: ids.ciGroup,
      title: `CI push: ${ci.total} tasks, ${ci.failed > 0 ? 'some failing' : 'all passing'}`,
    },
    {
      taskGroupId: ids.nightlyGroup,
      title: `nightly graph: ${nightly.total} tasks, dependencies and a missed deadline`,
    },
    { taskGroupId: ids.liveGroup, title: 'live: the demo worker is running these' },
  ];
}

/** The lines of the start message that link the demo's groups on the dashboard at `url`. */
export function demoLinkLines(url: string, groups: DemoGroup[]): string[] {
  const links = groups.map((g) => `${url}/tasks/groups/${g.taskGroupId}`);
  const width = Math.max(...links.map((l) => l.length));
  return groups.map((g, i) => `    ${links[i]!.padEnd(width)}  ${g.title}`);
}
