/** Task queues, provisioners, worker types and workers, and the counts and lists of a queue. */
import { notFound } from '../../common/errors';
import { iso, splitQueue, type StoreCore, type TaskRow } from './core';

interface QueueRow {
  task_queue_id: string;
  description: string;
  stability: string;
  expires: number;
  last_date_active: number;
}

interface WorkerRow {
  task_queue_id: string;
  worker_group: string;
  worker_id: string;
  first_claim: number;
  last_date_active: number;
  expires: number;
  recent_tasks: string;
  quarantine_until: number | null;
}

function queueInfo(r: QueueRow) {
  return {
    taskQueueId: r.task_queue_id,
    stability: r.stability,
    description: r.description,
    expires: iso(r.expires),
    lastDateActive: iso(r.last_date_active),
  };
}

export class TaskQueueStore {
  private stmt;

  constructor(private core: StoreCore) {
    const db = core.db;
    this.stmt = {
      pendingCount: db.prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM tasks WHERE task_queue_id = ? AND state = 'pending'",
      ),
      claimedCount: db.prepare<[string], { n: number }>(
        "SELECT count(*) AS n FROM tasks WHERE task_queue_id = ? AND state = 'running'",
      ),
    };
  }

  pendingCount(taskQueueId: string): number {
    return this.stmt.pendingCount.get(taskQueueId)?.n ?? 0;
  }

  claimedCount(taskQueueId: string): number {
    return this.stmt.claimedCount.get(taskQueueId)?.n ?? 0;
  }

  listPending(taskQueueId: string, offset: number, limit: number): TaskRow[] {
    return this.core.db
      .prepare<[string, number, number], TaskRow>(
        "SELECT * FROM tasks WHERE task_queue_id = ? AND state = 'pending' ORDER BY pending_seq LIMIT ? OFFSET ?",
      )
      .all(taskQueueId, limit, offset);
  }

  listClaimed(taskQueueId: string, offset: number, limit: number): TaskRow[] {
    return this.core.db
      .prepare<[string, number, number], TaskRow>(
        "SELECT * FROM tasks WHERE task_queue_id = ? AND state = 'running' ORDER BY claimed_at, task_id LIMIT ? OFFSET ?",
      )
      .all(taskQueueId, limit, offset);
  }

  touchQueue(taskQueueId: string, now: number) {
    this.core.db
      .prepare(
        `INSERT INTO task_queues (task_queue_id, expires, last_date_active) VALUES (?, ?, ?)
         ON CONFLICT (task_queue_id) DO UPDATE SET expires = excluded.expires, last_date_active = excluded.last_date_active`,
      )
      .run(taskQueueId, now + 5 * 86400_000, now);
  }

  getWorkerRow(taskQueueId: string, workerGroup: string, workerId: string) {
    return this.core.db
      .prepare<[string, string, string], WorkerRow>(
        'SELECT * FROM workers WHERE task_queue_id = ? AND worker_group = ? AND worker_id = ?',
      )
      .get(taskQueueId, workerGroup, workerId);
  }

  touchWorker(
    taskQueueId: string,
    workerGroup: string,
    workerId: string,
    now: number,
    task?: { taskId: string; runId: number },
  ) {
    const existing = this.getWorkerRow(taskQueueId, workerGroup, workerId);
    const recent = existing
      ? (JSON.parse(existing.recent_tasks) as { taskId: string; runId: number }[])
      : [];
    if (task) recent.push(task);
    this.core.db
      .prepare(
        `INSERT INTO workers (task_queue_id, worker_group, worker_id, first_claim, last_date_active, expires, recent_tasks)
         VALUES (@q, @g, @w, @now, @now, @expires, @recent)
         ON CONFLICT (task_queue_id, worker_group, worker_id)
         DO UPDATE SET last_date_active = @now, expires = @expires, recent_tasks = @recent`,
      )
      .run({
        q: taskQueueId,
        g: workerGroup,
        w: workerId,
        now,
        expires: now + 86400_000,
        recent: JSON.stringify(recent.slice(-20)),
      });
  }

  listTaskQueues(offset: number, limit: number, provisionerId?: string) {
    const rows = provisionerId
      ? this.core.db
          .prepare<[string, number, number], QueueRow>(
            "SELECT * FROM task_queues WHERE task_queue_id LIKE ? || '/%' ORDER BY task_queue_id LIMIT ? OFFSET ?",
          )
          .all(provisionerId, limit, offset)
      : this.core.db
          .prepare<[number, number], QueueRow>(
            'SELECT * FROM task_queues ORDER BY task_queue_id LIMIT ? OFFSET ?',
          )
          .all(limit, offset);
    return rows.map(queueInfo);
  }

  getTaskQueue(taskQueueId: string) {
    const row = this.core.db
      .prepare<[string], QueueRow>('SELECT * FROM task_queues WHERE task_queue_id = ?')
      .get(taskQueueId);
    if (!row) throw notFound(`Task queue \`${taskQueueId}\` not found`);
    return queueInfo(row);
  }

  listProvisioners(offset: number, limit: number) {
    return this.core.db
      .prepare<[number, number], { p: string; expires: number; last: number }>(
        `SELECT substr(task_queue_id, 1, instr(task_queue_id, '/') - 1) AS p, max(expires) AS expires,
           max(last_date_active) AS last FROM task_queues GROUP BY p ORDER BY p LIMIT ? OFFSET ?`,
      )
      .all(limit, offset)
      .map((r) => ({
        provisionerId: r.p,
        stability: 'experimental',
        description: '',
        expires: iso(r.expires),
        lastDateActive: iso(r.last),
      }));
  }

  listWorkers(taskQueueId: string, offset: number, limit: number, quarantined?: boolean) {
    const now = this.core.now();
    const rows = this.core.db
      .prepare<[string, number, number], WorkerRow>(
        'SELECT * FROM workers WHERE task_queue_id = ? ORDER BY worker_group, worker_id LIMIT ? OFFSET ?',
      )
      .all(taskQueueId, limit, offset)
      .filter(
        (w) =>
          quarantined === undefined ||
          (w.quarantine_until !== null && w.quarantine_until > now) === quarantined,
      );
    return rows.map((w) => {
      const recent = JSON.parse(w.recent_tasks) as { taskId: string; runId: number }[];
      return {
        workerGroup: w.worker_group,
        workerId: w.worker_id,
        firstClaim: iso(w.first_claim),
        lastDateActive: iso(w.last_date_active),
        ...(recent.length ? { latestTask: recent[recent.length - 1] } : {}),
        ...(w.quarantine_until ? { quarantineUntil: iso(w.quarantine_until) } : {}),
      };
    });
  }

  getWorker(taskQueueId: string, workerGroup: string, workerId: string) {
    const w = this.getWorkerRow(taskQueueId, workerGroup, workerId);
    if (!w)
      throw notFound(
        `Worker with workerId \`${workerId}\`, workerGroup \`${workerGroup}\`, and taskQueueId \`${taskQueueId}\` not found. Are you sure it was created?`,
      );
    const [provisionerId, workerType] = splitQueue(taskQueueId);
    return {
      provisionerId,
      workerType,
      taskQueueId,
      workerGroup,
      workerId,
      recentTasks: JSON.parse(w.recent_tasks) as unknown[],
      expires: iso(w.expires),
      firstClaim: iso(w.first_claim),
      lastDateActive: iso(w.last_date_active),
      quarantineUntil: iso(w.quarantine_until ?? w.first_claim - 10 * 365 * 86400_000),
    };
  }
}
