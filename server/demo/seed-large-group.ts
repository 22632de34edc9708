/**
 * `npm run queue:seed -- --db PATH --tasks 50000 [--group ID] [--pending N] [--running N] [--seed N]`
 *
 * Fills one task group of that size straight into a database file, in one transaction: realistic
 * Firefox-CI-like definitions of a few KB, several task queues, and runs in states the state
 * machine can reach with consistent timestamps. Prints the group id and how long it took.
 */
import { parseArgs } from 'node:util';
import slugid from 'slugid';
import type { TaskRun } from '../../src/api/types';
import { firefoxTaskDefinition, PLATFORMS, prng, SUITES, taskQueueFor } from './content';
import { openDatabase } from '../common/db';
import { PRIORITY_RANK } from '../queue/store/core';
import { createQueueTables } from '../queue/store/schema';

export interface SeedOptions {
  db: string;
  tasks: number;
  group?: string;
  /** Tasks left pending / running (default 2% each). */
  pending?: number;
  running?: number;
  /**
   * Seed of the outcomes and times (default: derived from the size). Two groups of one size with
   * different seeds share their task names but differ in states and run times: a comparison.
   */
  seed?: number;
}

const iso = (ms: number) => new Date(ms).toJSON();
/**
 * Stands for a task's number in a definition template. A control character: no name holds one,
 * and it has no dash, slash or letter, so whatever the definition derives from the name (kind,
 * symbol, platform, queue) comes out as it would with the number.
 */
const NUMBER_MARK = '\u0001';

/** The name of the group's task `i`, with `number` where its number goes. */
export function taskName(i: number, number = String(i)): string {
  const platform = PLATFORMS[i % PLATFORMS.length]!;
  const suite = SUITES[Math.floor(i / PLATFORMS.length) % SUITES.length]!;
  return i % 50 === 0
    ? `build-${platform}/opt-${number}`
    : `test-${platform}/${suite}-${(i % 16) + 1} #${number}`;
}

/** Sets the journal mode; false when another connection holds the database. */
function switchJournal(db: ReturnType<typeof openDatabase>, mode: 'DELETE' | 'WAL'): boolean {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    db.pragma(`journal_mode = ${mode}`);
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw err;
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}

export function seedLargeGroup(options: SeedOptions): {
  taskGroupId: string;
  ms: number;
  taskIds: string[];
} {
  const started = performance.now();
  const db = openDatabase(options.db);
  // One big insert: written once into the file (a rollback journal only keeps the few pages that
  // existed before; WAL would write every page twice, into the log and back at the checkpoint),
  // without waiting for the disk (a seeded database is test data: a power cut may cost it), and
  // with a cache that holds the five indexes, which random task ids hit all over. With another
  // connection open (a running service) the journal mode cannot change: it stays WAL, which only
  // costs time.
  const journal = switchJournal(db, 'DELETE');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -131072');
  createQueueTables(db);
  const taskGroupId = options.group ?? slugid.nice();
  const n = options.tasks;
  const pendingCount = options.pending ?? Math.floor(n * 0.02);
  const runningCount = options.running ?? Math.floor(n * 0.02);
  const rand = prng(options.seed ?? n + 7);
  const now = Date.now();
  const created = now - 2 * 3600_000;
  const deadline = created + 24 * 3600_000;
  const expires = created + 30 * 86400_000;
  const insert = db.prepare(
    `INSERT INTO tasks (task_id, task_group_id, task_queue_id, scheduler_id, project_id, priority, priority_rank,
       retries, retries_left, deadline, expires, requires, definition, runs, state, taken_until, pending_seq, claimed_at)
     VALUES (?, ?, ?, 'gecko-level-3', 'gecko', 'medium', ?, 5, ?, ?, ?, 'all-completed', ?, ?, ?, ?, ?, ?)`,
  );
  const queues = new Set<string>();
  const taskIds: string[] = [];
  // Definitions differ only by their name's task number: each shape (platform, suite, chunk) is
  // serialised once, with a marker where the number goes, and filled in per task. JSON.stringify
  // of a few-KB definition per task was most of the seeder's time.
  const templates = new Map<string, { taskQueueId: string; parts: string[] }>();
  const definitionOf = (i: number) => {
    const shape = taskName(i, NUMBER_MARK);
    let template = templates.get(shape);
    if (!template) {
      const taskQueueId = taskQueueFor(shape);
      const json = JSON.stringify(
        firefoxTaskDefinition({
          taskGroupId,
          name: shape,
          created,
          deadline,
          expires,
          taskQueueId,
        }),
      );
      template = { taskQueueId, parts: json.split(JSON.stringify(NUMBER_MARK).slice(1, -1)) };
      templates.set(shape, template);
    }
    return { taskQueueId: template.taskQueueId, json: template.parts.join(String(i)) };
  };
  const seqBase =
    (db.prepare<[], { m: number | null }>('SELECT max(pending_seq) AS m FROM tasks').get()?.m ??
      0) + 1;

  db.transaction(() => {
    db.prepare(
      'INSERT OR IGNORE INTO task_groups (task_group_id, scheduler_id, expires) VALUES (?, ?, ?)',
    ).run(taskGroupId, 'gecko-level-3', expires + 3600_000);
    for (let i = 0; i < n; i++) {
      const taskId = slugid.nice();
      taskIds.push(taskId);
      const { taskQueueId, json: definition } = definitionOf(i);
      queues.add(taskQueueId);
      const scheduled = created + Math.floor(rand() * 3600_000);
      const started0 = scheduled + 5_000 + Math.floor(rand() * 600_000);
      const resolved0 = started0 + 60_000 + Math.floor(rand() * 2400_000);
      const runs: TaskRun[] = [];
      let state: string;
      let retriesLeft = 5;
      let takenUntil: number | null = null;
      let pendingSeq: number | null = null;
      let claimedAt: number | null = null;
      const worker = {
        workerGroup: 'us-east-1',
        workerId: `i-${(i % 997).toString(16).padStart(8, '0')}`,
      };
      if (i < pendingCount) {
        state = 'pending';
        runs.push({
          runId: 0,
          state: 'pending',
          reasonCreated: 'scheduled',
          scheduled: iso(scheduled),
        });
        pendingSeq = seqBase + i;
      } else if (i < pendingCount + runningCount) {
        state = 'running';
        takenUntil = now + 1200_000;
        claimedAt = now - 60_000;
        runs.push({
          runId: 0,
          state: 'running',
          reasonCreated: 'scheduled',
          ...worker,
          takenUntil: iso(takenUntil),
          scheduled: iso(scheduled),
          started: iso(claimedAt),
        });
      } else {
        const r = rand();
        if (r < 0.05) {
          // worker-shutdown, then a retry that completed
          retriesLeft = 4;
          runs.push({
            runId: 0,
            state: 'exception',
            reasonCreated: 'scheduled',
            reasonResolved: 'worker-shutdown',
            ...worker,
            takenUntil: iso(started0 + 1200_000),
            scheduled: iso(scheduled),
            started: iso(started0),
            resolved: iso(resolved0),
          });
          const s1 = resolved0 + 30_000;
          runs.push({
            runId: 1,
            state: 'completed',
            reasonCreated: 'retry',
            reasonResolved: 'completed',
            ...worker,
            takenUntil: iso(s1 + 1200_000),
            scheduled: iso(resolved0),
            started: iso(s1),
            resolved: iso(s1 + 900_000),
          });
          state = 'completed';
        } else {
          state = r < 0.85 ? 'completed' : r < 0.95 ? 'failed' : 'exception';
          const reason = state === 'exception' ? (r < 0.97 ? 'canceled' : 'internal-error') : state;
          runs.push({
            runId: 0,
            state: state as TaskRun['state'],
            reasonCreated: 'scheduled',
            reasonResolved: reason as TaskRun['reasonResolved'],
            ...worker,
            takenUntil: iso(started0 + 1200_000),
            scheduled: iso(scheduled),
            started: iso(started0),
            resolved: iso(resolved0),
          });
        }
      }
      insert.run(
        taskId,
        taskGroupId,
        taskQueueId,
        PRIORITY_RANK.medium,
        retriesLeft,
        deadline,
        expires,
        definition,
        JSON.stringify(runs),
        state,
        takenUntil,
        pendingSeq,
        claimedAt,
      );
    }
    const q = db.prepare(
      `INSERT INTO task_queues (task_queue_id, expires, last_date_active) VALUES (?, ?, ?)
       ON CONFLICT (task_queue_id) DO UPDATE SET last_date_active = excluded.last_date_active`,
    );
    for (const tq of queues) q.run(tq, now + 5 * 86400_000, now);
  }).immediate();
  if (journal) switchJournal(db, 'WAL');
  db.close();
  return { taskGroupId, ms: performance.now() - started, taskIds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      tasks: { type: 'string', default: '50000' },
      group: { type: 'string' },
      pending: { type: 'string' },
      running: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (!values.db) {
    console.error(
      'usage: npm run queue:seed -- --db PATH --tasks N [--group ID] [--pending N] [--running N] [--seed N]',
    );
    process.exit(2);
  }
  const result = seedLargeGroup({
    db: values.db,
    tasks: Number(values.tasks),
    group: values.group,
    pending: values.pending === undefined ? undefined : Number(values.pending),
    running: values.running === undefined ? undefined : Number(values.running),
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  console.log(
    `seeded ${values.tasks} tasks into task group ${result.taskGroupId} in ${(result.ms / 1000).toFixed(2)} s`,
  );
}
