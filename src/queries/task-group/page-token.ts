import Hashids from 'hashids';

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

/**
 * The Queue pages listTaskGroup by row offset and encodes the offset with Hashids (salt "salt",
 * minimum length 10; queue-spec §3.2). Knowing that, later pages can be requested in parallel.
 * Callers must first check that the deployment's first token matches ({@link offsetTokens}).
 */
const hashids = new Hashids('salt', 10);

export function offsetToken(offset: number): string {
  return hashids.encode(offset);
}

/** Whether `token` is what the offset scheme predicts after `offset` rows. */
export function isOffsetToken(token: string | undefined, offset: number): boolean {
  return token !== undefined && token === offsetToken(offset);
}
