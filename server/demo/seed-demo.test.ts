import { describe, expect, it } from 'vitest';
import { offsetClock } from '../common/clock';
import { openDatabase } from '../common/db';
import { QueueStore } from '../queue/store/queue-store';
import { causeFor } from './failure-logs';
import { DEMO_MAX_TASK_AGE_MS, DEMO_VERSION, refreshDemo, type DemoIds } from './seed-demo';

const MIN = 60_000;

function demoStore() {
  const clock = offsetClock();
  return { clock, store: new QueueStore({ db: openDatabase(':memory:'), clock }) };
}

function groupTasks(store: QueueStore, taskGroupId: string) {
  return store.db
    .prepare<
      [string],
      { task_id: string; state: string; runs: string; deadline: number; definition: string }
    >('SELECT task_id, state, runs, deadline, definition FROM tasks WHERE task_group_id = ?')
    .all(taskGroupId);
}

const deadlineExceeded = (store: QueueStore, taskGroupId: string) =>
  groupTasks(store, taskGroupId)
    .filter((t) =>
      (JSON.parse(t.runs) as { reasonResolved?: string }[]).some(
        (r) => r.reasonResolved === 'deadline-exceeded',
      ),
    )
    .map((t) => (JSON.parse(t.definition) as { metadata: { name: string } }).metadata.name);

const nameOf = (t: { definition: string }) =>
  (JSON.parse(t.definition) as { metadata: { name: string } }).metadata.name;

/** What the group insight views need from the demo (issue 13). */
function expectInsightContent(store: QueueStore, ids: DemoIds) {
  const ci = groupTasks(store, ids.ciGroup);
  const runsOf = (t: { runs: string }) =>
    JSON.parse(t.runs) as { state: string; reasonResolved?: string; resolved?: string }[];
  // The push is over: its last task is the mochitest chunk behind build-linux64/opt.
  const last = ci
    .filter((t) => runsOf(t).at(-1)?.resolved)
    .sort(
      (a, b) => Date.parse(runsOf(b).at(-1)!.resolved!) - Date.parse(runsOf(a).at(-1)!.resolved!),
    )[0]!;
  expect(nameOf(last)).toBe('test-linux64-opt/mochitest-browser-chrome-1');
  expect(ci.filter((t) => ['pending', 'running'].includes(t.state))).toEqual([]);
  // Failures in a few clusters: every failed task's log carries its cause's marker.
  const failed = ci.filter((t) => t.state === 'failed');
  expect(failed.length).toBeGreaterThan(30);
  const causes = new Set<string>();
  for (const t of failed) {
    const cause = causeFor(nameOf(t));
    causes.add(cause.id);
    const key = [t.task_id, runsOf(t).length - 1, 'public/logs/live_backing.log'] as const;
    const info = store.artifacts.bodies.info(...key)!;
    // Demo logs are smaller than one stored chunk.
    const log = store.artifacts.bodies.read([...key], info, 0, info.size)!.toString();
    const marker = cause
      .lines(0, () => 0.5)[0]!
      .replace(/\d+/g, '')
      .slice(0, 12);
    expect(log.replace(/\d+/g, '')).toContain(marker);
  }
  expect(causes.size).toBeGreaterThanOrEqual(6);
  // Exceptions with several reasons.
  const reasons = new Set(
    ci.flatMap((t) =>
      runsOf(t)
        .filter((r) => r.state === 'exception')
        .map((r) => r.reasonResolved),
    ),
  );
  expect([...reasons]).toEqual(
    expect.arrayContaining(['claim-expired', 'worker-shutdown', 'intermittent-task']),
  );
  // A task blocked for good behind a failed dependency, and a chain waiting on a running build.
  const nightly = new Map(groupTasks(store, ids.nightlyGroup).map((t) => [nameOf(t), t]));
  expect(nightly.get('nightly-signing')!.state).toBe('unscheduled');
  expect(nightly.get('nightly-l10n-repack-ja')!.state).toBe('failed');
  expect(nightly.get('nightly-upload-symbols-linux64')!.state).toBe('unscheduled');
  expect(nightly.get('nightly-build-linux64-shippable')!.state).toBe('running');
}

// Each seeding builds ~300 tasks with their logs: seconds on a busy machine.
describe('demo freshness', { timeout: 90_000 }, () => {
  it('seeds once, then keeps the demo while it is fresh', () => {
    const { store } = demoStore();
    const first = refreshDemo(store);
    expect(first.action).toBe('seeded');
    expect(first.ids.decisionTask).toBe(first.ids.ciGroup);
    const tasks = groupTasks(store, first.ids.ciGroup).length;
    expect(tasks).toBeGreaterThan(250);
    const again = refreshDemo(store);
    expect(again).toEqual({ ids: first.ids, action: 'kept' });
    expect(groupTasks(store, first.ids.ciGroup)).toHaveLength(tasks);
    expectInsightContent(store, first.ids);
  });

  it('reseeds a database that holds an older demo, under the same group IDs and without duplicates', () => {
    const { store } = demoStore();
    const { ids } = refreshDemo(store);
    const before = groupTasks(store, ids.ciGroup);
    // The first demo stored its IDs alone, with no version.
    store.db.prepare("UPDATE meta SET value = ? WHERE key = 'demo'").run(JSON.stringify(ids));
    const reseeded = refreshDemo(store);
    expect(reseeded).toEqual({ ids, action: 'reseeded' });
    const after = groupTasks(store, ids.ciGroup);
    expect(after).toHaveLength(before.length);
    // New tasks, except the decision task, whose ID is the group's.
    const old = new Set(before.map((t) => t.task_id));
    expect(after.filter((t) => old.has(t.task_id)).map((t) => t.task_id)).toEqual([ids.ciGroup]);
    const record = store.db
      .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'demo'")
      .get()!;
    expect(JSON.parse(record.value)).toMatchObject({ version: DEMO_VERSION, ids });
  });

  it('re-dates the demo when its tasks are older than a day, before any deadline passes', () => {
    const { store, clock } = demoStore();
    const { ids } = refreshDemo(store);
    const seededAt = store.now();
    // Only the task that is meant to have missed its deadline has.
    const intended = ['nightly-update-verify (missed its deadline)'];
    expect(deadlineExceeded(store, ids.nightlyGroup)).toEqual(intended);

    // The oldest tasks were created 200 minutes before seeding: a day old 200 minutes early.
    clock.advance(DEMO_MAX_TASK_AGE_MS - 200 * MIN - MIN);
    store.claims.expireClaims();
    store.tasks.expireDeadlines();
    expect(deadlineExceeded(store, ids.nightlyGroup)).toEqual(intended);
    expect(deadlineExceeded(store, ids.ciGroup)).toEqual([]);
    expect(refreshDemo(store).action).toBe('kept');

    clock.advance(2 * MIN);
    expect(refreshDemo(store)).toEqual({ ids, action: 'redated' });
    const tasks = groupTasks(store, ids.ciGroup);
    const created = tasks.map((t) =>
      Date.parse((JSON.parse(t.definition) as { created: string }).created),
    );
    // As old as a new demo's history, not a day.
    expect(Math.min(...created)).toBeGreaterThan(seededAt);
    expect(store.now() - Math.min(...created)).toBeLessThanOrEqual(200 * MIN);
    // Every unresolved demo task has more than a day before its deadline.
    const open = tasks.filter((t) => !['completed', 'failed', 'exception'].includes(t.state));
    expect(open.length).toBeGreaterThan(0);
    for (const t of open) expect(t.deadline - store.now()).toBeGreaterThan(DEMO_MAX_TASK_AGE_MS);
  });
});
