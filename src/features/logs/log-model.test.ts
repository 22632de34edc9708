import { describe, expect, it } from 'vitest';
import {
  ansiSpans,
  formatLineHash,
  LineBuffer,
  parseLineHash,
  selectLine,
  stripAnsi,
} from './log-model';

describe('LineBuffer', () => {
  it('splits a stream into lines across chunk boundaries and keeps a last line without newline', () => {
    const b = new LineBuffer();
    expect(b.append('one\ntw')).toBe(1);
    expect(b.append('o\r\nthree')).toBe(1);
    expect(b.lines).toEqual(['one', 'two']);
    b.finish();
    expect(b.lines).toEqual(['one', 'two', 'three']);
  });

  it('searches case-insensitively, ignoring escape codes, including lines appended later', () => {
    const b = new LineBuffer();
    b.append('\u001b[31mERR\u001b[0mOR here\nfine\n');
    expect(b.search('error')).toEqual([0]);
    b.append('another Error\n');
    expect(b.search('ERROR')).toEqual([0, 2]);
    expect(b.search('')).toEqual([]);
  });

  it('handles 200,000 lines', () => {
    const b = new LineBuffer();
    b.append(Array.from({ length: 200_000 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(b.lines).toHaveLength(200_000);
    expect(b.search('line 199999')).toEqual([199_999]);
  });
});

describe('ANSI', () => {
  it('turns escape codes into styled spans of plain text', () => {
    expect(ansiSpans('\u001b[1;31mERROR\u001b[0m ok \u001b[38;2;1;2;3mrgb')).toEqual([
      { text: 'ERROR', fg: 'ansi-red', bold: true },
      { text: ' ok ' },
      { text: 'rgb', fgRgb: '1, 2, 3' },
    ]);
    expect(ansiSpans('<script>alert(1)</script>')).toEqual([{ text: '<script>alert(1)</script>' }]);
    expect(stripAnsi('\u001b[32mTEST-PASS\u001b[0m | x')).toBe('TEST-PASS | x');
  });
});

describe('line links', () => {
  it('parses and formats #L10 and #L10-20', () => {
    expect(parseLineHash('#L10')).toEqual({ start: 10, end: 10 });
    expect(parseLineHash('#L20-10')).toEqual({ start: 10, end: 20 });
    expect(parseLineHash('#L10-L12')).toEqual({ start: 10, end: 12 });
    expect(parseLineHash('#L0')).toBeUndefined();
    expect(parseLineHash('#foo')).toBeUndefined();
    expect(formatLineHash({ start: 3, end: 3 })).toBe('#L3');
    expect(formatLineHash({ start: 3, end: 9 })).toBe('#L3-9');
  });

  it('selects one line, or extends to a range with shift', () => {
    expect(selectLine(undefined, 5, true)).toEqual({ start: 5, end: 5 });
    expect(selectLine({ start: 5, end: 5 }, 9, true)).toEqual({ start: 5, end: 9 });
    expect(selectLine({ start: 5, end: 9 }, 2, true)).toEqual({ start: 2, end: 5 });
    expect(selectLine({ start: 5, end: 9 }, 7, false)).toEqual({ start: 7, end: 7 });
  });
});
