// Group insight on the demo (issue 13): the critical path, failure clusters that link to the
// error's line in the log, and "Why is this pending?" for the task blocked behind a failure.
import { expect, test } from '../fixtures';
import { startDemoService, type DemoService } from '../support/demo-service';

let service: DemoService;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  service = await startDemoService();
});
test.afterAll(async () => {
  await service?.stop();
});

test('the CI push: critical path through the build, failure clusters linking to the error line', async ({
  page,
}) => {
  const ci = service.links[0]!;
  await test.step('the critical path names the chain through build-linux64/opt', async () => {
    await page.goto(`${service.url}/tasks/groups/${ci.taskGroupId}?view=timeline`);
    const path = page.getByTestId('critical-path');
    await expect(path).toContainText('Critical path: 3 tasks');
    await expect(path.getByRole('link')).toHaveText([
      'Gecko Decision Task',
      'build-linux64/opt',
      'test-linux64-opt/mochitest-browser-chrome-1',
    ]);
  });

  await page.goto(`${service.url}/tasks/groups/${ci.taskGroupId}?view=failures`);
  const { href, line } = await test.step('exceptions by reason, then clusters', async () => {
    const reasons = page.getByTestId('exceptions-by-reason');
    for (const reason of ['claim-expired', 'worker-shutdown', 'intermittent-task'])
      await expect(reasons.locator(`[data-reason="${reason}"]`)).toBeVisible();
    await expect(page.getByTestId('triage-progress')).toHaveAttribute('data-state', 'done', {
      timeout: 90_000,
    });
    const clusters = page.getByTestId('failure-cluster');
    expect(await clusters.count()).toBeGreaterThanOrEqual(6);
    const example = clusters.first().getByTestId('cluster-example');
    await expect(example).toHaveAttribute('href', /\/logs\/public\/logs\/live_backing\.log#L\d+$/);
    return { href: (await example.getAttribute('href'))!, line: (await example.textContent())! };
  });

  await test.step('the example opens the log at the line that shows the error', async () => {
    const n = Number(/#L(\d+)$/.exec(href)![1]);
    await page.getByTestId('failure-cluster').first().getByTestId('cluster-example').click();
    await expect(page).toHaveURL(new RegExp(`#L${n}$`));
    await expect(page.locator(`[data-line="${n}"]`)).toContainText(line.slice(-60));
  });
});

test('the blocked task explains its blocker and offers its rerun; a waiting task names its chain', async ({
  page,
}) => {
  const nightly = service.links[1]!;
  await page.goto(`${service.url}/tasks/groups/${nightly.taskGroupId}`);
  await page.getByRole('link', { name: 'nightly-signing', exact: true }).click();
  const why = page.getByTestId('why-pending');
  await expect(why.getByTestId('why-pending-chain')).toHaveText(
    'It will never run: it requires all of its dependencies to complete, and nightly-l10n-repack-ja failed.',
  );
  await expect(why.getByRole('button', { name: 'Rerun nightly-l10n-repack-ja' })).toBeVisible();
  await expect(why.getByTestId('deadline')).toContainText('left');

  await page.goBack();
  await page.getByRole('link', { name: 'nightly-upload-symbols-linux64', exact: true }).click();
  await expect(page.getByTestId('why-pending-chain')).toHaveText(
    /^Waits for nightly-package-linux64 \(unscheduled\), which waits for nightly-build-linux64-shippable \((?:running|pending) [\dhms ]+\), which waits for nothing\.$/,
  );
});
