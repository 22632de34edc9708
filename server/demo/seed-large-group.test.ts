import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../common/db';
import { firefoxTaskDefinition, taskQueueFor } from './content';
import { seedLargeGroup, taskName } from './seed-large-group';

const dir = mkdtempSync(join(tmpdir(), 'seed-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function group(db: string, taskGroupId: string) {
  const conn = openDatabase(db);
  const rows = conn
    .prepare<[string], { state: string; runs: string; definition: string }>(
      'SELECT state, runs, definition FROM tasks WHERE task_group_id = ? ORDER BY rowid',
    )
    .all(taskGroupId);
  conn.close();
  return rows.map((r) => ({
    name: (JSON.parse(r.definition) as { metadata: { name: string } }).metadata.name,
    state: r.state,
    runs: r.runs,
  }));
}

describe('large group seed', () => {
  const db = join(dir, 'queue.sqlite');
  const base = { db, tasks: 400, pending: 0, running: 0 };
  const a = seedLargeGroup(base);
  const again = seedLargeGroup(base);
  const other = seedLargeGroup({ ...base, seed: 99 });

  it('draws the same outcomes for the same size, other ones for another seed, same names', () => {
    const [ga, gAgain, gOther] = [a, again, other].map((s) => group(db, s.taskGroupId));
    expect(ga).toHaveLength(400);
    expect(gAgain!.map((t) => t.state)).toEqual(ga!.map((t) => t.state));
    expect(gOther!.map((t) => t.name)).toEqual(ga!.map((t) => t.name));
    const differ = ga!.filter((t, i) => t.state !== gOther![i]!.state).length;
    // About a quarter of tasks change state between two independent draws (15% fail or err).
    expect(differ).toBeGreaterThan(20);
    expect(ga!.some((t, i) => t.runs !== gOther![i]!.runs)).toBe(true);
  });

  it('stores each definition as the content generator makes it for that task', () => {
    const conn = openDatabase(db);
    const rows = conn
      .prepare<[string], { definition: string }>(
        'SELECT definition FROM tasks WHERE task_group_id = ? ORDER BY rowid',
      )
      .all(a.taskGroupId);
    conn.close();
    expect(rows).toHaveLength(400);
    // Every 7th task covers builds and tests, one- to three-digit numbers, each platform.
    for (let i = 0; i < 400; i += 7) {
      const stored = JSON.parse(rows[i]!.definition) as {
        created: string;
        deadline: string;
        expires: string;
      };
      const name = taskName(i);
      expect(stored).toEqual(
        firefoxTaskDefinition({
          taskGroupId: a.taskGroupId,
          name,
          created: Date.parse(stored.created),
          deadline: Date.parse(stored.deadline),
          expires: Date.parse(stored.expires),
          taskQueueId: taskQueueFor(name),
        }),
      );
    }
  });
});
