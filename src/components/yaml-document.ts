/**
 * YAML text ↔ values for the editors, with positions: parse errors and problems found later
 * (schema issues, located by JSON pointer) become diagnostics at their place in the text.
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
  type Node,
} from 'yaml';

/** A problem at a range of the text (character offsets), with its 1-based line for lists. */
export interface EditorDiagnostic {
  from: number;
  to: number;
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedYaml {
  /** The value, when the text parsed without errors. */
  value?: unknown;
  /** YAML syntax errors. */
  diagnostics: EditorDiagnostic[];
  /**
   * A diagnostic at the place an RFC 6901 pointer names: the property (key and value) where it
   * exists, else the nearest enclosing one that does.
   */
  at(pointer: string, message: string): EditorDiagnostic;
}

/** Values as YAML text: block style, long strings left on one line. */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0 });
}

function tokens(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Parses YAML text (YAML 1.2 core schema, unique keys) and keeps what locating problems needs. */
export function parseYaml(text: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number) => lines.linePos(offset).line;
  const make = (from: number, to: number, message: string): EditorDiagnostic => {
    const start = Math.max(0, Math.min(from, text.length));
    const end = Math.max(start, Math.min(to, text.length));
    return { from: start, to: end, line: lineOf(start), message, severity: 'error' };
  };
  const diagnostics = doc.errors.map((e) => {
    const [from, to] = e.pos;
    // The library's message repeats the position as "at line N, column M": the editor shows it.
    const message = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return make(from, to === from ? from + 1 : to, message);
  });

  function at(pointer: string, message: string): EditorDiagnostic {
    let node: unknown = doc.contents;
    let range: [number, number] | undefined = rangeOf(node);
    for (const token of tokens(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === token,
        );
        if (!pair) break;
        const keyRange = rangeOf(pair.key);
        const valueRange = rangeOf(pair.value);
        range = keyRange
          ? [keyRange[0], valueRange ? valueRange[1] : keyRange[1]]
          : (valueRange ?? range);
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(token)) {
        const item = node.items[Number(token)];
        if (item === undefined) break;
        range = rangeOf(item) ?? range;
        node = item;
      } else {
        break;
      }
    }
    if (!range)
      return make(
        0,
        Math.max(1, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n')),
        message,
      );
    // A long block (a whole mapping) is marked on its first line only.
    const firstLineEnd = text.indexOf('\n', range[0]);
    const to = firstLineEnd !== -1 && firstLineEnd < range[1] ? firstLineEnd : range[1];
    return make(range[0], to, message);
  }

  return {
    value: doc.errors.length ? undefined : (doc.toJS({ maxAliasCount: 100 }) as unknown),
    diagnostics,
    at,
  };
}

function rangeOf(node: unknown): [number, number] | undefined {
  const r = (node as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}
