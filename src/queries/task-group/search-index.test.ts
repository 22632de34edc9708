import { describe, expect, it } from 'vitest';
import type { GroupRow } from './group-rows';
import { SearchIndex } from './search-index';

const row = (name: string): GroupRow => ({
  taskId: name,
  name,
  search: name.toLowerCase(),
  state: 'completed',
  runs: 1,
  taskQueueId: 'p/w',
  kind: 'test',
});

const hitsOf = (index: SearchIndex, rows: readonly GroupRow[], needle: string) => {
  const hits = new Uint8Array(rows.length);
  if (!index.match(rows, needle, hits)) return undefined;
  return [...hits.keys()].filter((i) => hits[i]);
};
const plain = (rows: readonly GroupRow[], needle: string) =>
  rows.flatMap((r, i) => (r.search.includes(needle) ? [i] : []));

describe('SearchIndex', () => {
  it('answers as includes does, at the edges of names and across chunks', () => {
    const rows = ['aaa', 'xa', 'ab', '', 'b', 'aab', 'nul\u0000inside'].map(row);
    const index = new SearchIndex();
    // Rows arrive in pages: each search sees more of them, indexed as new chunks.
    for (const upTo of [2, 3, 7]) {
      const some = rows.slice(0, upTo);
      // The same array, grown in place, as the stream's rows grow.
      for (const needle of [
        'a',
        'aa',
        'aaa',
        'aaaa',
        'xa',
        'ab',
        'b',
        'axa',
        'ba',
        'nul',
        'inside',
      ])
        expect(hitsOf(index, some, needle), `${needle} of ${upTo}`).toEqual(plain(some, needle));
    }
  });

  it('follows rows grown in place, a new array, and a name changed in place once told', () => {
    const rows = ['build-linux', 'test-mac'].map(row);
    const index = new SearchIndex();
    expect(hitsOf(index, rows, 'linux')).toEqual([0]);
    rows.push(row('test-linux'));
    expect(hitsOf(index, rows, 'linux')).toEqual([0, 2]);
    rows[0] = row('build-win');
    index.invalidate();
    expect(hitsOf(index, rows, 'linux')).toEqual([2]);
    const fewer = rows.slice(1);
    expect(hitsOf(index, fewer, 'test')).toEqual([0, 1]);
  });

  it('declines an empty needle and one holding its separator', () => {
    const rows = ['a\u0000b'].map(row);
    const index = new SearchIndex();
    expect(hitsOf(index, rows, '')).toBeUndefined();
    expect(hitsOf(index, rows, 'a\u0000b')).toBeUndefined();
  });
});
