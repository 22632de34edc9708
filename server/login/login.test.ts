import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueueClient, isQueueError } from '../../src/api';
import { parseDashboardConfig } from '../../src/config/dashboard-config';
import { featuredConfigJson } from '../dashboard-config';
import {
  dashboardClient,
  parseOAuthClients,
  servedDashboardOAuth,
  type RegisteredClient,
} from './clients';
import { fromNow } from './from-now';
import { newId, ROOT, startTestQueue, taskDef, type TestQueue } from '../common/testing';

const DASH = 'http://dash.example:9000';
const CODE_CLIENT: RegisteredClient = {
  clientId: 'dash-code',
  redirectUri: [`${DASH}/auth/callback`, 'http://second.example/auth/callback'],
  scope: ['queue:get-task:*', 'queue:cancel-task:*', 'queue:create-task:*'],
  responseType: 'code',
  maxExpires: '1 day',
  whitelisted: false,
};
const TOKEN_CLIENT: RegisteredClient = {
  ...CODE_CLIENT,
  clientId: 'dash-token',
  redirectUri: ['http://token.example/cb'],
  responseType: 'token',
  whitelisted: true,
};
const SHORT_CLIENT: RegisteredClient = {
  ...CODE_CLIENT,
  clientId: 'dash-short',
  maxExpires: '31 seconds',
};
const LIMITED = {
  clientId: 'limited-user',
  accessToken: 'limited-user-token',
  scopes: ['queue:get-task:*', 'queue:create-task:*', 'queue:scheduler-id:*'],
};

let q: TestQueue;
beforeAll(async () => {
  q = await startTestQueue({
    oauthClients: [CODE_CLIENT, TOKEN_CLIENT, SHORT_CLIENT],
    extraClients: [LIMITED],
  });
});
afterAll(() => q.close());

const get = (path: string, init: RequestInit = {}) =>
  fetch(`${q.url}${path}`, { redirect: 'manual', ...init });
const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body).toString(),
  redirect: 'manual' as const,
});

function authorizePath(client: RegisteredClient, extra: Record<string, string> = {}) {
  return `/login/oauth/authorize?${new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri[0]!,
    response_type: client.responseType,
    scope: client.scope.join(' '),
    state: 'st-1',
    ...extra,
  })}`;
}

/** Opens the consent page and returns its transaction id. */
async function transaction(client: RegisteredClient, extra: Record<string, string> = {}) {
  const res = await get(authorizePath(client, extra));
  expect(res.status).toBe(200);
  return /name="transaction_id" value="([^"]+)"/.exec(await res.text())![1]!;
}

/** Signs in and allows: returns the redirect Location. */
async function allow(client: RegisteredClient, user = ROOT, extra: Record<string, string> = {}) {
  const id = await transaction(client, extra);
  const res = await fetch(
    `${q.url}/login/oauth/authorize/decision`,
    form({
      transaction_id: id,
      decision: 'allow',
      clientId: user.clientId,
      accessToken: user.accessToken,
    }),
  );
  expect(res.status).toBe(302);
  return { location: new URL(res.headers.get('location')!), cookie: res.headers.get('set-cookie') };
}

async function exchange(code: string, redirectUri = CODE_CLIENT.redirectUri[0]!) {
  return fetch(
    `${q.url}/login/oauth/token`,
    form({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: 'ignored',
    }),
  );
}

const credentials = (token: string, origin?: string) =>
  fetch(`${q.url}/login/oauth/credentials`, {
    headers: { authorization: `Bearer ${token}`, ...(origin ? { origin } : {}) },
  });

describe('fromNow', () => {
  it('reads Taskcluster time expressions', () => {
    const t0 = Date.parse('2026-01-31T00:00:00Z');
    expect(fromNow('1 day', t0).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(fromNow('2 hours 30 minutes', t0).getTime() - t0).toBe(9_000_000);
    expect(fromNow('1 week', t0).getTime() - t0).toBe(7 * 86_400_000);
    expect(fromNow('-10 seconds', t0).getTime() - t0).toBe(-10_000);
    expect(fromNow('3d', t0).getTime() - t0).toBe(3 * 86_400_000);
    expect(() => fromNow('soon', t0)).toThrow(/not a time expression/);
    expect(() => fromNow('', t0)).toThrow();
  });
});

describe('registered clients', () => {
  it('take the web-server shape and say what is wrong', () => {
    expect(parseOAuthClients([CODE_CLIENT])).toEqual([CODE_CLIENT]);
    expect(() => parseOAuthClients({})).toThrow(/array/);
    expect(() => parseOAuthClients([{ ...CODE_CLIENT, redirectUri: ['javascript:x'] }])).toThrow(
      /redirectUri/,
    );
    expect(() => parseOAuthClients([{ ...CODE_CLIENT, responseType: 'id_token' }])).toThrow(
      /responseType/,
    );
    expect(() => parseOAuthClients([{ ...CODE_CLIENT, maxExpires: 'forever' }])).toThrow(
      /maxExpires/,
    );
    expect(() => parseOAuthClients([CODE_CLIENT, CODE_CLIENT])).toThrow(/twice/);
  });
});

describe('authorize', () => {
  it('never redirects for an unknown client or an unregistered redirect URI', async () => {
    for (const path of [
      authorizePath({ ...CODE_CLIENT, clientId: 'no-such-client' }),
      authorizePath(CODE_CLIENT, { redirect_uri: 'https://evil.example/auth/callback' }),
      authorizePath(CODE_CLIENT, { redirect_uri: `${DASH}/auth/callback/extra` }),
    ]) {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      const text = await res.text();
      expect(text).toContain('unauthorized_client');
      expect(text).not.toContain('evil.example/auth/callback"');
    }
  });

  it('answers invalid_scope unless the asked scopes, sorted, equal the registered ones', async () => {
    const reversed = await get(
      authorizePath(CODE_CLIENT, { scope: [...CODE_CLIENT.scope].reverse().join(' ') }),
    );
    expect(reversed.status).toBe(200);
    for (const scope of ['queue:get-task:*', `${CODE_CLIENT.scope.join(' ')} queue:*`, '']) {
      const res = await get(authorizePath(CODE_CLIENT, { scope }));
      expect(res.status).toBe(302);
      const to = new URL(res.headers.get('location')!);
      expect(to.origin + to.pathname).toBe(`${DASH}/auth/callback`);
      expect(Object.fromEntries(to.searchParams)).toEqual({
        error: 'invalid_scope',
        state: 'st-1',
      });
    }
  });

  it('answers unsupported_response_type for the other flow', async () => {
    const res = await get(authorizePath(CODE_CLIENT, { response_type: 'token' }));
    const to = new URL(res.headers.get('location')!);
    expect(new URLSearchParams(to.hash.slice(1)).get('error')).toBe('unsupported_response_type');
  });

  it('serves a sign-in and consent page without any script, that posts a form', async () => {
    const res = await get(authorizePath(CODE_CLIENT));
    const text = await res.text();
    expect(text).toContain('dash-code');
    for (const s of CODE_CLIENT.scope) expect(text).toContain(s);
    expect(text).toContain('action="/login/oauth/authorize/decision"');
    expect(text.toLowerCase()).not.toContain('<script');
    expect(text).not.toMatch(/\son[a-z]+=/i);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`form-action 'self' ${DASH}`);
    expect(csp).not.toContain('unsafe');
  });

  it('escapes what the request carries', async () => {
    const res = await get(
      authorizePath({ ...CODE_CLIENT, clientId: '<img src=x onerror=alert(1)>' }),
    );
    const text = await res.text();
    expect(text).not.toContain('<img');
    expect(text).toContain('&lt;img');
  });

  it('denies: access_denied with the state, and no credentials', async () => {
    const id = await transaction(CODE_CLIENT);
    const res = await fetch(
      `${q.url}/login/oauth/authorize/decision`,
      form({ transaction_id: id, decision: 'deny' }),
    );
    const to = new URL(res.headers.get('location')!);
    expect(Object.fromEntries(to.searchParams)).toEqual({ error: 'access_denied', state: 'st-1' });
  });

  it('refuses wrong credentials on its own page, without redirecting', async () => {
    const id = await transaction(CODE_CLIENT);
    const res = await fetch(
      `${q.url}/login/oauth/authorize/decision`,
      form({
        transaction_id: id,
        decision: 'allow',
        clientId: ROOT.clientId,
        accessToken: 'wrong',
      }),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('do not match');
  });
});

describe('code flow', () => {
  it('code → token → credentials that carry the client scopes intersected with the user’s', async () => {
    const { location } = await allow(CODE_CLIENT, LIMITED);
    expect(location.origin + location.pathname).toBe(`${DASH}/auth/callback`);
    expect(location.searchParams.get('state')).toBe('st-1');
    const code = location.searchParams.get('code')!;

    const tokenRes = await exchange(code);
    expect(tokenRes.status).toBe(200);
    expect(tokenRes.headers.get('cache-control')).toBe('no-store');
    expect(tokenRes.headers.get('pragma')).toBe('no-cache');
    const { access_token, token_type } = (await tokenRes.json()) as {
      access_token: string;
      token_type: string;
    };
    expect(token_type).toBe('Bearer');
    // A code is used once.
    expect(await (await exchange(code)).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid authorization code',
    });

    const before = Date.now();
    const credRes = await credentials(access_token);
    expect(credRes.status).toBe(200);
    const body = (await credRes.json()) as {
      expires: string;
      credentials: { clientId: string; accessToken: string };
    };
    expect(body.credentials.clientId).toMatch(
      /^local-login\/limited-user\/dash-code-[A-Za-z0-9]{6}$/,
    );
    // Approved expiry (1 day, the maximum) minus 30 s.
    expect(Math.abs(Date.parse(body.expires) - (before + 86_400_000 - 30_000))).toBeLessThan(5_000);
    // Once per access token, as on web-server.
    expect((await credentials(access_token)).status).toBe(500);

    const issued = createQueueClient({ rootUrl: q.url, credentials: body.credentials, retries: 0 });
    const taskId = newId();
    await q.root.createTask(taskId, taskDef());
    // queue:get-task:* is both the client's and the user's: kept.
    expect((await issued.task(taskId)).metadata.name).toBe('test task');
    // queue:cancel-task:* is the client's but not the user's: the intersection drops it.
    const err = await issued.cancelTask(taskId).catch((e: unknown) => e);
    expect(isQueueError(err) && err.status).toBe(403);
    // queue:scheduler-id:* is the user's but not the client's: dropped too, so no createTask.
    const err2 = await issued.createTask(newId(), taskDef()).catch((e: unknown) => e);
    expect(isQueueError(err2) && err2.message).toContain('queue:scheduler-id:');
  });

  it('refuses a code exchanged with another redirect URI', async () => {
    const { location } = await allow(CODE_CLIENT);
    const res = await exchange(
      location.searchParams.get('code')!,
      'http://second.example/auth/callback',
    );
    expect(res.status).toBe(403);
  });

  it('issues credentials that are refused after they expire', async () => {
    const { location } = await allow(SHORT_CLIENT);
    const tokenRes = await exchange(location.searchParams.get('code')!);
    const { access_token } = (await tokenRes.json()) as { access_token: string };
    const body = (await (await credentials(access_token)).json()) as {
      expires: string;
      credentials: { clientId: string; accessToken: string };
    };
    const left = Date.parse(body.expires) - Date.now();
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThan(1_500);
    const issued = createQueueClient({ rootUrl: q.url, credentials: body.credentials, retries: 0 });
    const taskId = newId();
    await q.root.createTask(taskId, taskDef());
    await issued.task(taskId);
    await new Promise((r) => setTimeout(r, left + 200));
    const err = await issued.task(taskId).catch((e: unknown) => e);
    expect(isQueueError(err) && [err.status, err.message]).toEqual([
      401,
      expect.stringContaining('expired'),
    ]);
  });
});

describe('implicit flow', () => {
  it('sends the token in the fragment; a whitelisted client with a live session skips the page', async () => {
    const { location, cookie } = await allow(TOKEN_CLIENT);
    const fragment = new URLSearchParams(location.hash.slice(1));
    expect(fragment.get('token_type')).toBe('Bearer');
    expect(fragment.get('state')).toBe('st-1');
    expect(location.search).toBe('');
    const res = await credentials(fragment.get('access_token')!);
    expect(res.status).toBe(200);

    const session = cookie!.split(';')[0]!;
    const again = await get(authorizePath(TOKEN_CLIENT, { state: 'st-2' }), {
      headers: { cookie: session },
    });
    expect(again.status).toBe(302);
    expect(
      new URLSearchParams(new URL(again.headers.get('location')!).hash.slice(1)).get('state'),
    ).toBe('st-2');
    // Not whitelisted: the page still asks, even with the session.
    const asks = await get(authorizePath(CODE_CLIENT), { headers: { cookie: session } });
    expect(asks.status).toBe(200);
    expect(await asks.text()).toContain(`Signed in as <code>${ROOT.clientId}</code>`);
  });
});

describe('CORS of token and credentials', () => {
  it('answers only the origin of a client’s first redirect URI', async () => {
    const preflight = (origin: string) =>
      fetch(`${q.url}/login/oauth/token`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const ok = await preflight(DASH);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(DASH);
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-type');
    for (const origin of ['http://second.example', 'https://evil.example']) {
      const res = await preflight(origin);
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    const res = await credentials('nope', 'https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('answers as the recorded web-server does', () => {
  const captures = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures/login-captures.json'), 'utf8'),
  ) as {
    name: string;
    request: {
      method: string;
      path: string;
      headers?: Record<string, string>;
      rawBody?: string;
      body?: unknown;
      auth: string | null;
    };
    response: { status: number; body: unknown };
  }[];
  const replayed = [
    'login-token-invalid-code',
    'login-token-missing-code',
    'login-token-unsupported-grant',
    'login-token-json-body',
    'login-credentials-no-token',
    'login-credentials-invalid-token',
    'login-logout-not-signed-in',
  ];
  it.each(replayed)('%s', async (name) => {
    const { request, response } = captures.find((c) => c.name === name)!;
    const headers: Record<string, string> = { ...(request.headers ?? {}) };
    if (request.auth === 'bearer') headers.authorization = 'Bearer not-a-real-token';
    const res = await fetch(`${q.url}${request.path}`, {
      method: request.method,
      headers,
      body:
        request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
    });
    expect(res.status).toBe(response.status);
    const text = await res.text();
    expect(text ? JSON.parse(text) : '').toEqual(response.body);
  });
});

describe('the default client', () => {
  it('is the dashboard this deployment serves, once it listens', async () => {
    const own = await startTestQueue();
    try {
      const [client, ...others] = own.deployment.oauthClients();
      expect(others).toEqual([]);
      const port = new URL(own.url).port;
      expect(client).toEqual({
        clientId: 'queue-dashboard',
        redirectUri: [`${own.url}/auth/callback`, `http://localhost:${port}/auth/callback`],
        scope: ['queue:*'],
        responseType: 'code',
        maxExpires: '3 days',
        whitelisted: true,
      });
      const res = await fetch(`${own.url}/login/oauth/token`, {
        method: 'OPTIONS',
        headers: { origin: own.url, 'access-control-request-method': 'POST' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBe(own.url);
    } finally {
      await own.close();
    }
  });
});

describe("the served dashboard's configuration", () => {
  it('names the login client for each origin the dashboard is served on, as the dashboard reads it', () => {
    const url = 'http://127.0.0.1:8080';
    const oauth = servedDashboardOAuth([CODE_CLIENT, dashboardClient(url)], url);
    const parsed = parseDashboardConfig(JSON.parse(featuredConfigJson([], oauth)));
    expect(parsed).toEqual({
      ok: true,
      config: expect.objectContaining({
        oauth: {
          [url]: {
            clientId: 'queue-dashboard',
            responseType: 'code',
            scope: ['queue:*'],
            redirectUri: `${url}/auth/callback`,
          },
          'http://localhost:8080': expect.objectContaining({
            redirectUri: 'http://localhost:8080/auth/callback',
          }),
        },
      }),
    });
    // A client registered for another origin is not this dashboard's.
    expect(servedDashboardOAuth([CODE_CLIENT], url)).toEqual({});
  });
});
