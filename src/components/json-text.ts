/**
 * How the JSON tree writes strings: as JSON literals whose invisible characters are visible.
 * Bidirectional controls (an RLO turns `invoice-‮txt.exe` into what looks like
 * `invoice-exe.txt`), zero-width characters and BOMs are legal in JSON strings and
 * JSON.stringify leaves them as they are; here they become `\uXXXX` escapes, which are still
 * valid JSON for the same value. Lone surrogates JSON.stringify already escapes.
 */
const INVISIBLE =
  /[\u061C\u115F\u1160\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF]/g;

/** `value` as a JSON string literal with invisible and reordering characters escaped. */
export function jsonLiteral(value: string): string {
  return JSON.stringify(value).replace(
    INVISIBLE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A long string shown at first: its first `limit` characters. Laying out a megabyte of
 * unbroken text in a wrapped line costs the browser seconds; a user rarely reads it all.
 */
export const LONG_STRING_PREVIEW = 2_000;

/** The preview of a literal, and how many of its characters it leaves out (0 if none). */
export function previewLiteral(
  literal: string,
  limit = LONG_STRING_PREVIEW,
): { text: string; omitted: number } {
  if (literal.length <= limit) return { text: literal, omitted: 0 };
  // Never split an escape or a surrogate pair in two.
  let end = limit;
  const escape = literal.lastIndexOf('\\', end);
  if (escape >= 0 && escape > end - 6) end = escape;
  const code = literal.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return { text: literal.slice(0, end), omitted: literal.length - end };
}
