/**
 * Reading the third-party login's redirect: kept apart from the rest of the protocol
 * (login.ts) because the first route needs only this, to take the code or token off the URL.
 */

/** What came back on the redirect URI. */
export type CallbackResult =
  | { kind: 'code'; code: string; state?: string }
  | { kind: 'token'; accessToken: string; state?: string }
  | { kind: 'error'; error: string; description?: string; state?: string }
  | { kind: 'none' };

/**
 * Reads the redirect: `?code=&state=` (code flow), `#access_token=&token_type=Bearer&state=`
 * (implicit flow), or `?error=` / `#error=`.
 */
export function parseCallback(search: string, hash: string): CallbackResult {
  const q = new URLSearchParams(search.replace(/^\?/, ''));
  const h = new URLSearchParams(hash.replace(/^#/, ''));
  for (const p of [h, q]) {
    const error = p.get('error');
    if (error)
      return {
        kind: 'error',
        error,
        description: p.get('error_description') ?? undefined,
        state: p.get('state') ?? undefined,
      };
  }
  const accessToken = h.get('access_token');
  if (accessToken) return { kind: 'token', accessToken, state: h.get('state') ?? undefined };
  const code = q.get('code');
  if (code) return { kind: 'code', code, state: q.get('state') ?? undefined };
  return { kind: 'none' };
}
