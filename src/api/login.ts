/**
 * Taskcluster's third-party login (web-server's OAuth2 endpoints under `<rootUrl>/login/oauth/`),
 * as a frontend uses it: send the browser to `authorize`, take the code or token off the
 * redirect, exchange a code at `token`, then get Taskcluster credentials from `credentials`.
 * Browser-safe and framework-free, like the Queue client.
 */

/** How a dashboard is registered with a deployment (the runtime configuration's `oauth` entry). */
export interface OAuthClientConfig {
  /** The OAuth2 client id of the deployment's `registeredClients` entry (not a Taskcluster clientId). */
  clientId: string;
  responseType: 'code' | 'token';
  /** Exactly the registered client's `scope`: the deployment refuses anything else (`invalid_scope`). */
  scope: string[];
  /** This dashboard's `/auth/callback`, one of the registered `redirectUri`s. */
  redirectUri: string;
  /** Credential lifetime asked for (`fromNow` syntax, e.g. `1 day`); the deployment caps it at `maxExpires`. */
  expires?: string;
}

/** The Taskcluster credentials a sign-in yields. They are a permanent client that expires. */
export interface OAuthCredentials {
  clientId: string;
  accessToken: string;
  /** ms since the epoch. */
  expires: number;
}

/** A sign-in that failed; `code` is the OAuth2 error (or our own), `message` is readable. */
export class LoginError extends Error {
  override readonly name = 'LoginError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export { parseCallback, type CallbackResult } from './login-callback';

const MESSAGES: Record<string, string> = {
  access_denied: 'The sign-in was declined, so no credentials were issued.',
  invalid_scope:
    "The deployment refused the scopes this dashboard asked for: they must equal its registered client's scopes exactly. Ask the deployment's administrators to check the dashboard's OAuth client.",
  unauthorized_client:
    'The deployment does not know this dashboard (its OAuth client or redirect URI is not registered).',
  unsupported_response_type:
    "The dashboard's OAuth client is registered for the other flow (code or token): check responseType in dashboard-config.json.",
  invalid_request: 'The deployment found the sign-in request malformed.',
  invalid_grant:
    'The sign-in code was refused: it is invalid, expired (after 10 minutes) or already used. Sign in again.',
  unsupported_grant_type: 'The deployment does not support this kind of sign-in.',
  server_error: 'The deployment failed while signing you in. Try again later.',
  temporarily_unavailable: 'The deployment cannot sign you in right now. Try again later.',
  invalid_state:
    'This sign-in response does not belong to a sign-in started here (its state does not match), so it was ignored. Start the sign-in again from the dashboard.',
  invalid_credentials:
    'The deployment could not issue credentials for this sign-in (the token is invalid, expired or was already used). Sign in again.',
  network:
    'The deployment could not be reached to finish signing in. Check your connection and sign in again.',
};

/** A readable sentence for an OAuth2 error code, with the deployment's description when it gave one. */
export function describeLoginError(code: string, description?: string): string {
  const base = MESSAGES[code] ?? `The sign-in failed (${code}).`;
  return description && !MESSAGES[code] ? `${base} ${description}` : base;
}

const login = (rootUrl: string, path: string) =>
  `${rootUrl.replace(/\/+$/, '')}/login/oauth/${path}`;

/** The deployment's authorize URL for one sign-in attempt. */
export function authorizeUrl(rootUrl: string, client: OAuthClientConfig, state: string): string {
  const query = new URLSearchParams({
    response_type: client.responseType,
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    scope: client.scope.join(' '),
    state,
  });
  if (client.expires) query.set('expires', client.expires);
  return `${login(rootUrl, 'authorize')}?${query}`;
}

async function send(url: string, init: RequestInit, fetchImpl: typeof fetch): Promise<Response> {
  try {
    return await fetchImpl(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new LoginError('network', describeLoginError('network'));
  }
}

async function oauthError(res: Response, fallback: string): Promise<LoginError> {
  let body: { error?: unknown; error_description?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // Not JSON: the status decides.
  }
  const code = typeof body.error === 'string' ? body.error : fallback;
  const description =
    typeof body.error_description === 'string' ? body.error_description : undefined;
  return new LoginError(code, describeLoginError(code, description));
}

/** Exchanges an authorization code (code flow) for an access token. One attempt. */
export async function exchangeCode(
  rootUrl: string,
  options: { code: string; redirectUri: string; clientId: string },
  fetchImpl: typeof fetch = (...a) => globalThis.fetch(...a),
): Promise<string> {
  const res = await send(
    login(rootUrl, 'token'),
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: options.code,
        redirect_uri: options.redirectUri,
        client_id: options.clientId,
      }).toString(),
    },
    fetchImpl,
  );
  if (!res.ok) throw await oauthError(res, res.status === 403 ? 'invalid_grant' : 'server_error');
  const body = (await res.json().catch(() => ({}))) as { access_token?: unknown };
  if (typeof body.access_token !== 'string' || !body.access_token)
    throw new LoginError('server_error', describeLoginError('server_error'));
  return body.access_token;
}

/**
 * Gets Taskcluster credentials for an access token. Called **once** per token and never
 * retried: the deployment creates a client on the first call, and answers 500 to a second one
 * or to a bad token.
 */
export async function fetchCredentials(
  rootUrl: string,
  accessToken: string,
  fetchImpl: typeof fetch = (...a) => globalThis.fetch(...a),
): Promise<OAuthCredentials> {
  const res = await send(
    login(rootUrl, 'credentials'),
    { method: 'GET', headers: { authorization: `Bearer ${accessToken}` } },
    fetchImpl,
  );
  if (!res.ok)
    throw new LoginError('invalid_credentials', describeLoginError('invalid_credentials'));
  const body = (await res.json().catch(() => ({}))) as {
    expires?: unknown;
    credentials?: { clientId?: unknown; accessToken?: unknown };
  };
  const expires = typeof body.expires === 'string' ? Date.parse(body.expires) : NaN;
  const clientId = body.credentials?.clientId;
  const token = body.credentials?.accessToken;
  if (
    typeof clientId !== 'string' ||
    typeof token !== 'string' ||
    !clientId ||
    !token ||
    !Number.isFinite(expires)
  )
    throw new LoginError('server_error', describeLoginError('server_error'));
  return { clientId, accessToken: token, expires };
}
