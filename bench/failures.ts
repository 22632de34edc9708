/**
 * Failure triage bench (issue 13): a group of N failed tasks, each with a log whose tail holds
 * one of a few causes, triaged by the Failures tab, against the baseline of fetching the same N
 * log tails alone (artifact location, HEAD, Range GET, 6 in flight) in the same page, same run.
 */
import type { Browser } from '@playwright/test';
import slugid from 'slugid';
import type { QueueClient } from '../src/api';
import { firefoxTaskDefinition } from '../server/demo/content';
import { causeFor, failureLog } from '../server/demo/failure-logs';
import { newContext } from './group-run';

const SUITES = [
  'mochitest-browser-chrome',
  'xpcshell',
  'reftest',
  'web-platform-tests',
  'crashtest',
];

/** Creates a group of `n` failed tasks with logs of ~3,000 lines; returns the group and task IDs. */
export async function seedFailures(queue: QueueClient, n: number) {
  const group = slugid.nice();
  const tq = `bench/failures-${group.slice(0, 6).toLowerCase()}`;
  const now = Date.now();
  const ids: string[] = [];
  const one = async (i: number) => {
    const taskId = slugid.nice();
    const name = `test-linux64/${SUITES[i % SUITES.length]}-${i}`;
    await queue.createTask(
      taskId,
      firefoxTaskDefinition({
        taskGroupId: group,
        name,
        created: now,
        deadline: now + 3600_000,
        expires: now + 86400_000,
        taskQueueId: tq,
      }),
    );
    ids.push(taskId);
  };
  for (let i = 0; i < n; i += 20)
    await Promise.all(Array.from({ length: Math.min(20, n - i) }, (_, k) => one(i + k)));
  let seeded = 0;
  while (seeded < n) {
    const { tasks } = await queue.claimWork(tq, { workerGroup: 'bench', workerId: 'f', tasks: 32 });
    await Promise.all(
      tasks.map(async (t) => {
        const log = failureLog(causeFor(t.task.metadata.name), 3000, seeded + t.runId);
        const res = await queue.createArtifact(
          t.status.taskId,
          t.runId,
          'public/logs/live_backing.log',
          {
            storageType: 's3',
            contentType: 'text/plain; charset=utf-8',
            expires: new Date(now + 86400_000).toJSON(),
          },
        );
        if (res.storageType === 's3')
          await fetch(res.putUrl, {
            method: 'PUT',
            body: log,
            headers: { 'content-type': 'text/plain; charset=utf-8' },
          });
        await queue.reportFailed(t.status.taskId, t.runId);
      }),
    );
    seeded += tasks.length;
  }
  return { group, ids };
}

export type FailuresRun = {
  baselineMs: number;
  triageMs: number;
  ratio: number;
  clusters: number;
};

/** One run: the baseline in the page, then the Failures tab's triage, in the same page. */
export async function failuresRun(
  browser: Browser,
  url: string,
  seeded: { group: string; ids: string[] },
): Promise<FailuresRun> {
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(`${url}/tasks/groups/${seeded.group}`);
  await page.getByTestId('load-state').and(page.locator('[data-done]')).waitFor();
  const baselineMs = await page.evaluate(
    async ({ url, ids }) => {
      const t0 = performance.now();
      let next = 0;
      const lane = async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          const loc = (await (
            await fetch(
              `${url}/api/queue/v1/task/${id}/runs/0/artifact-content/public/logs/live_backing.log`,
            )
          ).json()) as { url: string };
          const head = await fetch(loc.url, { method: 'HEAD' });
          const size = Number(head.headers.get('content-length'));
          const res = await fetch(loc.url, {
            headers: { range: `bytes=${Math.max(0, size - 65536)}-` },
          });
          await res.arrayBuffer();
        }
      };
      await Promise.all(Array.from({ length: 6 }, lane));
      return performance.now() - t0;
    },
    { url, ids: seeded.ids },
  );
  await page.getByRole('tab', { name: 'Failures' }).click();
  const progress = page.locator('[data-testid="triage-progress"][data-state="done"]');
  await progress.waitFor({ timeout: 300_000 });
  const triageMs = Number(await progress.getAttribute('data-elapsed-ms'));
  const clusters = await page.getByTestId('failure-cluster').count();
  await context.close();
  return { baselineMs, triageMs, ratio: triageMs / baselineMs, clusters };
}

/** Seeds `n` failed tasks and measures `reps` runs, printing each: the call bench/run.ts makes. */
export async function benchFailures(
  queue: QueueClient,
  browser: Browser,
  url: string,
  reps: number,
  n = 1000,
): Promise<FailuresRun[]> {
  const seeded = await seedFailures(queue, n);
  const runs: FailuresRun[] = [];
  for (let i = 0; i < reps; i++) {
    const r = await failuresRun(browser, url, seeded);
    runs.push(r);
    console.log(
      `failures run ${i + 1}: ${n} log tails alone ${r.baselineMs.toFixed(0)} ms, triage ${r.triageMs.toFixed(0)} ms, ratio ${r.ratio.toFixed(2)}, ${r.clusters} clusters`,
    );
  }
  return runs;
}
