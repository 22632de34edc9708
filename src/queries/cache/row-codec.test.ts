import { describe, expect, it } from 'vitest';
import type { GroupRow } from '../task-group/group-rows';
import { SearchIndex } from '../task-group/search-index';
import {
  CODEC_VERSION,
  CodecError,
  decodeRows,
  encodeRows,
  readRows,
  toPlainRow,
} from './row-codec';

const full: GroupRow = {
  taskId: 'a7Xc4tjFRDmDgN1lOk5GBw',
  name: 'build-linux64/opt',
  search: 'build-linux64/opt',
  state: 'completed',
  runs: 2,
  taskQueueId: 'proj-ci/b-linux',
  kind: 'build',
  started: 1_764_000_000_123,
  resolved: 1_764_000_100_456,
  projectId: 'ci',
  schedulerId: 'taskcluster-github',
  priority: 'very-high',
  deadline: 1_764_100_000_000,
  dependencies: ['Yo2mk0ZWTiqAgMBFDeUKnQ', 'bKgPD6OHSvaVmaOWXvEvWg'],
  requires: 'all-resolved',
};

const bare: GroupRow = {
  taskId: 'T2',
  name: 'Test ✓ — ÜNICODE 🐛',
  search: 'test ✓ — ünicode 🐛',
  state: 'pending',
  runs: 0,
  taskQueueId: 'p/w',
  kind: 'test',
};

describe('row codec', () => {
  it('round-trips every field, absent ones staying absent', () => {
    const rows = decodeRows(encodeRows([full, bare]));
    expect(rows).toEqual([full, bare]);
    expect(rows[1]!.started).toBeUndefined();
    expect(rows[1]!.dependencies).toBeUndefined();
    expect(rows[1]!.requires).toBeUndefined();
    expect(rows[1]!.priority).toBeUndefined();
  });

  it('keeps hostile text exactly: separators, lone surrogates, markup', () => {
    const names = ['a\u0000b\nc', '\ud800', '\udc00tail', '<img src=x onerror=alert(1)>', ''];
    const rows = names.map((name, i) => ({
      ...bare,
      taskId: `id${i}`,
      name,
      search: name.toLowerCase(),
    }));
    expect(decodeRows(encodeRows(rows)).map((r) => r.name)).toEqual(names);
  });

  it('stores repeated strings once: 1,000 rows of one queue weigh little more than their ids and names', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({
      ...full,
      taskId: `task-${String(i).padStart(17, '0')}`,
      name: `test-${i}`,
      search: `test-${i}`,
      dependencies: undefined,
    }));
    const bytes = encodeRows(rows).byteLength;
    // Per row: 11 ints (44 B), 3 times (24 B), id and name (~30 B); no per-row queue or kind text.
    expect(bytes).toBeLessThan(1000 * 110);
    expect(decodeRows(encodeRows(rows))).toEqual(rows);
  });

  it('encodes an empty group', () => {
    expect(decodeRows(encodeRows([]))).toEqual([]);
  });

  it('refuses another version and damaged buffers', () => {
    const buffer = encodeRows([full]);
    new Uint32Array(buffer, 0, 1)[0] = CODEC_VERSION + 1;
    expect(() => decodeRows(buffer)).toThrow(CodecError);
    expect(() => decodeRows(encodeRows([full]).slice(0, 40))).toThrow(CodecError);
    expect(() => decodeRows(new ArrayBuffer(3))).toThrow(CodecError);
  });

  it('reads rows lazily with the same fields, counts by state, and names ready for search', () => {
    const rows = [full, bare, { ...full, taskId: 'T3', name: 'Build-Win', search: 'build-win' }];
    const stored = readRows(encodeRows(rows));
    expect(stored.rows.map(toPlainRow)).toEqual(rows);
    expect(stored.counts).toEqual({
      unscheduled: 0,
      pending: 1,
      running: 0,
      completed: 2,
      failed: 0,
      exception: 0,
    });
    // Not ASCII (the bare row's name): the index is built from the rows instead.
    expect(stored.search).toBeUndefined();

    const ascii = [full, { ...bare, name: 'Test-Linux', search: 'test-linux' }, rows[2]!];
    const { rows: read, search } = readRows(encodeRows(ascii));
    const seeded = new SearchIndex();
    seeded.seed(read, search!.text, search!.starts);
    const built = new SearchIndex();
    for (const needle of ['build', 'linux', 'test-l', 'b', 'opt', 'zzz', 'build-linux64/opt']) {
      const a = new Uint8Array(3);
      const b = new Uint8Array(3);
      seeded.match(read, needle, a);
      built.match(ascii, needle, b);
      expect([...a], needle).toEqual([...b]);
    }
  });

  it('refuses rows whose state, queue or kind points nowhere', () => {
    const buffer = encodeRows([full]);
    // The first row's state reference (ints follow the header and the float columns).
    const ints = new Uint32Array(buffer, 32 + 3 * 8, 11);
    ints[0] = 0;
    expect(() => readRows(buffer)).toThrow(CodecError);
    ints[0] = 99;
    expect(() => readRows(buffer)).toThrow(CodecError);
  });
});
