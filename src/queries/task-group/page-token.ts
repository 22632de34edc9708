/** `"continuationToken": "…"` as the last key of a JSON object (compact or pretty-printed). */
const TOKEN_AT_END = /"continuationToken"\s*:\s*"([^"\\]+)"\s*}\s*$/;

/**
 * Reads a page's continuation token from the tail of its JSON text, without parsing the page,
 * so the next request can leave while this page is parsed. Undefined when it is not the last key
 * (the caller then waits for the parse).
 */
export function tokenAtEnd(text: string): string | undefined {
  return TOKEN_AT_END.exec(text.slice(-400))?.[1];
}
