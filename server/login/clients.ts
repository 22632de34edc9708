/**
 * Third-party login clients in the shape of web-server's `REGISTERED_CLIENTS`, from
 * `--oauth-clients FILE`, or by default one for the dashboard this deployment serves.
 */
import { readFileSync } from 'node:fs';
import scopes from 'taskcluster-lib-scopes';
import { fromNow } from './from-now';

export interface RegisteredClient {
  /** The OAuth2 client id (not a Taskcluster clientId). */
  clientId: string;
  /** Exact redirect URIs; the first one's origin is the only one answered with CORS. */
  redirectUri: string[];
  /** The scopes it must ask for, exactly (sorted comparison), or get `invalid_scope`. */
  scope: string[];
  responseType: 'code' | 'token';
  /** Longest credential lifetime, as a `fromNow` expression (`1 week`). */
  maxExpires: string;
  /** Skips the consent page for a signed-in user asking exactly `scope`. */
  whitelisted: boolean;
}

/** The OAuth2 client id of the dashboard this deployment serves. */
export const DASHBOARD_OAUTH_CLIENT_ID = 'queue-dashboard';

/**
 * What the served dashboard asks for: everything it does needs queue scopes. One list: other
 * services' dashboard features (hooks, auth) add their scopes here, and the dashboard's
 * configuration follows, as it is written from this client.
 */
export const DASHBOARD_OAUTH_SCOPES: readonly string[] = ['queue:*'];

/** The default client: the dashboard at `url` (and at `localhost` when `url` is 127.0.0.1). */
export function dashboardClient(url: string): RegisteredClient {
  const callbacks = [`${url}/auth/callback`];
  const u = new URL(url);
  if (u.hostname === '127.0.0.1') callbacks.push(`http://localhost:${u.port}/auth/callback`);
  return {
    clientId: DASHBOARD_OAUTH_CLIENT_ID,
    redirectUri: callbacks,
    scope: [...DASHBOARD_OAUTH_SCOPES],
    responseType: 'code',
    maxExpires: '3 days',
    whitelisted: true,
  };
}

function check(entry: unknown, where: string): RegisteredClient {
  const fail = (what: string): never => {
    throw new Error(`${where}: ${what}`);
  };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) fail('must be an object');
  const e = entry as Record<string, unknown>;
  if (typeof e.clientId !== 'string' || !e.clientId) fail('clientId must be a non-empty string');
  if (
    !Array.isArray(e.redirectUri) ||
    e.redirectUri.length === 0 ||
    e.redirectUri.some((u) => typeof u !== 'string' || !/^https?:\/\/[^/]/.test(u))
  )
    fail('redirectUri must be a non-empty array of http(s) URLs');
  if (
    !Array.isArray(e.scope) ||
    e.scope.some((s) => typeof s !== 'string' || !scopes.validScope(s))
  )
    fail('scope must be an array of scopes');
  if (e.responseType !== 'code' && e.responseType !== 'token')
    fail('responseType must be "code" or "token"');
  if (typeof e.maxExpires !== 'string') fail('maxExpires must be a time expression, e.g. "1 week"');
  try {
    if (fromNow(e.maxExpires as string, 0).getTime() <= 0) fail('maxExpires must be in the future');
  } catch (err) {
    fail(`maxExpires: ${(err as Error).message}`);
  }
  if (e.whitelisted !== undefined && typeof e.whitelisted !== 'boolean')
    fail('whitelisted must be true or false');
  return {
    clientId: e.clientId as string,
    redirectUri: [...(e.redirectUri as string[])],
    scope: [...(e.scope as string[])],
    responseType: e.responseType as 'code' | 'token',
    maxExpires: e.maxExpires as string,
    whitelisted: e.whitelisted === true,
  };
}

/** Checks a `REGISTERED_CLIENTS`-shaped array. */
export function parseOAuthClients(value: unknown, source = 'oauth clients'): RegisteredClient[] {
  if (!Array.isArray(value)) throw new Error(`${source}: expected a JSON array of clients`);
  const clients = value.map((e, i) => check(e, `${source}: entry ${i}`));
  const ids = new Set<string>();
  for (const c of clients) {
    if (ids.has(c.clientId)) throw new Error(`${source}: clientId ${c.clientId} appears twice`);
    ids.add(c.clientId);
  }
  return clients;
}

/** Reads `--oauth-clients FILE`. */
export function loadOAuthClients(file: string): RegisteredClient[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`--oauth-clients ${file}: ${(err as Error).message}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`--oauth-clients ${file}: not valid JSON`);
  }
  return parseOAuthClients(value, `--oauth-clients ${file}`);
}

/** A dashboard configuration's `oauth` entry: for the deployment at `rootUrl`, sign in with this client. */
export interface DashboardOAuthEntry {
  clientId: string;
  responseType: 'code' | 'token';
  scope: string[];
  redirectUri: string;
}

/**
 * The `oauth` entries of the configuration of the dashboard this deployment serves at `url`:
 * for each origin it answers on (`url`, and `localhost` for 127.0.0.1), the first registered
 * client that redirects to that origin's `/auth/callback`. The dashboard there is same-origin,
 * so that origin is also its root URL.
 */
export function servedDashboardOAuth(
  clients: readonly RegisteredClient[],
  url: string,
): Record<string, DashboardOAuthEntry> {
  const u = new URL(url);
  const origins = [u.origin];
  if (u.hostname === '127.0.0.1') origins.push(`http://localhost:${u.port}`);
  const entries: Record<string, DashboardOAuthEntry> = {};
  for (const origin of origins) {
    const redirectUri = `${origin}/auth/callback`;
    const client = clients.find((c) => c.redirectUri.includes(redirectUri));
    if (client)
      entries[origin] = {
        clientId: client.clientId,
        responseType: client.responseType,
        scope: [...client.scope],
        redirectUri,
      };
  }
  return entries;
}
