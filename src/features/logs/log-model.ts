/**
 * The log viewer's model, free of React: ANSI parsing per visible line and `#L10-20` ranges
 * (the lines themselves are in the worker's `LineIndex`, searched by `log-search`).
 */
import Anser from 'anser';

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
