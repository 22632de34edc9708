/**
 * The log viewer's model, free of React: an append-only line buffer fed by a stream, ANSI
 * parsing per visible line, search over the text without escape codes, and `#L10-20` ranges.
 */
import Anser from 'anser';

// eslint-disable-next-line no-control-regex -- matching terminal escape codes is the point
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}

/** Lines of a growing log. A line is complete once its newline has arrived. */
export class LineBuffer {
  readonly lines: string[] = [];
  private partial = '';
  private lower: string[] = [];

  /** Appends decoded text; returns how many complete lines it added. */
  append(text: string): number {
    if (!text) return 0;
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const p of parts) this.lines.push(p.endsWith('\r') ? p.slice(0, -1) : p);
    return parts.length;
  }

  /** The stream ended: a last line without a newline still counts. */
  finish(): void {
    if (this.partial) {
      this.lines.push(this.partial);
      this.partial = '';
    }
  }

  /** Indices of lines containing `query` (case-insensitive, escape codes ignored). */
  search(query: string): number[] {
    const needle = query.toLowerCase();
    if (!needle) return [];
    for (let i = this.lower.length; i < this.lines.length; i++)
      this.lower.push(stripAnsi(this.lines[i]!).toLowerCase());
    const out: number[] = [];
    for (let i = 0; i < this.lower.length; i++) if (this.lower[i]!.includes(needle)) out.push(i);
    return out;
  }
}

export interface Span {
  text: string;
  /** CSS class key (`ansi-red`, `ansi-bright-green`) or undefined. */
  fg?: string;
  bg?: string;
  /** `r, g, b` for 24-bit colours. */
  fgRgb?: string;
  bgRgb?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  dim?: boolean;
}

/** Parses one line's ANSI colours into spans of plain text. */
export function ansiSpans(line: string): Span[] {
  if (!line.includes('\u001b')) return [{ text: line }];
  return Anser.ansiToJson(line, { use_classes: true, remove_empty: true }).map((p) => {
    const decorations = p.decorations ?? [];
    return {
      text: p.content,
      fg: p.fg && p.fg !== 'ansi-truecolor' ? p.fg : undefined,
      bg: p.bg && p.bg !== 'ansi-truecolor' ? p.bg : undefined,
      fgRgb: p.fg === 'ansi-truecolor' ? (p.fg_truecolor ?? undefined) : undefined,
      bgRgb: p.bg === 'ansi-truecolor' ? (p.bg_truecolor ?? undefined) : undefined,
      bold: decorations.includes('bold') || undefined,
      italic: decorations.includes('italic') || undefined,
      underline: decorations.includes('underline') || undefined,
      dim: decorations.includes('dim') || undefined,
    };
  });
}

export interface LineRange {
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

/** `#L10` or `#L10-20` (also `#L20-10`); undefined for anything else. */
export function parseLineHash(hash: string): LineRange | undefined {
  const m = /^#L(\d+)(?:-L?(\d+))?$/.exec(hash);
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] ? Number(m[2]) : a;
  if (a < 1 || b < 1) return undefined;
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

export function formatLineHash(range: LineRange): string {
  return range.start === range.end ? `#L${range.start}` : `#L${range.start}-${range.end}`;
}

/** Clicking line `n`: selects it; with shift, extends the current selection to it. */
export function selectLine(current: LineRange | undefined, n: number, extend: boolean): LineRange {
  if (!extend || !current) return { start: n, end: n };
  return { start: Math.min(current.start, n), end: Math.max(current.start, n) };
}
