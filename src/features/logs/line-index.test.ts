import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, LineIndex } from './line-index';

const utf8 = (s: string) => new TextEncoder().encode(s);

function lines(index: LineIndex): string[] {
  return Array.from({ length: index.lineCount }, (_, i) => index.line(i));
}

describe('LineIndex', () => {
  it('indexes lines across chunk boundaries, strips CR, and keeps a last line without newline', () => {
    const index = new LineIndex();
    expect(index.append(utf8('one\ntw'))).toBe(1);
    expect(index.append(utf8('o\r\nthree'))).toBe(1);
    expect(lines(index)).toEqual(['one', 'two']);
    index.finish();
    expect(lines(index)).toEqual(['one', 'two', 'three']);
    expect(index.byteLength).toBe(14);
  });

  it('keeps empty lines and adds no line for a final newline', () => {
    const index = new LineIndex();
    index.append(utf8('\n\nx\n'));
    index.finish();
    expect(lines(index)).toEqual(['', '', 'x']);
  });

  it('decodes a multi-byte character split between chunks, and shows invalid UTF-8 as U+FFFD', () => {
    const index = new LineIndex();
    const e = utf8('é');
    index.append(new Uint8Array([0x61, e[0]!]));
    index.append(new Uint8Array([e[1]!, 0x0a, 0xff, 0x62, 0x0a]));
    expect(lines(index)).toEqual(['aé', '\ufffdb']);
  });

  it('reads a line that crosses from one block into the next', () => {
    const index = new LineIndex();
    const filler = 'x'.repeat(BLOCK_BYTES - 5);
    index.append(utf8(`${filler}\nacross-the-edge\ntail\n`));
    expect(index.lineCount).toBe(3);
    expect(index.line(1)).toBe('across-the-edge');
    expect(index.line(2)).toBe('tail');
    expect(index.line(0)).toHaveLength(filler.length);
    const seen: string[] = [];
    index.forEachLine(
      1,
      3,
      (_, b, s, e) => void seen.push(new TextDecoder().decode(b.subarray(s, e))),
    );
    expect(seen).toEqual(['across-the-edge', 'tail']);
  });

  it('holds 2,000,000 lines in offsets, not strings', () => {
    const index = new LineIndex();
    const chunk = utf8('a short line\n'.repeat(100_000));
    for (let i = 0; i < 20; i++) index.append(chunk);
    index.finish();
    expect(index.lineCount).toBe(2_000_000);
    expect(index.line(1_999_999)).toBe('a short line');
    // Bytes in whole blocks plus 4 bytes a line (the offsets' array grows by doubling).
    expect(index.memoryBytes).toBeLessThan(26_000_000 + 4 * 2 ** 21 + BLOCK_BYTES);
  });
});
