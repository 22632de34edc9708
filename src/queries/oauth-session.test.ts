// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { OAuthClientConfig } from '../api/login';
import { captureOAuthCallback, capturedCallback } from './oauth-callback';
import {
  beginSignIn,
  completeSignIn,
  isOwnPopupAttempt,
  newState,
  renewalTime,
  takeAttempt,
} from './oauth-session';

const ROOT = 'https://tc.example';
const codeClient: OAuthClientConfig = {
  clientId: 'queue-dashboard',
  responseType: 'code',
  scope: ['queue:*'],
  redirectUri: 'https://dash.example/auth/callback',
};
const tokenClient: OAuthClientConfig = { ...codeClient, responseType: 'token' };

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const CREDENTIALS = {
  expires: '2030-01-01T00:00:00.000Z',
  credentials: { clientId: 'local/root/queue-dashboard-x1y2z3', accessToken: 'TC-TOKEN' },
};

function begin(client = codeClient, mode: 'redirect' | 'popup' = 'redirect') {
  return beginSignIn({ rootUrl: ROOT, client, mode, returnTo: '/tasks/x', remember: false });
}

beforeEach(() => localStorage.clear());

describe('state', () => {
  it('is random, 256 bits, URL-safe', () => {
    const a = newState();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(Array.from({ length: 50 }, newState)).size).toBe(50);
  });

  it('is checked and used once; unknown and stale ones are refused', () => {
    const { state, url } = begin();
    expect(new URL(url).searchParams.get('state')).toBe(state);
    expect(takeAttempt('not-' + state)).toBeUndefined();
    expect(takeAttempt(state)).toMatchObject({ rootUrl: ROOT, returnTo: '/tasks/x' });
    expect(takeAttempt(state)).toBeUndefined();

    const old = beginSignIn(
      { rootUrl: ROOT, client: codeClient, mode: 'redirect', returnTo: '/', remember: false },
      Date.now() - 11 * 60_000,
    );
    expect(takeAttempt(old.state)).toBeUndefined();
  });

  it('marks popup attempts as this tab’s own, once', () => {
    const { state } = begin(codeClient, 'popup');
    expect(isOwnPopupAttempt(state)).toBe(true);
    expect(isOwnPopupAttempt(state)).toBe(false);
    expect(isOwnPopupAttempt(begin().state)).toBe(false);
  });
});

describe('completeSignIn', () => {
  it('code flow: exchanges the code, then calls /credentials once', async () => {
    const { state } = begin();
    const fetch = vi.fn(async (url: RequestInfo | URL) =>
      String(url).endsWith('/token')
        ? json(200, { access_token: 'AT', token_type: 'Bearer' })
        : json(200, CREDENTIALS),
    );
    const done = await completeSignIn({ kind: 'code', code: 'CODE-1', state }, fetch);
    expect(done.credentials).toMatchObject({
      clientId: 'local/root/queue-dashboard-x1y2z3',
      accessToken: 'TC-TOKEN',
    });
    expect(done.attempt.returnTo).toBe('/tasks/x');
    expect(fetch.mock.calls.map(([u]) => String(u))).toEqual([
      `${ROOT}/login/oauth/token`,
      `${ROOT}/login/oauth/credentials`,
    ]);
  });

  it('implicit flow: the token goes straight to /credentials; a repeat shares the one call', async () => {
    const { state } = begin(tokenClient);
    const fetch = vi.fn(async () => json(200, CREDENTIALS));
    const result = { kind: 'token' as const, accessToken: 'AT-2', state };
    const [a, b] = await Promise.all([
      completeSignIn(result, fetch),
      completeSignIn(result, fetch),
    ]);
    expect(a).toBe(b);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('refuses a wrong state without calling the deployment', async () => {
    begin(tokenClient);
    const fetch = vi.fn();
    await expect(
      completeSignIn({ kind: 'token', accessToken: 'AT-3', state: 'forged' }, fetch),
    ).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(
      completeSignIn({ kind: 'token', accessToken: 'AT-4' }, fetch),
    ).rejects.toMatchObject({ code: 'invalid_state' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('refuses a token where a code was expected (another flow than the one started)', async () => {
    const { state } = begin(codeClient);
    const fetch = vi.fn();
    await expect(
      completeSignIn({ kind: 'token', accessToken: 'AT-5', state }, fetch),
    ).rejects.toMatchObject({ code: 'invalid_state' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('reports the deployment’s errors readably, with the attempt', async () => {
    const { state } = begin(codeClient, 'popup');
    const err = await completeSignIn({ kind: 'error', error: 'access_denied', state }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'access_denied', attempt: { state, mode: 'popup' } });
    expect((err as Error).message).toMatch(/declined/);
  });

  it('a bad token: one call to /credentials, no retry', async () => {
    const { state } = begin(tokenClient);
    const fetch = vi.fn(async () =>
      json(500, {
        name: 'InputError',
        message: 'Could not generate credentials for this access token',
      }),
    );
    await expect(
      completeSignIn({ kind: 'token', accessToken: 'AT-6', state }, fetch),
    ).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe('renewalTime', () => {
  it('is 5 minutes before expiry, or at 10 % of the lifetime left when shorter', () => {
    const hour = 3600_000;
    expect(renewalTime(0, 24 * hour)).toBe(24 * hour - 5 * 60_000);
    expect(renewalTime(0, 10 * 60_000)).toBe(9 * 60_000);
  });
});

describe('captureOAuthCallback', () => {
  it('takes the token off the URL by replacing the history entry', () => {
    const replaceState = vi.fn();
    captureOAuthCallback(
      {
        pathname: '/auth/callback',
        search: '',
        hash: '#access_token=SECRET&token_type=Bearer&state=s',
      },
      { replaceState },
    );
    expect(replaceState).toHaveBeenCalledWith(null, '', '/auth/callback');
    expect(capturedCallback()).toEqual({ kind: 'token', accessToken: 'SECRET', state: 's' });
  });

  it('leaves every other page alone', () => {
    const replaceState = vi.fn();
    captureOAuthCallback({ pathname: '/tasks/abc', search: '?code=x', hash: '' }, { replaceState });
    expect(replaceState).not.toHaveBeenCalled();
  });
});
