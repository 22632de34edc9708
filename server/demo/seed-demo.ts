/**
 * Demo data: task groups whose history was "lived" through the state machine with the clock set
 * in the past, so every state and reason appears with consistent timestamps.
 */
import slugid from 'slugid';
import type { TaskDefinition } from '../../src/api/types';
import { ansiLog, demoPng, firefoxTaskDefinition, LINTS, PLATFORMS, prng, SUITES } from './content';
import { causeFor, failureLog } from './failure-logs';
import type { QueueStore } from '../queue/store/queue-store';
import type { HooksStore } from '../hooks/store';
import {
  ACTION_HOOK,
  ACTION_HOOK_DEFINITION,
  DECISION_TASK_SCOPES,
  demoActionsJson,
} from './actions';

const MIN = 60_000;
const WORKER_GROUP = 'us-east-1';

export interface DemoIds {
  ciGroup: string;
  decisionTask: string;
  nightlyGroup: string;
  liveGroup: string;
}

/** The demo's hooks are configuration, not history: put back whenever the demo starts. */
export function seedDemoHooks(hooks: HooksStore): void {
  if (!hooks.get(ACTION_HOOK.hookGroupId, ACTION_HOOK.hookId)) {
    hooks.put(ACTION_HOOK.hookGroupId, ACTION_HOOK.hookId, ACTION_HOOK_DEFINITION);
  }
}

/** Bump when the demo's content changes: databases that hold an older demo get the new one. */
export const DEMO_VERSION = 4;
/** The demo's oldest tasks were created this long before it was seeded (the nightly graph). */
const DEMO_HISTORY_MS = 200 * MIN;
/** Demo tasks older than this are re-dated, well before their deadlines (2 days) pass. */
export const DEMO_MAX_TASK_AGE_MS = 24 * 60 * MIN;
const DEMO_DEADLINE_MS = 2 * 24 * 60 * MIN;

interface DemoRecord {
  version: number;
  /** When the demo was built; 0 while it is being built, so that an interrupted build is redone. */
  seededAt: number;
  ids: DemoIds;
}

export type DemoAction = 'seeded' | 'kept' | 'reseeded' | 'redated';

function readRecord(store: QueueStore): DemoRecord | undefined {
  const row = store.db
    .prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'demo'")
    .get();
  if (!row) return undefined;
  const value = JSON.parse(row.value) as DemoRecord | DemoIds;
  // The first demo stored its IDs alone: version 1, of unknown age.
  return 'ids' in value ? value : { version: 1, seededAt: 0, ids: value };
}

function writeRecord(store: QueueStore, record: DemoRecord) {
  store.db
    .prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', ?)")
    .run(JSON.stringify(record));
}

/**
 * Seeds the demo once per database, and builds it again, under the same task group IDs so that
 * links keep working, when the database holds an older version or when its tasks are older than
 * a day (then its pending work would soon pass its deadlines). Cheap when nothing is due: the
 * service calls it at start and periodically while it runs.
 */
export function refreshDemo(store: QueueStore): { ids: DemoIds; action: DemoAction } {
  const now = store.now();
  const record = readRecord(store);
  if (
    record &&
    record.version === DEMO_VERSION &&
    now - (record.seededAt - DEMO_HISTORY_MS) <= DEMO_MAX_TASK_AGE_MS
  )
    return { ids: record.ids, action: 'kept' };
  // The decision task's ID is the CI group's, as in Firefox CI.
  const ciGroup = record?.ids.ciGroup ?? slugid.nice();
  const ids: DemoIds = {
    ciGroup,
    decisionTask: ciGroup,
    nightlyGroup: record?.ids.nightlyGroup ?? slugid.nice(),
    liveGroup: record?.ids.liveGroup ?? slugid.nice(),
  };
  writeRecord(store, { version: DEMO_VERSION, seededAt: 0, ids });
  store.taskGroups.purgeTaskGroups([ids.ciGroup, ids.nightlyGroup, ids.liveGroup]);
  buildDemo(store, now, ids);
  writeRecord(store, { version: DEMO_VERSION, seededAt: now, ids });
  const action = !record ? 'seeded' : record.version !== DEMO_VERSION ? 'reseeded' : 'redated';
  return { ids, action };
}

export function seedDemo(store: QueueStore): DemoIds {
  return refreshDemo(store).ids;
}

function buildDemo(store: QueueStore, now: number, ids: DemoIds): void {
  const rand = prng(20261128);
  const clockAt = (t: number) => ({ now: () => t });
  const at = <T>(minutesAgo: number, fn: () => T) =>
    store.withClock(clockAt(now - minutesAgo * MIN), fn);
  const workers = ['i-0a1b2c3d', 'i-0e4f5a6b', 'i-07c8d9e0', 'i-0f1a2b3c'];
  const worker = () => workers[Math.floor(rand() * workers.length)]!;

  function create(
    groupId: string,
    name: string,
    minutesAgo: number,
    extra: Partial<Parameters<typeof firefoxTaskDefinition>[0]> = {},
    taskId = slugid.nice(),
  ) {
    const created = now - minutesAgo * MIN;
    const def: TaskDefinition = firefoxTaskDefinition({
      taskGroupId: groupId,
      name,
      created,
      deadline: created + DEMO_DEADLINE_MS,
      expires: created + 30 * 24 * 60 * MIN,
      ...extra,
    });
    at(minutesAgo, () => store.tasks.createTask(taskId, def));
    names.set(taskId, name);
    return taskId;
  }

  function claim(taskId: string, minutesAgo: number) {
    const row = store.getTask(taskId)!;
    const runId = store.runsOf(row).length - 1;
    at(minutesAgo, () => store.claims.claimTask(taskId, runId, WORKER_GROUP, worker()));
    return runId;
  }

  const names = new Map<string, string>();
  function logs(
    taskId: string,
    runId: number,
    minutesAgo: number,
    lines: number,
    outcome: 'completed' | 'failed',
  ) {
    // A failure's log ends with its cause's marker lines; a success's is plain progress.
    const text =
      outcome === 'failed'
        ? failureLog(causeFor(names.get(taskId) ?? ''), lines, Math.floor(rand() * 1e9))
        : ansiLog(lines, lines + runId, outcome);
    at(minutesAgo, () => {
      const expires = store.getTask(taskId)!.expires;
      const add = (
        name: string,
        storageType: string,
        contentType: string,
        details: Record<string, unknown>,
        data?: Buffer,
      ) => {
        store.artifacts.createArtifact(taskId, runId, name, {
          storageType,
          contentType,
          contentLength: data?.length,
          expires,
          details,
        });
        if (data) store.artifacts.putBlob(taskId, runId, name, contentType, data);
      };
      add('public/logs/live_backing.log', 's3', 'text/plain; charset=utf-8', {}, Buffer.from(text));
      add('public/logs/live.log', 'link', 'text/plain; charset=utf-8', {
        artifact: 'public/logs/live_backing.log',
      });
      add(
        'public/test_info/resource-usage.json',
        's3',
        'application/json',
        {},
        Buffer.from(
          JSON.stringify(
            {
              cpu: { user: 1234.5, system: 98.1 },
              io: { read: 1 << 20, write: 4 << 20 },
              phases: [
                { name: 'install', duration: 31.2 },
                { name: 'run-tests', duration: 842.7 },
              ],
            },
            null,
            2,
          ),
        ),
      );
      add('public/build/target.tar.bz2', 'reference', 'application/x-bzip2', {
        url: 'https://archive.mozilla.org/pub/firefox/nightly/latest-mozilla-central/firefox.tar.bz2',
      });
      add('public/test_info/screenshot.png', 's3', 'image/png', {}, demoPng());
      add('public/test_info/errorsummary.log', 'error', 'application/json', {
        reason: 'file-missing-on-worker',
        message:
          'No such file or directory: /builds/worker/workspace/build/blobber_upload_dir/errorsummary.log',
      });
      add(
        'private/gecko/build/credentials.txt',
        's3',
        'text/plain',
        {},
        Buffer.from('Private artifact: only signed URLs open this.\n'),
      );
    });
  }

  function complete(
    taskId: string,
    claimedAgo: number,
    doneAgo: number,
    outcome: 'completed' | 'failed' = 'completed',
    lines = 2500,
    more?: (runId: number) => void,
  ) {
    const runId = claim(taskId, claimedAgo);
    logs(taskId, runId, doneAgo + 0.1, lines, outcome);
    more?.(runId);
    at(doneAgo, () => store.claims.reportRun(taskId, runId, outcome));
  }

  function exception(
    taskId: string,
    claimedAgo: number,
    doneAgo: number,
    reason: 'worker-shutdown' | 'intermittent-task' | 'internal-error' | 'resource-unavailable',
  ) {
    const runId = claim(taskId, claimedAgo);
    at(doneAgo, () => store.claims.reportRun(taskId, runId, 'exception', reason));
  }

  /** A claim that its worker never renewed: the queue resolves it `claim-expired` and retries. */
  function claimExpires(taskId: string, claimedAgo: number): number {
    claim(taskId, claimedAgo);
    const expiredAgo = claimedAgo - store.claimTimeoutMs / MIN - 0.05;
    at(expiredAgo, () => store.claims.expireClaims());
    return expiredAgo;
  }

  // ---- a CI push: decision task, builds, tests and lints ----
  const { ciGroup, nightlyGroup, liveGroup } = ids;
  const decisionTask = create(
    ciGroup,
    'Gecko Decision Task',
    70,
    {
      taskQueueId: 'gecko-3/decision',
      priority: 'very-high',
      scopes: DECISION_TASK_SCOPES,
      tags: { kind: 'decision-task' },
    },
    ciGroup,
  );
  complete(decisionTask, 69, 64, 'completed', 4000, (runId) =>
    at(64.05, () => {
      const expires = store.getTask(decisionTask)!.expires;
      store.artifacts.createArtifact(decisionTask, runId, 'public/task-graph.json', {
        storageType: 'reference',
        contentType: 'application/json',
        expires,
        details: {
          url: 'https://firefox-ci-tc.services.mozilla.com/api/queue/v1/task/example/artifacts/public/task-graph.json',
        },
      });
      const actions = Buffer.from(JSON.stringify(demoActionsJson(ciGroup), null, 2));
      store.artifacts.createArtifact(decisionTask, runId, 'public/actions.json', {
        storageType: 's3',
        contentType: 'application/json',
        contentLength: actions.length,
        expires,
        details: {},
      });
      store.artifacts.putBlob(
        decisionTask,
        runId,
        'public/actions.json',
        'application/json',
        actions,
      );
    }),
  );

  // Every build's tests are created with it, unscheduled until it resolves (then the queue
  // schedules them), as a decision task does. The push is over: every task is resolved, or
  // blocked for good behind the failed build. Its critical path runs from the decision task
  // through build-linux64/opt to the mochitest chunk that finished last.
  let b = 0;
  const failing = (id: string, claimedAgo: number, doneAgo: number, lines: number) =>
    complete(id, claimedAgo, doneAgo, 'failed', lines);
  for (const platform of PLATFORMS) {
    for (const variant of ['opt', 'debug']) {
      const name = `build-${platform}/${variant}`;
      const id = create(ciGroup, name, 64, {
        dependencies: [decisionTask],
        taskQueueId: 'gecko-3/b-linux',
        priority: 'high',
      });
      b++;
      const tests: [string, string][] = [];
      for (const suite of SUITES) {
        for (let chunk = 1; chunk <= 4; chunk++) {
          const testName = `test-${platform}-${variant}/${suite}-${chunk}`;
          tests.push([testName, create(ciGroup, testName, 64, { dependencies: [id] })]);
        }
      }
      let builtAgo: number;
      if (name === 'build-linux64-asan/debug') {
        // Its tests stay unscheduled for good: they require all-completed.
        failing(id, 63, 40, 3000 + b);
        continue;
      } else if (b === 3) {
        // worker-shutdown, retry, then completed: three runs on the timeline.
        exception(id, 63, 50, 'worker-shutdown');
        complete(id, 49, 30, 'completed', 5000);
        builtAgo = 30;
      } else {
        builtAgo = 38 - b;
        complete(id, 63 - (b % 3), builtAgo, 'completed', 5000);
      }
      for (const [testName, testId] of tests) {
        if (testName === 'test-linux64-opt/mochitest-browser-chrome-1') {
          complete(testId, builtAgo - 1, 2, 'completed', 3000); // the group's last task
          continue;
        }
        const r = rand();
        const claimedAgo = builtAgo - 0.5 - r * 4;
        const doneAgo = Math.max(3.5, claimedAgo - 5 - r * 15);
        const lines = 1500 + Math.floor(r * 3000);
        if (r < 0.69) complete(testId, claimedAgo, doneAgo, 'completed', lines);
        else if (r < 0.86) failing(testId, claimedAgo, doneAgo, 3000 + Math.floor(r * 90));
        else if (r < 0.9) {
          exception(testId, claimedAgo, claimedAgo - 2, 'intermittent-task');
          complete(testId, claimedAgo - 2.5, Math.max(3, doneAgo - 2.5), 'completed', lines);
        } else if (r < 0.93 && claimedAgo > 27) {
          const expiredAgo = claimExpires(testId, claimedAgo);
          complete(testId, expiredAgo - 0.5, Math.max(3, expiredAgo - 5), 'completed', lines);
        } else if (r < 0.95) {
          exception(testId, claimedAgo, claimedAgo - 3, 'worker-shutdown');
          complete(testId, claimedAgo - 4, Math.max(3, doneAgo - 4), 'completed', lines);
        } else if (r < 0.96) at(doneAgo, () => store.tasks.cancelTask(testId));
        else if (r < 0.975) exception(testId, claimedAgo, doneAgo, 'resource-unavailable');
        else exception(testId, claimedAgo, doneAgo, 'internal-error');
      }
    }
  }
  for (const lint of LINTS) {
    const id = create(ciGroup, `lint-${lint}`, 64, {
      dependencies: [decisionTask],
      taskQueueId: 'proj-misc/lint',
      priority: 'low',
    });
    if (lint === 'mozlint-codespell') failing(id, 60, 55, 800);
    else complete(id, 60, 55, 'completed', 800);
  }

  // ---- a nightly graph: all-resolved dependencies, deadlines, cancellations ----
  const nightly: string[] = [];
  for (let i = 0; i < 6; i++) {
    const id = create(
      nightlyGroup,
      `nightly-l10n-repack-${['de', 'fr', 'ja', 'pt-BR', 'zh-TW', 'ar'][i]}`,
      200,
      { taskQueueId: 'gecko-3/b-linux' },
    );
    nightly.push(id);
    if (i < 3) complete(id, 190, 170, i === 2 ? 'failed' : 'completed', 1200);
    else if (i === 3) exception(id, 190, 185, 'internal-error');
  }
  const summary = create(nightlyGroup, 'nightly-l10n-summary (all-resolved)', 200, {
    dependencies: nightly.slice(0, 4),
    requires: 'all-resolved',
    taskQueueId: 'proj-misc/lint',
  });
  complete(summary, 160, 150, 'completed', 300);
  // Requires all-completed, and a repack failed: it will never run (until that repack reruns).
  create(nightlyGroup, 'nightly-signing', 200, {
    dependencies: nightly,
    taskQueueId: 'gecko-3/b-linux',
  });
  // A chain waiting on a running build: what "Why is this pending?" walks down.
  const shippable = create(nightlyGroup, 'nightly-build-linux64-shippable', 30, {
    taskQueueId: 'gecko-3/b-linux',
    priority: 'high',
  });
  claim(shippable, 12);
  const packaged = create(nightlyGroup, 'nightly-package-linux64', 30, {
    dependencies: [shippable],
    taskQueueId: 'gecko-3/b-linux',
  });
  create(nightlyGroup, 'nightly-upload-symbols-linux64', 30, {
    dependencies: [packaged],
    taskQueueId: 'proj-misc/lint',
  });
  // A task whose deadline passed while it waited: the resolver marks it deadline-exceeded.
  const late = slugid.nice();
  const lateCreated = now - 150 * MIN;
  at(150, () =>
    store.tasks.createTask(
      late,
      firefoxTaskDefinition({
        taskGroupId: nightlyGroup,
        name: 'nightly-update-verify (missed its deadline)',
        created: lateCreated,
        deadline: lateCreated + 60 * MIN,
        expires: lateCreated + 7 * 24 * 60 * MIN,
        dependencies: [nightly[5]!],
        taskQueueId: 'gecko-3/b-linux',
      }),
    ),
  );
  const canceled = create(nightlyGroup, 'nightly-partner-repack (canceled by sheriff)', 120, {
    taskQueueId: 'gecko-3/b-linux',
  });
  at(110, () => store.tasks.cancelTask(canceled));

  // ---- the group the demo worker keeps busy ----
  for (let i = 0; i < 12; i++) {
    create(
      liveGroup,
      `demo-job-${String(i + 1).padStart(2, '0')} (picked up by the demo worker)`,
      1,
      { taskQueueId: 'proj-demo/live', priority: 'lowest' },
    );
  }

  store.claims.expireClaims();
  store.tasks.expireDeadlines();
}
