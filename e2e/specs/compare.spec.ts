// Comparing two task groups: offered on the group page, deep-linkable, computed from the loads.
import type { QueueClient } from '../../src/api';
import { expect, test } from '../fixtures';
import { definition, newId, ownQueue, runTask } from '../support/seed';

/** A group of tasks named as given, each run to the outcome given on its own queue. */
async function seedGroup(
  queue: QueueClient,
  tasks: [name: string, outcome: 'completed' | 'failed'][],
): Promise<{ group: string; ids: Map<string, string> }> {
  const group = newId();
  const ids = new Map<string, string>();
  for (const [name, outcome] of tasks) {
    const taskId = newId();
    ids.set(name, taskId);
    await queue.createTask(
      taskId,
      definition({ name, taskGroupId: group, taskQueueId: ownQueue(), tags: {} }),
    );
    await runTask(queue, taskId, outcome);
  }
  return { group, ids };
}

test('compare lists the newly failing task, from the group page and by deep link', async ({
  page,
  queue,
}) => {
  const a = await seedGroup(queue, [
    ['build-linux64', 'completed'],
    ['test-linux64/xpcshell-1', 'completed'],
    ['test-linux64/mochitest-2', 'failed'],
  ]);
  const b = await seedGroup(queue, [
    ['build-linux64', 'completed'],
    ['test-linux64/xpcshell-1', 'failed'],
    ['test-linux64/mochitest-2', 'completed'],
    ['lint-eslint', 'completed'],
  ]);

  // From group A's page, with B's URL pasted (the Taskcluster UI's form of it).
  await page.goto(`/tasks/groups/${a.group}`);
  await page.getByRole('button', { name: 'Compare with…' }).click();
  const input = page.getByLabel('Task group to compare with');
  await input.fill('not a group');
  await input.press('Enter');
  await expect(page.getByText('That is neither a task ID nor a URL.')).toBeVisible();
  await input.fill(`https://firefox-ci-tc.services.mozilla.com/tasks/groups/${b.group}`);
  await input.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tasks/groups/${a.group}/compare/${b.group}$`));

  const section = (name: string | RegExp) => page.getByRole('region', { name });
  const newly = section('Newly failing');
  await expect(newly.getByRole('listitem')).toHaveCount(1);
  const row = newly.getByRole('listitem').first();
  await expect(row).toContainText('test-linux64/xpcshell-1');
  // The row links to the task in each group.
  await expect(row.getByRole('link', { name: /in A: completed/ })).toHaveAttribute(
    'href',
    `/tasks/${a.ids.get('test-linux64/xpcshell-1')}`,
  );
  await expect(row.getByRole('link', { name: /in B: failed/ })).toHaveAttribute(
    'href',
    `/tasks/${b.ids.get('test-linux64/xpcshell-1')}`,
  );
  await expect(section('Fixed').getByRole('listitem')).toHaveText([/test-linux64\/mochitest-2/]);
  await expect(section('Still failing')).toContainText('None.');
  await expect(section(`Only in ${b.group}`).getByRole('listitem')).toHaveText([/lint-eslint/]);
  await expect(section(`Only in ${a.group}`)).toContainText('None.');
  await expect(section('Slower')).toBeVisible();
  await expect(page.getByTestId('compare-summary')).toContainText('3 tasks matched by name');

  // The deep link renders on its own, and a malformed ID says what is wrong.
  await page.goto(`/tasks/groups/${b.group}/compare/${a.group}`);
  await expect(section('Fixed').getByRole('listitem')).toHaveText([/test-linux64\/xpcshell-1/]);
  await page.goto(`/tasks/groups/${a.group}/compare/not-a-slugid`);
  await expect(page.getByRole('alert')).toContainText('“not-a-slugid” is not a task group ID');
});
