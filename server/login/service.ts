/**
 * The local deployment's third-party login, speaking web-server's OAuth2 protocol under
 * `/login/oauth/` (reference: actions-hooks-login §5): `authorize` (here a sign-in and consent
 * page of our own, with a form that posts), `token` for the code flow, and `credentials`, which
 * issues a Taskcluster client that expires.
 */
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { timingSafeEqual } from 'node:crypto';
import slugid from 'slugid';
import scopes from 'taskcluster-lib-scopes';
import type { ClientRecord } from '../common/authenticator';
import type { Service, ServiceContext } from '../common/service';
import { type RegisteredClient } from './clients';
import { fromNow } from './from-now';
import { consentPage, errorPage, LOGIN_CSS, pageHeaders } from './pages';
import { LoginStore, randomToken, type Transaction } from './store';

export interface LoginOptions {
  /** The registered clients; a function, as the default one depends on the listening URL. */
  registeredClients: () => RegisteredClient[];
  /** The clients a person may sign in with (root and `--clients`): never issued ones. */
  lookupUser: (clientId: string) => ClientRecord | undefined;
}

export interface LoginService extends Service {
  /** Clients this login issued, for the deployment's authenticator. */
  lookupIssuedClient(clientId: string): ClientRecord | undefined;
}

const SESSION_COOKIE = 'tc-local-login';
/** web-server issues credentials that end 30 s before the approved expiry. */
const EXPIRY_MARGIN_MS = 30_000;

const sameScopes = (a: readonly string[], b: readonly string[]) =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Where a redirect to the client goes: the query for the code flow, the fragment for the implicit one. */
function redirectTo(
  redirectUri: string,
  responseType: string,
  params: Record<string, string | undefined>,
): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) p.set(k, v);
  const url = new URL(redirectUri);
  if (responseType === 'token') url.hash = p.toString();
  else for (const [k, v] of p) url.searchParams.set(k, v);
  return url.toString();
}

export function createLoginService(ctx: ServiceContext, options: LoginOptions): LoginService {
  const { clock, auth } = ctx;
  const store = new LoginStore(ctx.db, clock);
  const root = new Hono();
  const findClient = (id: string | undefined) =>
    id ? options.registeredClients().find((c) => c.clientId === id) : undefined;
  /** CORS of token and credentials: only the origin of each client's first redirectUri. */
  const corsOrigin = (origin: string | undefined) => {
    if (!origin) return undefined;
    const allowed = options
      .registeredClients()
      .map((c) => (c.redirectUri[0] ? new URL(c.redirectUri[0]).origin : undefined));
    return allowed.includes(origin) ? origin : undefined;
  };
  const corsHeaders = (c: Context): Record<string, string> => {
    const origin = corsOrigin(c.req.header('origin'));
    return {
      vary: 'Origin',
      'access-control-allow-credentials': 'true',
      ...(origin ? { 'access-control-allow-origin': origin } : {}),
    };
  };
  const host = (c: Context) => new URL(c.req.url).host;
  const page = (
    c: Context,
    status: 200 | 400 | 401,
    body: Promise<string> | string,
    formTarget?: string,
  ) => c.body(body as unknown as string, status, pageHeaders(formTarget));

  root.get('/login/oauth/login.css', (c) =>
    c.body(LOGIN_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
      'x-content-type-options': 'nosniff',
    }),
  );

  /** Approves a transaction for `user`: a code or a token, sent back to the registered redirect. */
  function grant(c: Context, tx: Transaction, user: string) {
    const g = {
      oauthClientId: tx.oauthClientId,
      redirectUri: tx.redirectUri,
      user,
      scope: tx.scope,
      credentialsExpire: tx.credentialsExpire,
    };
    if (tx.responseType === 'code') {
      const code = slugid.nice();
      store.addCode(code, g);
      return c.redirect(redirectTo(tx.redirectUri, 'code', { code, state: tx.state }), 302);
    }
    const token = randomToken();
    store.addToken(token, g);
    return c.redirect(
      redirectTo(tx.redirectUri, 'token', {
        access_token: token,
        token_type: 'Bearer',
        state: tx.state,
      }),
      302,
    );
  }

  root.get('/login/oauth/authorize', async (c) => {
    const q = c.req.query();
    const client = findClient(q.client_id);
    // Never redirect to a URI the client did not register, nor for a client nobody registered.
    if (!client || !q.redirect_uri || !client.redirectUri.includes(q.redirect_uri)) {
      return page(
        c,
        400,
        errorPage(
          host(c),
          'This sign-in request is not allowed',
          client
            ? `The redirect URI ${q.redirect_uri ?? '(none)'} is not registered for ${client.clientId} (unauthorized_client).`
            : `No application ${q.client_id ? `“${q.client_id}”` : ''} is registered here (unauthorized_client).`,
        ),
      );
    }
    const back = (error: string) =>
      c.redirect(
        redirectTo(q.redirect_uri!, q.response_type === 'token' ? 'token' : client.responseType, {
          error,
          state: q.state,
        }),
        302,
      );
    if (q.response_type !== client.responseType) return back('unsupported_response_type');
    const asked = (q.scope ?? '').split(' ').filter(Boolean);
    if (!sameScopes(asked, client.scope)) return back('invalid_scope');

    const now = clock.now();
    const max = fromNow(client.maxExpires, now).getTime();
    let expires = max;
    if (q.expires) {
      try {
        expires = Math.min(max, fromNow(q.expires, now).getTime());
      } catch {
        // An invalid expiry gets the client's maximum, as on web-server.
      }
    }
    const tx = store.addTransaction({
      oauthClientId: client.clientId,
      redirectUri: q.redirect_uri,
      responseType: client.responseType,
      scope: [...client.scope],
      state: q.state,
      credentialsExpire: expires,
    });
    const user = store.sessionUser(getCookie(c, SESSION_COOKIE));
    if (user && client.whitelisted) return grant(c, store.takeTransaction(tx.id)!, user);
    return page(
      c,
      200,
      consentPage({
        host: host(c),
        transactionId: tx.id,
        oauthClientId: client.clientId,
        redirectOrigin: new URL(q.redirect_uri).origin,
        scope: tx.scope,
        expires: new Date(expires),
        user,
      }),
      new URL(q.redirect_uri).origin,
    );
  });

  root.post('/login/oauth/authorize/decision', async (c) => {
    const form = await c.req.parseBody();
    const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
    const tx = store.peekTransaction(str('transaction_id'));
    if (!tx)
      return page(
        c,
        400,
        errorPage(
          host(c),
          'This sign-in has expired',
          'Start again from the application (sign-ins last 10 minutes).',
        ),
      );
    const origin = new URL(tx.redirectUri).origin;
    if (str('decision') !== 'allow') {
      store.takeTransaction(tx.id);
      return c.redirect(
        redirectTo(tx.redirectUri, tx.responseType, { error: 'access_denied', state: tx.state }),
        302,
      );
    }
    let user = store.sessionUser(getCookie(c, SESSION_COOKIE));
    const clientId = str('clientId');
    if (clientId || !user) {
      const record = clientId ? options.lookupUser(clientId) : undefined;
      if (!record || !safeEqual(record.accessToken, str('accessToken'))) {
        return page(
          c,
          401,
          consentPage({
            host: host(c),
            transactionId: tx.id,
            oauthClientId: tx.oauthClientId,
            redirectOrigin: origin,
            scope: tx.scope,
            expires: new Date(tx.credentialsExpire),
            user,
            error: 'That client ID and access token do not match a client of this deployment.',
          }),
          origin,
        );
      }
      user = record.clientId;
      setCookie(c, SESSION_COOKIE, store.newSession(user), {
        path: '/login',
        httpOnly: true,
        sameSite: 'Lax',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: 12 * 3600,
      });
    }
    return grant(c, store.takeTransaction(tx.id)!, user);
  });

  root.post('/login/logout', (c) => {
    store.endSession(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, { path: '/login' });
    return c.body(null, 200);
  });

  const preflight = (c: Context) =>
    c.body(null, 204, {
      ...corsHeaders(c),
      vary: 'Origin, Access-Control-Request-Headers',
      'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
      ...(c.req.header('access-control-request-headers')
        ? { 'access-control-allow-headers': c.req.header('access-control-request-headers')! }
        : {}),
    });
  root.options('/login/oauth/token', preflight);
  root.options('/login/oauth/credentials', preflight);

  root.post('/login/oauth/token', async (c) => {
    const headers = { ...corsHeaders(c), 'cache-control': 'no-store', pragma: 'no-cache' };
    const type = c.req.header('content-type') ?? '';
    let body: Record<string, unknown>;
    try {
      body = type.includes('application/json')
        ? ((await c.req.json()) as Record<string, unknown>)
        : ((await c.req.parseBody()) as Record<string, unknown>);
    } catch {
      // A body that does not parse asks for nothing: the checks below answer it.
      body = {};
    }
    const err = (status: 400 | 403 | 501, error: string, description: string) =>
      c.json({ error, error_description: description }, status, headers);
    if (body.grant_type !== 'authorization_code')
      return err(
        501,
        'unsupported_grant_type',
        `Unsupported grant type: ${String(body.grant_type ?? '')}`,
      );
    if (typeof body.code !== 'string' || !body.code)
      return err(400, 'invalid_request', 'Missing required parameter: code');
    const g = store.takeCode(body.code);
    if (!g || g.redirectUri !== body.redirect_uri)
      return err(403, 'invalid_grant', 'Invalid authorization code');
    const token = randomToken();
    store.addToken(token, g);
    return c.json({ access_token: token, token_type: 'Bearer' }, 200, headers);
  });

  root.get('/login/oauth/credentials', (c) => {
    const headers = corsHeaders(c);
    const header = c.req.header('authorization');
    if (!header) return c.json({ code: 'ERR_INVALID_ARG_TYPE', name: 'TypeError' }, 500, headers);
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const g = token ? store.takeToken(token) : undefined;
    const user = g ? options.lookupUser(g.user) : undefined;
    if (!g || !user)
      return c.json(
        { name: 'InputError', message: 'Could not generate credentials for this access token' },
        500,
        headers,
      );
    const expires = new Date(g.credentialsExpire - EXPIRY_MARGIN_MS);
    const client: ClientRecord & { expires: Date } = {
      clientId: `local-login/${g.user}/${g.oauthClientId}-${randomToken(6).replace(/[-_]/g, 'x').slice(0, 6)}`,
      accessToken: randomToken(33),
      // The approved scopes (= the client's), limited to what the person holds.
      scopes: scopes.scopeIntersection(g.scope, auth.expand(user.scopes)),
      expires,
    };
    store.issueClient(client);
    return c.json(
      {
        expires: expires.toISOString(),
        credentials: { clientId: client.clientId, accessToken: client.accessToken },
      },
      200,
      { ...headers, 'cache-control': 'no-store' },
    );
  });

  return {
    name: 'login',
    root,
    lookupIssuedClient: (id) => store.issuedClient(id),
  };
}
