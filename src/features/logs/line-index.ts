/**
 * The bytes of a log and where its lines end, without one string per line: bytes go into
 * fixed-size blocks as they arrive, and line ends are offsets into them in a typed array. A
 * 2,000,000-line log costs its bytes plus 4 bytes a line; text is decoded only for lines shown.
 */

export const BLOCK_BYTES = 1 << 20;
/** Offsets are 32-bit: logs stop being indexed here, with a message. */
export const MAX_LOG_BYTES = 2 ** 32 - 1;

const NEWLINE = 10;
const CR = 13;

export class LineIndex {
  private blocks: Uint8Array[] = [];
  /** Offset of each complete line's newline (or of its end, for a last line without one). */
  private ends = new Uint32Array(1024);
  private count = 0;
  private size = 0;
  private finished = false;
  private decoder = new TextDecoder('utf-8');

  /** Complete lines so far (a last line without a newline counts once the log has finished). */
  get lineCount(): number {
    return this.count;
  }

  get byteLength(): number {
    return this.size;
  }

  /** Bytes held, counting the unused end of the last block. */
  get memoryBytes(): number {
    return this.blocks.length * BLOCK_BYTES + this.ends.byteLength;
  }

  /** Appends bytes; returns how many complete lines they added. */
  append(bytes: Uint8Array): number {
    if (this.finished) throw new Error('The log has finished');
    if (this.size + bytes.length > MAX_LOG_BYTES)
      throw new Error('This log is larger than 4 GiB; open the raw log instead.');
    const before = this.count;
    let at = 0;
    while (at < bytes.length) {
      const offset = this.size % BLOCK_BYTES;
      if (offset === 0) this.blocks.push(new Uint8Array(BLOCK_BYTES));
      const block = this.blocks[this.blocks.length - 1]!;
      const n = Math.min(BLOCK_BYTES - offset, bytes.length - at);
      const part = bytes.subarray(at, at + n);
      block.set(part, offset);
      // indexOf is native: the scan for newlines costs little even for 180 MB.
      let nl = part.indexOf(NEWLINE);
      while (nl !== -1) {
        this.pushEnd(this.size + nl);
        nl = part.indexOf(NEWLINE, nl + 1);
      }
      this.size += n;
      at += n;
    }
    return this.count - before;
  }

  /** The stream ended: a last line without a newline still counts. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const lastEnd = this.count ? this.ends[this.count - 1]! + 1 : 0;
    if (this.size > lastEnd) this.pushEnd(this.size);
  }

  private pushEnd(offset: number) {
    if (this.count === this.ends.length) {
      const grown = new Uint32Array(this.ends.length * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[this.count++] = offset;
  }

  /** Byte range `[start, end)` of line `i` (0-based), without its newline or a trailing CR. */
  range(i: number): [number, number] {
    const start = i === 0 ? 0 : this.ends[i - 1]! + 1;
    let end = this.ends[i]!;
    if (end > start && this.byteAt(end - 1) === CR) end--;
    return [start, end];
  }

  private byteAt(offset: number): number {
    return this.blocks[Math.floor(offset / BLOCK_BYTES)]![offset % BLOCK_BYTES]!;
  }

  /**
   * Bytes `[start, end)`: a view into a block, or a copy for the rare line that crosses into
   * the next block.
   */
  bytes(start: number, end: number): Uint8Array {
    const first = Math.floor(start / BLOCK_BYTES);
    const last = Math.floor(Math.max(start, end - 1) / BLOCK_BYTES);
    if (first === last)
      return this.blocks[first]!.subarray(start % BLOCK_BYTES, (start % BLOCK_BYTES) + end - start);
    const out = new Uint8Array(end - start);
    let at = 0;
    for (let b = first; b <= last; b++) {
      const from = b === first ? start % BLOCK_BYTES : 0;
      const to = b === last ? ((end - 1) % BLOCK_BYTES) + 1 : BLOCK_BYTES;
      out.set(this.blocks[b]!.subarray(from, to), at);
      at += to - from;
    }
    return out;
  }

  /** Line `i` as text; invalid UTF-8 becomes U+FFFD. */
  line(i: number): string {
    const [start, end] = this.range(i);
    return this.decoder.decode(this.bytes(start, end));
  }

  /**
   * As `forEachLine`, but only for the lines in `[from, to)` that contain byte `a` or byte `b`
   * (and any line that crosses into the next block): the bytes are scanned with the native
   * `indexOf`, many times faster than a loop over them, and lines without either byte are never
   * looked at. Search uses it with the query's first letter in both cases.
   */
  forEachLineWith(
    from: number,
    to: number,
    a: number,
    b: number,
    visit: (i: number, bytes: Uint8Array, start: number, end: number) => void,
  ): void {
    let i = from;
    while (i < to) {
      const start = i === 0 ? 0 : this.ends[i - 1]! + 1;
      const blockIndex = Math.floor(start / BLOCK_BYTES);
      const base = blockIndex * BLOCK_BYTES;
      const blockEnd = base + BLOCK_BYTES;
      // Lines [i, j) end (newline included) inside this block.
      let j = i;
      while (j < to && this.ends[j]! < blockEnd) j++;
      if (j === i) {
        this.forEachLine(i, i + 1, visit);
        i++;
        continue;
      }
      const block = this.blocks[blockIndex]!;
      const hi = this.ends[j - 1]! - base + 1;
      let pos = start - base;
      let pa = block.indexOf(a, pos);
      let pb = b === a ? -1 : block.indexOf(b, pos);
      let line = i;
      for (;;) {
        const next = pa === -1 ? pb : pb === -1 ? pa : Math.min(pa, pb);
        if (next === -1 || next >= hi) break;
        while (this.ends[line]! - base < next) line++;
        const [s, e] = this.range(line);
        visit(line, block, s - base, e - base);
        pos = this.ends[line]! - base + 1;
        line++;
        if (pa !== -1 && pa < pos) pa = block.indexOf(a, pos);
        if (pb !== -1 && pb < pos) pb = block.indexOf(b, pos);
      }
      i = j;
    }
  }

  /**
   * Calls `visit(i, block, start, end)` for each line in `[from, to)` with its bytes as a range
   * of one block (a copy for a line crossing blocks): the loop the search runs in.
   */
  forEachLine(
    from: number,
    to: number,
    visit: (i: number, bytes: Uint8Array, start: number, end: number) => boolean | void,
  ): void {
    for (let i = from; i < to; i++) {
      const [start, end] = this.range(i);
      const b = Math.floor(start / BLOCK_BYTES);
      const s = start % BLOCK_BYTES;
      if (end <= (b + 1) * BLOCK_BYTES) {
        if (visit(i, this.blocks[b]!, s, s + end - start) === false) return;
      } else {
        const copy = this.bytes(start, end);
        if (visit(i, copy, 0, copy.length) === false) return;
      }
    }
  }
}
