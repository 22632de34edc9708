import { describe, expect, it } from 'vitest';
import { LineIndex } from './line-index';
import {
  compileNeedle,
  lineMatches,
  lowerBound,
  MatchList,
  searchCandidates,
  searchRange,
} from './log-search';

const utf8 = (s: string) => new TextEncoder().encode(s);

function indexOf(text: string): LineIndex {
  const index = new LineIndex();
  index.append(utf8(text));
  index.finish();
  return index;
}

function search(index: LineIndex, query: string): number[] {
  const out = new MatchList();
  searchRange(index, compileNeedle(query), 0, index.lineCount, out);
  return [...out.view()];
}

const matches = (line: string, query: string) => {
  const b = utf8(line);
  return lineMatches(b, 0, b.length, compileNeedle(query));
};

describe('log search', () => {
  it('is case-insensitive and skips escape codes, as the text is shown', () => {
    expect(matches('\u001b[31mERR\u001b[0mOR here', 'error')).toBe(true);
    expect(matches('Another Error', 'ERROR')).toBe(true);
    expect(matches('\u001b[31mred\u001b[0m', '31m')).toBe(false);
    expect(matches('\u001b]8;;https://x\u0007link', 'https')).toBe(false);
    expect(matches('\u001b]8;;https://x\u0007link', 'link')).toBe(true);
    expect(matches('erro', 'error')).toBe(false);
  });

  it('matches non-ASCII text as typed, lower-cased', () => {
    expect(matches('Größe überschritten', 'größe')).toBe(true);
    expect(matches('naïve', 'NAÏVE')).toBe(true);
  });

  it('finds matching lines in order, including at the start and the end of lines', () => {
    const index = indexOf('abc\nxyz\nzab\nno\r\nab\n');
    expect(search(index, 'ab')).toEqual([0, 2, 4]);
    expect(search(index, 'no')).toEqual([3]);
    expect(search(index, '')).toEqual([]);
  });

  it('narrows a longer query to the matches of the shorter one', () => {
    const index = indexOf(Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    const first = new MatchList();
    searchRange(index, compileNeedle('line 9'), 0, index.lineCount, first);
    const narrowed = new MatchList();
    searchCandidates(index, compileNeedle('line 99'), first.view(), narrowed);
    expect([...narrowed.view()]).toEqual(search(index, 'line 99'));
    expect([...narrowed.view()]).toEqual([99, 990, 991, 992, 993, 994, 995, 996, 997, 998, 999]);
  });

  it('finds the position of a line in a sorted list', () => {
    const sorted = new Uint32Array([2, 5, 9]);
    expect([0, 2, 3, 9, 10].map((l) => lowerBound(sorted, l))).toEqual([0, 0, 1, 2, 3]);
  });
});
