/**
 * Many short strings as one string and their end offsets. Posting 50,000 names to a worker as an
 * array clones 50,000 string objects on both sides (hundreds of milliseconds on a busy machine);
 * one string and one transferable Int32Array cost a copy and nothing.
 */
export interface PackedStrings {
  text: string;
  /** String `k` is `text.slice(end[k - 1] ?? 0, end[k])`. */
  end: Int32Array;
}

export function packStrings(count: number, at: (k: number) => string): PackedStrings {
  const parts = new Array<string>(count);
  const end = new Int32Array(count);
  let length = 0;
  for (let k = 0; k < count; k++) {
    const s = at(k);
    parts[k] = s;
    length += s.length;
    end[k] = length;
  }
  return { text: parts.join(''), end };
}

export function unpackString(p: PackedStrings, k: number): string {
  if (k < 0 || k >= p.end.length) return '';
  return p.text.slice(k ? p.end[k - 1]! : 0, p.end[k]!);
}
