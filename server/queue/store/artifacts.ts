/** Artifacts and the bodies uploaded to their signed URLs. */
import type { Artifact } from '../../../src/api/types';
import { conflict, inputError } from '../../common/errors';
import { ArtifactBodies } from './artifact-bodies';
import { iso, type StoreCore } from './core';

const ARTIFACT_AFTER_EXCEPTION_MS = 25 * 60 * 1000;

export interface ArtifactRow {
  task_id: string;
  run_id: number;
  name: string;
  storage_type: string;
  content_type: string;
  content_length: number | null;
  expires: number;
  details: string;
  created: number;
}

export class ArtifactStore {
  /** Uploaded bodies, stored and read in chunks. */
  readonly bodies: ArtifactBodies;

  constructor(private core: StoreCore) {
    this.bodies = new ArtifactBodies(core.db);
  }

  /** The row and run an artifact call acts on; unknown task/run is a 400 here (queue-spec §7.1). */
  artifactTarget(taskId: string, runId: number) {
    const row = this.core.getTask(taskId);
    if (!row) throw inputError(`Task \`${taskId}\` not found`);
    const runs = this.core.runsOf(row);
    const run = runs[runId];
    if (!run) throw inputError(`Run ${runId} not found on task \`${taskId}\``);
    return { row, run };
  }

  getArtifactRow(taskId: string, runId: number, name: string): ArtifactRow | undefined {
    return this.core.db
      .prepare<[string, number, string], ArtifactRow>(
        'SELECT * FROM artifacts WHERE task_id = ? AND run_id = ? AND name = ?',
      )
      .get(taskId, runId, name);
  }

  /** Creates or idempotently re-creates an artifact (queue-spec §7.1 rules). */
  createArtifact(
    taskId: string,
    runId: number,
    name: string,
    a: {
      storageType: string;
      contentType: string;
      contentLength?: number;
      expires: number;
      details: Record<string, unknown>;
    },
  ) {
    return this.core.transaction(() => {
      const { row, run } = this.artifactTarget(taskId, runId);
      const now = this.core.now();
      if (!run.started)
        throw inputError('Run was not claimed by a worker and so no artifacts can exist');
      if (a.expires < now - 15 * 60_000) throw inputError('Expires must be in the future');
      if (a.expires > row.expires)
        throw inputError(
          'Artifact expires after the task expires: it must expire before or with the task',
        );
      const recentException =
        run.state === 'exception' &&
        run.resolved &&
        Date.parse(run.resolved) + ARTIFACT_AFTER_EXCEPTION_MS > now;
      if (run.state !== 'running' && !recentException) {
        throw conflict(
          "Artifacts cannot be created for a task after it is resolved, unless it is resolved 'exception', and even in this case only up to 25 min past resolution.This to ensure that artifacts have been uploaded before a task is 'completed' and output is consumed by a dependent task\n\nTask status: " +
            this.core.statusJson(row),
        );
      }
      const existing = this.getArtifactRow(taskId, runId, name);
      const details = JSON.stringify(a.details);
      if (existing) {
        const same =
          existing.storage_type === a.storageType &&
          existing.content_type === a.contentType &&
          existing.details === details;
        const allowed =
          (same && a.expires >= existing.expires) ||
          (existing.storage_type === 'reference' &&
            a.storageType === 'reference' &&
            a.expires >= existing.expires) ||
          (existing.storage_type === 'reference' && a.storageType === 'link');
        if (!allowed) {
          throw conflict(
            `Artifact already exists with different properties, and none of the allowed exceptions apply: ${JSON.stringify(
              {
                storageType: existing.storage_type,
                contentType: existing.content_type,
                expires: iso(existing.expires),
              },
            )}`,
          );
        }
      }
      this.core.db
        .prepare(
          `INSERT INTO artifacts (task_id, run_id, name, storage_type, content_type, content_length, expires, details, created)
           VALUES (@t, @r, @n, @s, @c, @l, @e, @d, @now)
           ON CONFLICT (task_id, run_id, name) DO UPDATE SET storage_type = @s, content_type = @c, content_length = @l,
             expires = @e, details = @d`,
        )
        .run({
          t: taskId,
          r: runId,
          n: name,
          s: a.storageType,
          c: a.contentType,
          l: a.contentLength ?? null,
          e: a.expires,
          d: details,
          now,
        });
    });
  }

  listArtifacts(taskId: string, runId: number, offset: number, limit: number): ArtifactRow[] {
    return this.core.db
      .prepare<[string, number, number, number], ArtifactRow>(
        'SELECT * FROM artifacts WHERE task_id = ? AND run_id = ? ORDER BY name LIMIT ? OFFSET ?',
      )
      .all(taskId, runId, limit, offset);
  }

  artifactInfo(a: ArtifactRow): Artifact {
    return {
      storageType: a.storage_type as Artifact['storageType'],
      name: a.name,
      expires: iso(a.expires),
      contentType: a.content_type,
      ...(a.content_length !== null ? { contentLength: a.content_length } : {}),
    };
  }

  /** Stores an upload held in memory (demo data). */
  putBlob(taskId: string, runId: number, name: string, contentType: string, data: Buffer) {
    this.bodies.put([taskId, runId, name], contentType, data);
  }
}
