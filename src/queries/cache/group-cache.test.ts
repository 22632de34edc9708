import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { GroupRow } from '../task-group/group-rows';
import { GroupCache } from './group-cache';
import { encodeRows, toPlainRow } from './row-codec';

let dbs = 0;
/** A cache on its own database, with a clock the test moves. */
function cache(budgetBytes?: number) {
  let t = 1000;
  const c = new GroupCache({ budgetBytes, dbName: `test-cache-${++dbs}`, now: () => t });
  return Object.assign(c, { tick: (ms = 1) => (t += ms) });
}

const rows = (n: number, prefix = 't'): GroupRow[] =>
  Array.from({ length: n }, (_, i) => ({
    taskId: `${prefix}${String(i).padStart(21, '0')}`,
    name: `${prefix}-test-${i}`,
    search: `${prefix}-test-${i}`,
    state: i % 3 ? 'completed' : 'failed',
    runs: 1,
    taskQueueId: 'proj/worker',
    kind: 'test',
    started: 1_000_000 + i,
    resolved: 2_000_000 + i,
  }));

const ROOT = 'https://tc.example.com';
const OTHER = 'https://other.example.com';

describe('group cache (IndexedDB)', () => {
  it('stores rows keyed by root URL and group, and reads them back', async () => {
    const c = cache();
    expect(await c.load(ROOT, 'G1')).toBeUndefined();
    expect(await c.save(ROOT, 'G1', rows(50), { savedAt: 777 })).toBe(true);
    expect(await c.save(OTHER, 'G1', rows(3, 'o'))).toBe(true);
    const hit = await c.load(ROOT, 'G1');
    expect(hit?.rows.map(toPlainRow)).toEqual(rows(50));
    expect(hit?.savedAt).toBe(777);
    expect(hit?.bytes).toBe(encodeRows(rows(50)).byteLength);
    expect((await c.load(OTHER, 'G1'))?.rows.map(toPlainRow)).toEqual(rows(3, 'o'));
    expect(await c.load(ROOT, 'G2')).toBeUndefined();
  });

  it('a read started ahead (page start-up) is the next load of that group, and only that one', async () => {
    const c = cache();
    await c.save(ROOT, 'G1', rows(5));
    c.preload(ROOT, 'G1');
    // Written after the early read began: that load still answers what the read found.
    await c.save(ROOT, 'G1', rows(7));
    expect((await c.load(ROOT, 'G1'))?.rows.map(toPlainRow)).toEqual(rows(5));
    // Taken: the next load reads again.
    expect((await c.load(ROOT, 'G1'))?.rows.map(toPlainRow)).toEqual(rows(7));
  });

  it('a clear drops reads started ahead', async () => {
    const c = cache();
    await c.save(ROOT, 'G1', rows(5));
    await c.save(OTHER, 'G1', rows(3, 'o'));
    c.preload(ROOT, 'G1');
    c.preload(OTHER, 'G1');
    await c.clearDeployment(ROOT);
    expect(await c.load(ROOT, 'G1')).toBeUndefined();
    expect((await c.load(OTHER, 'G1'))?.rows.map(toPlainRow)).toEqual(rows(3, 'o'));
    c.preload(OTHER, 'G1');
    await c.clearAll();
    expect(await c.load(OTHER, 'G1')).toBeUndefined();
  });

  it('counts the serialized bytes stored', async () => {
    const c = cache();
    await c.save(ROOT, 'A', rows(10));
    await c.save(ROOT, 'B', rows(20));
    const usage = await c.usage();
    expect(usage.groups).toBe(2);
    expect(usage.bytes).toBe(encodeRows(rows(10)).byteLength + encodeRows(rows(20)).byteLength);
  });

  it('evicts the least recently used groups past its budget; a read counts as a use', async () => {
    const size = encodeRows(rows(100)).byteLength;
    // Room for three groups of 100 rows, not four.
    const c = cache(size * 3 + 10);
    await c.save(ROOT, 'A', rows(100));
    c.tick();
    await c.save(ROOT, 'B', rows(100));
    c.tick();
    await c.save(ROOT, 'C', rows(100));
    c.tick();
    // Reading A makes B the least recently used.
    expect(await c.load(ROOT, 'A')).toBeDefined();
    c.tick();
    await c.save(ROOT, 'D', rows(100));
    const kept = (await c.usage()).entries.map((e) => e.taskGroupId).sort();
    expect(kept).toEqual(['A', 'C', 'D']);
    expect(await c.load(ROOT, 'B')).toBeUndefined();
    expect((await c.usage()).bytes).toBeLessThanOrEqual(size * 3 + 10);
  });

  it('does not store a group larger than the whole budget, and keeps the others', async () => {
    const c = cache(encodeRows(rows(100)).byteLength + 10);
    await c.save(ROOT, 'small', rows(10));
    expect(await c.save(ROOT, 'huge', rows(1000))).toBe(false);
    expect(await c.load(ROOT, 'huge')).toBeUndefined();
    expect(await c.load(ROOT, 'small')).toBeDefined();
  });

  it('replaces a group in place when saved again', async () => {
    const c = cache();
    await c.save(ROOT, 'A', rows(10));
    await c.save(ROOT, 'A', rows(4, 'x'));
    expect((await c.load(ROOT, 'A'))?.rows.map(toPlainRow)).toEqual(rows(4, 'x'));
    expect((await c.usage()).groups).toBe(1);
  });

  it('removes one group, one deployment, or everything', async () => {
    const c = cache();
    await c.save(ROOT, 'A', rows(2));
    await c.save(ROOT, 'B', rows(2));
    await c.save(OTHER, 'A', rows(2));
    await c.remove(ROOT, 'A');
    expect(await c.load(ROOT, 'A')).toBeUndefined();
    expect(await c.load(ROOT, 'B')).toBeDefined();
    await c.clearDeployment(ROOT);
    expect(await c.load(ROOT, 'B')).toBeUndefined();
    expect(await c.load(OTHER, 'A')).toBeDefined();
    await c.clearAll();
    expect(await c.usage()).toEqual({ groups: 0, bytes: 0, entries: [] });
  });

  it('does not store rows of a load that began before a clear', async () => {
    const c = cache();
    const before = c.epoch(ROOT);
    const otherBefore = c.epoch(OTHER);
    await c.clearDeployment(ROOT);
    expect(await c.save(ROOT, 'A', rows(2), { epoch: before })).toBe(false);
    expect(await c.load(ROOT, 'A')).toBeUndefined();
    // Another deployment's loads are not affected; a load begun after the clear stores.
    expect(await c.save(OTHER, 'A', rows(2), { epoch: otherBefore })).toBe(true);
    expect(await c.save(ROOT, 'A', rows(2), { epoch: c.epoch(ROOT) })).toBe(true);
    const all = c.epoch(OTHER);
    await c.clearAll();
    expect(await c.save(OTHER, 'B', rows(2), { epoch: all })).toBe(false);
  });

  it('drops an entry it cannot decode (another version) and reads it as a miss', async () => {
    const name = `test-cache-${++dbs}`;
    const c = new GroupCache({ dbName: name });
    await c.save(ROOT, 'A', rows(2));
    // Rewrite the stored rows as a layout from another version would look.
    const open = indexedDB.open(name);
    await new Promise((r) => (open.onsuccess = r));
    const db = open.result;
    const tx = db.transaction('rows', 'readwrite');
    const bad = encodeRows(rows(2));
    new Uint32Array(bad, 0, 1)[0] = 999;
    tx.objectStore('rows').put(bad, [ROOT, 'A']);
    await new Promise((r) => (tx.oncomplete = r));
    db.close();
    expect(await c.load(ROOT, 'A')).toBeUndefined();
    expect((await c.usage()).groups).toBe(0);
  });

  it('works as an empty cache where IndexedDB is missing', async () => {
    const saved = globalThis.indexedDB;
    // @ts-expect-error -- a browser with storage disabled
    delete globalThis.indexedDB;
    try {
      const c = new GroupCache({ dbName: 'absent' });
      expect(await c.save(ROOT, 'A', rows(1))).toBe(false);
      expect(await c.load(ROOT, 'A')).toBeUndefined();
      expect(await c.usage()).toEqual({ groups: 0, bytes: 0, entries: [] });
      await c.clearAll();
    } finally {
      globalThis.indexedDB = saved;
    }
  });
});
