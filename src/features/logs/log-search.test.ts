import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, LineIndex } from './line-index';
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

  it('finds the same lines as a check of every line, across blocks, in both cases', () => {
    // Lines of every length cross the 1 MiB block edges at varying offsets; some hold the first
    // letter only inside an escape code, some in upper case, one is split by an escape code.
    const rows: string[] = [];
    for (
      let i = 0, length = 0;
      length < 2.5 * BLOCK_BYTES;
      i++, length += rows.at(-1)!.length + 1
    ) {
      const pad = 'x'.repeat((i * 7919) % 700);
      if (i % 97 === 0) rows.push(`${pad} FATAL Zebra ${i}`);
      else if (i % 89 === 0) rows.push(`\u001b[31mZe\u001b[0mBRA ${i} ${pad}`);
      else if (i % 13 === 0) rows.push(`${pad}\u001b]8;;zebra://\u0007link ${i}`);
      else rows.push(`${pad} line ${i}\r`);
    }
    const index = indexOf(rows.join('\n'));
    for (const query of ['zebra', 'ZEBRA', 'line 1', '\u001b[31m', 'x line', 'nothing']) {
      const needle = compileNeedle(query);
      const slow: number[] = [];
      index.forEachLine(0, index.lineCount, (i, b, s, e) => {
        if (lineMatches(b, s, e, needle)) slow.push(i);
      });
      expect(search(index, query), query).toEqual(slow);
    }
    const zebras = search(index, 'zebra');
    expect(zebras.length).toBeGreaterThan(20);
    // Escape codes hide the OSC link's text from search, never the split one.
    expect(zebras.every((i) => !rows[i]!.includes('zebra://'))).toBe(true);
    expect(zebras).toContain(89);
    // A range that starts and ends mid-log sees only its own lines.
    const out = new MatchList();
    searchRange(index, compileNeedle('zebra'), 100, 500, out);
    expect([...out.view()]).toEqual(zebras.filter((i) => i >= 100 && i < 500));
  });

  it('finds the position of a line in a sorted list', () => {
    const sorted = new Uint32Array([2, 5, 9]);
    expect([0, 2, 3, 9, 10].map((l) => lowerBound(sorted, l))).toEqual([0, 0, 1, 2, 3]);
  });
});
