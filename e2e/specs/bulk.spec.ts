// Selection in the task-group view and bulk actions over it: preview, execution, scopes.
import type { Dialog } from '@playwright/test';
import type { QueueClient, TaskDefinitionRequest } from '../../src/api';
import { expect, signIn, test } from '../fixtures';
import { E2E_ROOT, definition, newId, ownQueue, runTask } from '../support/seed';

/** Resolves every pending task of `taskQueueId` (a queue of this test's own) with `outcome`. */
async function resolveAll(
  queue: QueueClient,
  taskQueueId: string,
  count: number,
  outcome: 'failed' | 'completed' | 'running',
) {
  let done = 0;
  while (done < count) {
    const { tasks } = await queue.claimWork(
      taskQueueId,
      { workerGroup: 'e2e', workerId: 'bulk', tasks: Math.min(32, count - done) },
      { timeoutMs: 25_000 },
    );
    for (const t of tasks) {
      if (outcome === 'failed') await queue.reportFailed(t.status.taskId, t.runId);
      if (outcome === 'completed') await queue.reportCompleted(t.status.taskId, t.runId);
    }
    done += tasks.length;
  }
}

/** Creates `count` tasks named `<prefix>-<i>` in `group` on `taskQueueId`; returns their ids. */
async function seed(
  queue: QueueClient,
  group: string,
  prefix: string,
  count: number,
  overrides: Partial<TaskDefinitionRequest> = {},
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = newId();
    ids.push(id);
    await queue.createTask(
      id,
      definition({ name: `${prefix}-${i}`, taskGroupId: group, ...overrides }),
    );
  }
  return ids;
}

test('select by row, range, Space and all matching; the bar counts what the filter hides', async ({
  page,
  queue,
}) => {
  const group = newId();
  const qa = ownQueue();
  const qb = ownQueue();
  const failed = await seed(queue, group, 'fail', 3, { taskQueueId: qa });
  await resolveAll(queue, qa, 3, 'failed');
  await seed(queue, group, 'wait', 2, { taskQueueId: qb });

  await page.goto(`/tasks/groups/${group}`);
  await expect(page.locator('[data-task-row]')).toHaveCount(5);
  const bar = page.getByRole('region', { name: 'Selection' });

  const first = page.getByRole('checkbox', { name: 'Select fail-0' });
  await expect(first).toHaveAccessibleDescription(failed[0]!);
  await first.click();
  await expect(bar.getByText('1 selected')).toBeVisible();
  // Sorted by name: fail-0, fail-1, fail-2, wait-0, wait-1. Shift-click selects up to wait-0.
  await page.getByRole('button', { name: 'Sort by Name' }).click();
  await page.getByRole('checkbox', { name: 'Select wait-0' }).click({ modifiers: ['Shift'] });
  await expect(bar.getByText('4 selected')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select wait-0' }).focus();
  await page.keyboard.press('Space');
  await expect(bar.getByText('3 selected')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(bar.getByText('3 selected')).toBeHidden();

  // The task-queue filter, then select every matching task.
  await page.getByRole('combobox', { name: 'Task queue' }).click();
  await page.getByRole('option', { name: new RegExp(qb.replace('/', '\\/')) }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`queue=${encodeURIComponent(qb)}`));
  await page.getByRole('checkbox', { name: 'Select all 2 matching' }).check();
  await expect(bar.getByText('2 selected')).toBeVisible();
  // Kept across filter changes; the bar says how many the filter hides.
  await page.getByRole('button', { name: 'Clear task queue filter' }).click();
  await page.getByRole('button', { name: /^failed: 3 tasks/ }).click();
  await expect(page.locator('[data-task-row]')).toHaveCount(3);
  await expect(bar.getByText('2 selected')).toBeVisible();
  await expect(bar.getByText('2 hidden by the current filter')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Select all 3 matching' }).check();
  await expect(bar.getByText('5 selected')).toBeVisible();
  await bar.getByRole('button', { name: 'Clear' }).click();
  await expect(bar.getByText(/selected/)).toBeHidden();
});

test('rerun every failed task: preview counts, one new run each, running tasks untouched', async ({
  page,
  queue,
}) => {
  const group = newId();
  const qf = ownQueue();
  const qr = ownQueue();
  const failed = await seed(queue, group, 'broken', 3, { taskQueueId: qf });
  await resolveAll(queue, qf, 3, 'failed');
  const running = await seed(queue, group, 'busy', 1, { taskQueueId: qr });
  await resolveAll(queue, qr, 1, 'running');
  await seed(queue, group, 'ok', 1, { taskQueueId: qf });
  await resolveAll(queue, qf, 1, 'completed');

  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await expect(page.locator('[data-task-row]')).toHaveCount(5);
  await page.getByRole('button', { name: /^failed: 3 tasks/ }).click();
  await page.getByRole('checkbox', { name: 'Select all 3 matching' }).check();
  await page.getByRole('button', { name: 'Rerun selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rerun selected tasks' });
  await expect(dialog.getByText('3 selected: 3 will change, 0 will be skipped.')).toBeVisible();
  await expect(dialog.getByText('queue:rerun-task-in-project:e2e')).toBeVisible();
  await dialog.getByRole('button', { name: 'Rerun 3 tasks' }).click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('3 done · 0 failed · 0 skipped');
  // Rows follow the answered statuses with no reload: no failed task is left.
  await expect(page.getByRole('button', { name: /^pending: 3 tasks/ })).toBeVisible();
  for (const id of failed) {
    const { status } = await queue.status(id);
    expect(status.runs.map((r) => r.reasonCreated)).toEqual(['scheduled', 'rerun']);
  }
  const busy = (await queue.status(running[0]!)).status;
  expect(busy.state).toBe('running');
  expect(busy.runs).toHaveLength(1);
});

test('a bulk cancel over 50 tasks asks for the count to be typed', async ({ page, queue }) => {
  const group = newId();
  const ids = await seed(queue, group, 'many', 52, { taskQueueId: ownQueue() });
  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await expect(page.getByTestId('load-state')).toHaveAttribute('data-loaded', '52');
  await page.getByRole('checkbox', { name: 'Select all 52 matching' }).check();
  await page.getByRole('button', { name: 'Cancel selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel selected tasks' });
  const confirm = dialog.getByRole('button', { name: 'Cancel 52 tasks' });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 52 to confirm').fill('51');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('Type 52 to confirm').fill('52');
  await confirm.click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('52 done · 0 failed · 0 skipped');
  const { statuses } = await queue.statuses({ taskIds: ids });
  expect(statuses.map((s) => s.status.runs.at(-1)?.reasonResolved)).toEqual(
    ids.map(() => 'canceled'),
  );
});

test('a narrow client: the results name the missing scope; Retry failed as root completes them', async ({
  page,
  queue,
}) => {
  const group = newId();
  const q = ownQueue();
  const a = await seed(queue, group, 'proj-a', 2, { taskQueueId: q, projectId: 'A' });
  const b = await seed(queue, group, 'proj-b', 2, { taskQueueId: q, projectId: 'B' });
  await resolveAll(queue, q, 4, 'failed');

  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, { clientId: 'e2e/rerun-project-a', accessToken: 'e2e-rerun-project-a-token' });
  await page.getByRole('checkbox', { name: 'Select all 4 matching' }).check();
  await page.getByRole('button', { name: 'Rerun selected' }).click();
  await page
    .getByRole('dialog', { name: 'Rerun selected tasks' })
    .getByRole('button', { name: 'Rerun 4 tasks' })
    .click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('2 done · 2 failed · 0 skipped');
  const failures = results.locator('[data-result="failed"]');
  await expect(failures).toHaveCount(2);
  await expect(failures.first()).toContainText('queue:rerun-task-in-project:B');
  await expect(failures.first()).toContainText('proj-b');

  await page.getByRole('button', { name: 'Signed in as e2e/rerun-project-a' }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await signIn(page, E2E_ROOT);
  await results.getByRole('button', { name: 'Retry failed' }).click();
  await expect(results.getByTestId('bulk-counts')).toHaveText('4 done · 0 failed · 0 skipped');
  for (const id of [...a, ...b]) {
    expect((await queue.status(id)).status.runs).toHaveLength(2);
  }
});

test('a job outlives navigation with a notice linking back; closing the tab asks first; Stop lets the calls in flight finish', async ({
  context,
  queue,
}) => {
  const group = newId();
  const q = ownQueue();
  const ids = await seed(queue, group, 'slow', 12, { taskQueueId: q });
  await resolveAll(queue, q, 12, 'failed');

  // A page of its own: the fixture's page counts any dialog as an error, and this test wants one.
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const dialogs: Dialog[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d);
    void d.dismiss();
  });
  // Every rerun waits until released, so the job is caught mid-way.
  let release!: () => void;
  let released!: Promise<void>;
  const hold = () => (released = new Promise<void>((r) => (release = r)));
  hold();
  let reruns = 0;
  await page.route('**/api/queue/v1/task/*/rerun', async (route) => {
    reruns++;
    await released;
    await route.continue();
  });

  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await page.getByRole('checkbox', { name: 'Select all 12 matching' }).check();
  await page.getByRole('button', { name: 'Rerun selected' }).click();
  await page
    .getByRole('dialog', { name: 'Rerun selected tasks' })
    .getByRole('button', { name: 'Rerun 12 tasks' })
    .click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  // Eight in flight, four waiting their turn.
  await expect.poll(() => reruns).toBe(8);
  await expect(results.getByTestId('bulk-counts')).toHaveText(
    '0 done · 0 failed · 0 skipped · 4 waiting',
  );

  // Elsewhere in the app the job runs on, and a notice shows it with a link back.
  await page.locator('[data-task-row]').getByRole('link', { name: 'slow-3', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${ids[3]}$`));
  const notice = page.getByRole('status', { name: 'Bulk actions in progress' });
  await expect(notice).toContainText('Rerun 12 tasks');
  await expect(notice).toContainText('0 of 12 · 0 failed');

  // Closing the tab while it runs asks for confirmation (dismissed: the tab stays).
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs.map((d) => d.type())).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);

  await notice.getByRole('link', { name: 'View results' }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/groups/${group}$`));
  await expect(notice).toBeHidden();
  await results.getByRole('button', { name: 'Stop' }).click();
  await expect(results).toContainText('stopping after the calls in flight');
  release();
  await expect(results).toHaveAttribute('data-job-state', 'stopped');
  await expect(results.getByTestId('bulk-counts')).toHaveText(
    '8 done · 0 failed · 0 skipped · 4 waiting',
  );
  expect(reruns).toBe(8);
  const runsOf = async () =>
    (await queue.statuses({ taskIds: ids })).statuses.map((s) => s.status.runs.length).sort();
  expect(await runsOf()).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]);

  // Continue runs the four never started, and nothing twice. It ends while the user is elsewhere:
  // the notice keeps its outcome until the results are seen.
  hold();
  await results.getByRole('button', { name: 'Continue' }).click();
  await expect.poll(() => reruns).toBe(12);
  await page.locator('[data-task-row]').getByRole('link', { name: 'slow-5', exact: true }).click();
  await expect(notice).toContainText('8 of 12 · 0 failed');
  release();
  await expect(notice).toContainText('Rerun 12 tasks: finished');
  await expect(notice).toContainText('12 of 12 · 0 failed');
  expect(await runsOf()).toEqual(ids.map(() => 2));
  await notice.getByRole('link', { name: 'View results' }).click();
  await expect(results.getByTestId('bulk-counts')).toHaveText('12 done · 0 failed · 0 skipped');
  await expect(page.getByRole('button', { name: /^pending: 12 tasks/ })).toBeVisible();
  await page.locator('[data-task-row]').getByRole('link', { name: 'slow-5', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/tasks/${ids[5]}$`));
  await expect(notice).toBeHidden();
  expect(reruns).toBe(12);

  // Nothing runs any more: the tab closes without asking.
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(dialogs).toHaveLength(1);
  expect(errors).toEqual([]);
});

test('cancel previews the dependents left stranded and the scopes; Schedule selected schedules only the unscheduled', async ({
  page,
  queue,
}) => {
  const group = newId();
  const q = ownQueue();
  const [root] = await seed(queue, group, 'root', 1, { taskQueueId: q });
  const [child] = await seed(queue, group, 'child', 1, { taskQueueId: q, dependencies: [root!] });
  const [grandchild] = await seed(queue, group, 'grandchild', 1, {
    taskQueueId: q,
    dependencies: [child!],
  });
  // Runs once its dependencies resolve, however: not stranded.
  const [cleanup] = await seed(queue, group, 'cleanup', 1, {
    taskQueueId: q,
    dependencies: [root!],
    requires: 'all-resolved',
  });
  await seed(queue, group, 'other', 1, { taskQueueId: q });

  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await expect(page.locator('[data-task-row]')).toHaveCount(5);
  await page.getByRole('checkbox', { name: 'Select root-0' }).check();
  await page.getByRole('button', { name: 'Cancel selected' }).click();
  const cancel = page.getByRole('dialog', { name: 'Cancel selected tasks' });
  await expect(cancel.getByText('1 selected: 1 will change, 0 will be skipped.')).toBeVisible();
  await expect(cancel.getByTestId('stranded')).toHaveText(
    '2 dependent tasks in this group will then never run (they require their dependencies to complete).',
  );
  await expect(cancel.getByText('queue:cancel-task-in-project:e2e', { exact: true })).toBeVisible();
  await expect(
    cancel.getByText(
      `or queue:cancel-task:e2e/${group}/<taskId> for each task, or queue:cancel-task with assume:scheduler-id:e2e/${group}`,
    ),
  ).toBeVisible();
  await cancel.getByRole('button', { name: 'Close' }).click();
  expect((await queue.status(root!)).status.state).toBe('pending');

  await page.getByRole('checkbox', { name: 'Select all 5 matching' }).check();
  await page.getByRole('button', { name: 'Schedule selected' }).click();
  const schedule = page.getByRole('dialog', { name: 'Schedule selected tasks' });
  await expect(schedule.getByText('5 selected: 3 will change, 2 will be skipped.')).toBeVisible();
  const groups = schedule.getByTestId('preview-groups');
  await expect(groups).toContainText('3 will be scheduled now, regardless of their dependencies');
  await expect(groups).toContainText('2 skipped: already scheduled');
  await expect(schedule.getByText('queue:schedule-task-in-project:e2e')).toBeVisible();
  await schedule.getByRole('button', { name: 'Schedule 3 tasks' }).click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('3 done · 0 failed · 2 skipped');
  await expect(results.locator('[data-result="skipped"]').first()).toContainText(
    'already scheduled',
  );
  for (const id of [child, grandchild, cleanup]) {
    const { status } = await queue.status(id!);
    expect(status.runs.map((r) => [r.state, r.reasonCreated])).toEqual([['pending', 'scheduled']]);
  }
  await expect(page.getByRole('button', { name: /^pending: 5 tasks/ })).toBeVisible();
});

test('Retrigger selected: a retry after lost answers reuses each copy’s taskId and body', async ({
  page,
  queue,
}) => {
  const group = newId();
  const q = ownQueue();
  const ids = await seed(queue, group, 'again', 2, { taskQueueId: q, retries: 3 });
  await resolveAll(queue, q, 2, 'failed');

  // The first pass: each createTask reaches the Queue, and every answer is lost (the client's own
  // retries included), so each copy ends "failed" although it exists.
  let loseAnswers = true;
  const puts: { url: string; body: string }[] = [];
  await page.route('**/api/queue/v1/task/*', async (route) => {
    if (route.request().method() !== 'PUT') return route.fallback();
    puts.push({ url: route.request().url(), body: route.request().postData()! });
    if (!loseAnswers) return route.continue();
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.goto(`/tasks/groups/${group}`);
  await signIn(page, E2E_ROOT);
  await page.getByRole('checkbox', { name: 'Select all 2 matching' }).check();
  await page.getByRole('button', { name: 'Retrigger selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retrigger selected tasks' });
  await expect(dialog.getByTestId('preview-groups')).toContainText(
    '2 will get a copy as a new task (no dependencies, no automatic retries)',
  );
  await expect(dialog.getByText('queue:create-task:project:e2e')).toBeVisible();
  await dialog.getByRole('button', { name: 'Retrigger 2 tasks' }).click();
  const results = page.getByRole('region', { name: 'Bulk action results' });
  await expect(results.getByTestId('bulk-counts')).toHaveText('0 done · 2 failed · 0 skipped', {
    timeout: 60_000,
  });
  const firstPass = new Set(puts.map((p) => p.url));
  expect(firstPass.size).toBe(2);

  loseAnswers = false;
  const before = puts.length;
  await results.getByRole('button', { name: 'Retry failed' }).click();
  await expect(results.getByTestId('bulk-counts')).toHaveText('2 done · 0 failed · 0 skipped');
  const retried = puts.slice(before);
  expect(retried).toHaveLength(2);
  for (const p of retried) {
    expect(firstPass.has(p.url)).toBe(true);
    // The same body as every earlier attempt for that taskId.
    expect(new Set(puts.filter((x) => x.url === p.url).map((x) => x.body))).toEqual(
      new Set([p.body]),
    );
  }
  const { tasks } = await queue.listTaskGroup(group);
  expect(tasks).toHaveLength(4);
  const copies = tasks.filter((t) => !ids.includes(t.status.taskId));
  expect(copies.map((t) => t.task.metadata.name).sort()).toEqual(['again-0', 'again-1']);
  for (const c of copies) expect(c.task).toMatchObject({ retries: 0, dependencies: [] });
  await expect(page.locator('[data-task-row]')).toHaveCount(4);
});

/** Seeds failed tasks whose logs end in `line`; returns their ids. */
async function failWithLog(
  queue: QueueClient,
  group: string,
  prefix: string,
  line: string,
  n: number,
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = newId();
    ids.push(id);
    await queue.createTask(
      id,
      definition({ name: `${prefix}-${i}`, taskGroupId: group, taskQueueId: ownQueue() }),
    );
    await runTask(queue, id, 'failed', {
      log: `[task 2026-12-02T06:00:0${i}Z] running tests\n${line.replace('#', String(100 + i))}\n[taskcluster] exit code 1\n`,
    });
  }
  return ids;
}

test('a failure cluster’s tasks become the selection on the Tasks tab', async ({ page, queue }) => {
  const group = newId();
  const disk = await failWithLog(
    queue,
    group,
    'disk',
    'ERROR: no space left on device (wrote # MB)',
    3,
  );
  await failWithLog(
    queue,
    group,
    'crash',
    'PROCESS-CRASH | automation.py | application crashed [@ mozalloc #]',
    1,
  );
  await seed(queue, group, 'fine', 1, { taskQueueId: ownQueue() });

  await page.goto(`/tasks/groups/${group}?view=failures`);
  await signIn(page, E2E_ROOT);
  await expect(page.getByTestId('triage-progress')).toHaveAttribute('data-state', 'done', {
    timeout: 90_000,
  });
  const cluster = page.getByTestId('failure-cluster').filter({ hasText: 'no space left' });
  await cluster
    .getByRole('button', { name: /^Select the 3 tasks of cluster \d for bulk actions$/ })
    .click();
  await expect(page).not.toHaveURL(/view=failures/);
  const bar = page.getByRole('region', { name: 'Selection' });
  await expect(bar.getByText('3 selected')).toBeVisible();
  await expect(page.locator('[data-task-row]')).toHaveCount(5);
  for (let i = 0; i < 3; i++) {
    const box = page.getByRole('checkbox', { name: `Select disk-${i}` });
    await expect(box).toBeChecked();
    await expect(box).toHaveAccessibleDescription(disk[i]!);
  }
  await expect(page.getByRole('checkbox', { name: 'Select crash-0' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Select fine-0' })).not.toBeChecked();
  await page.getByRole('button', { name: 'Rerun selected' }).click();
  await expect(
    page
      .getByRole('dialog', { name: 'Rerun selected tasks' })
      .getByText('3 selected: 3 will change, 0 will be skipped.'),
  ).toBeVisible();
});
