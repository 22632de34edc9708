import { describe, expect, it, vi } from 'vitest';
import {
  authorizeUrl,
  describeLoginError,
  exchangeCode,
  fetchCredentials,
  LoginError,
  parseCallback,
  type OAuthClientConfig,
} from './login';

const client: OAuthClientConfig = {
  clientId: 'queue-dashboard',
  responseType: 'code',
  scope: ['queue:*', 'hooks:trigger-hook:*'],
  redirectUri: 'https://dash.example/auth/callback',
};

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('authorizeUrl', () => {
  it('carries every protocol parameter, scopes space-separated', () => {
    const url = new URL(authorizeUrl('https://tc.example/', { ...client, expires: '1 day' }, 'S'));
    expect(url.origin + url.pathname).toBe('https://tc.example/login/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'queue-dashboard',
      redirect_uri: 'https://dash.example/auth/callback',
      scope: 'queue:* hooks:trigger-hook:*',
      state: 'S',
      expires: '1 day',
    });
    expect(url.search).toContain('scope=queue%3A*+hooks%3Atrigger-hook%3A*');
  });
});

describe('parseCallback', () => {
  it('reads the code flow from the query', () => {
    expect(parseCallback('?code=abc&state=s1', '')).toEqual({
      kind: 'code',
      code: 'abc',
      state: 's1',
    });
  });
  it('reads the implicit flow from the fragment', () => {
    expect(parseCallback('', '#access_token=tok&token_type=Bearer&state=s2')).toEqual({
      kind: 'token',
      accessToken: 'tok',
      state: 's2',
    });
  });
  it('reads errors from either place', () => {
    expect(parseCallback('?error=access_denied&state=s', '')).toMatchObject({
      kind: 'error',
      error: 'access_denied',
      state: 's',
    });
    expect(parseCallback('', '#error=invalid_scope&state=s')).toMatchObject({
      kind: 'error',
      error: 'invalid_scope',
    });
  });
  it('finds nothing on a plain visit', () => {
    expect(parseCallback('', '')).toEqual({ kind: 'none' });
  });
});

describe('exchangeCode', () => {
  it('posts the form the deployment expects and returns the access token', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      json(200, { access_token: 'AT', token_type: 'Bearer' }),
    );
    await expect(
      exchangeCode(
        'https://tc.example',
        { code: 'C', redirectUri: client.redirectUri, clientId: 'queue-dashboard' },
        fetch,
      ),
    ).resolves.toBe('AT');
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://tc.example/login/oauth/token');
    expect(init?.method).toBe('POST');
    expect((init?.headers as Record<string, string>)['content-type']).toBe(
      'application/x-www-form-urlencoded',
    );
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({
      grant_type: 'authorization_code',
      code: 'C',
      redirect_uri: client.redirectUri,
      client_id: 'queue-dashboard',
    });
    expect(init?.credentials).toBe('omit');
  });

  it('turns the recorded invalid_grant answer into a readable error', async () => {
    // Recorded from a real web-server: POST /login/oauth/token with a bad code.
    const fetch = vi.fn(async () =>
      json(403, { error: 'invalid_grant', error_description: 'Invalid authorization code' }),
    );
    const err = await exchangeCode(
      'https://tc.example',
      { code: 'x', redirectUri: 'r', clientId: 'c' },
      fetch,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect(err).toMatchObject({ code: 'invalid_grant' });
    expect((err as Error).message).toMatch(/invalid, expired .* or already used/);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('says so when the deployment cannot be reached', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(
      exchangeCode('https://tc.example', { code: 'x', redirectUri: 'r', clientId: 'c' }, fetch),
    ).rejects.toMatchObject({ code: 'network' });
  });
});

describe('fetchCredentials', () => {
  it('sends the bearer token once and returns the credentials with their expiry', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      json(200, {
        expires: '2030-01-01T00:00:00.000Z',
        credentials: { clientId: 'u/queue-dashboard-abc123', accessToken: 'T' },
      }),
    );
    await expect(fetchCredentials('https://tc.example', 'AT', fetch)).resolves.toEqual({
      clientId: 'u/queue-dashboard-abc123',
      accessToken: 'T',
      expires: Date.parse('2030-01-01T00:00:00.000Z'),
    });
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://tc.example/login/oauth/credentials');
    expect((init?.headers as Record<string, string>).authorization).toBe('Bearer AT');
  });

  it('never retries the recorded 500 for a bad token', async () => {
    // Recorded from a real web-server: GET /login/oauth/credentials with an invalid token.
    const fetch = vi.fn(async () =>
      json(500, {
        name: 'InputError',
        message: 'Could not generate credentials for this access token',
      }),
    );
    await expect(fetchCredentials('https://tc.example', 'bad', fetch)).rejects.toMatchObject({
      code: 'invalid_credentials',
    });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('refuses a malformed answer', async () => {
    const fetch = vi.fn(async () => json(200, { credentials: { clientId: 'x' } }));
    await expect(fetchCredentials('https://tc.example', 'AT', fetch)).rejects.toMatchObject({
      code: 'server_error',
    });
  });
});

describe('describeLoginError', () => {
  it('explains the errors users meet', () => {
    expect(describeLoginError('access_denied')).toMatch(/declined/);
    expect(describeLoginError('invalid_scope')).toMatch(/scopes .* must equal/);
    expect(describeLoginError('weird_error', 'detail from server')).toBe(
      'The sign-in failed (weird_error). detail from server',
    );
  });
});
