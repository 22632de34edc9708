import { describe, expect, it } from 'vitest';
import { ansiSpans, formatLineHash, parseLineHash, selectLine } from './log-model';

describe('ANSI', () => {
  it('turns escape codes into styled spans of plain text', () => {
    expect(ansiSpans('\u001b[1;31mERROR\u001b[0m ok \u001b[38;2;1;2;3mrgb')).toEqual([
      { text: 'ERROR', fg: 'ansi-red', bold: true },
      { text: ' ok ' },
      { text: 'rgb', fgRgb: '1, 2, 3' },
    ]);
    expect(ansiSpans('<script>alert(1)</script>')).toEqual([{ text: '<script>alert(1)</script>' }]);
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
