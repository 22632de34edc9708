import Hawk from 'hawk';
import type { IncomingMessage } from 'node:http';
import taskcluster from 'taskcluster-client';
import { describe, expect, it } from 'vitest';
import { createAuthenticator, type ClientRecord } from '../../server/common/authenticator';
import { buildExt, hawkHeader, payloadHash, signUrl } from './hawk';

const creds = { clientId: 'tester', accessToken: 'secret-token-of-the-tester' };
const now = () => Math.floor(Date.now() / 1000);

function req(url: string, authorization: string | undefined, method = 'GET', contentType = '') {
  const u = new URL(url);
  return {
    method,
    url: u.pathname + u.search,
    host: u.hostname,
    port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80),
    authorization,
    contentType,
  } as unknown as IncomingMessage;
}

const keyFor = (accessToken: string) => () => ({
  key: accessToken,
  algorithm: 'sha256' as const,
  user: 'x',
});

describe('hawk header', () => {
  const url = 'https://tc.example.com/api/queue/v1/task/abc%2Fdef/status?limit=2';

  it('is accepted by the hawk package', async () => {
    const header = await hawkHeader({ credentials: creds, method: 'get', url, ts: now() });
    const { artifacts } = await Hawk.server.authenticate(
      req(url, header),
      keyFor(creds.accessToken),
    );
    expect(artifacts.id).toBe('tester');
    expect(artifacts.resource).toBe('/api/queue/v1/task/abc%2Fdef/status?limit=2');
  });

  it('is refused when the method, resource, host or key differ', async () => {
    const header = await hawkHeader({ credentials: creds, method: 'get', url, ts: now() });
    await expect(
      Hawk.server.authenticate(req(url, header, 'POST'), keyFor(creds.accessToken)),
    ).rejects.toThrow(/Bad mac/);
    await expect(
      Hawk.server.authenticate(
        req(url.replace('limit=2', 'limit=3'), header),
        keyFor(creds.accessToken),
      ),
    ).rejects.toThrow(/Bad mac/);
    await expect(
      Hawk.server.authenticate(
        req(url.replace('tc.example', 'evil.example'), header),
        keyFor(creds.accessToken),
      ),
    ).rejects.toThrow(/Bad mac/);
    await expect(Hawk.server.authenticate(req(url, header), keyFor('other-key'))).rejects.toThrow(
      /Bad mac/,
    );
  });

  it('is refused when stale beyond the allowed skew', async () => {
    const header = await hawkHeader({ credentials: creds, method: 'get', url, ts: now() - 3600 });
    await expect(
      Hawk.server.authenticate(req(url, header), keyFor(creds.accessToken), {
        timestampSkewSec: 900,
      }),
    ).rejects.toThrow(/Stale timestamp/);
  });

  it('carries a payload hash that hawk verifies, and refuses a changed body', async () => {
    const body = JSON.stringify({ workerGroup: 'g', workerId: 'w', tasks: 1 });
    const header = await hawkHeader({
      credentials: creds,
      method: 'post',
      url,
      ts: now(),
      payload: { body, contentType: 'application/json' },
    });
    const r = req(url, header, 'POST', 'application/json; charset=utf-8');
    await expect(
      Hawk.server.authenticate(r, keyFor(creds.accessToken), { payload: body }),
    ).resolves.toBeTruthy();
    await expect(
      Hawk.server.authenticate(r, keyFor(creds.accessToken), {
        payload: body.replace('"g"', '"h"'),
      }),
    ).rejects.toThrow(/Bad payload hash/);
    expect(await payloadHash(body, 'application/json')).toBe(
      Hawk.crypto.calculatePayloadHash(body, 'sha256', 'application/json'),
    );
  });

  it('puts the certificate (string or object) and authorizedScopes into ext as JSON', async () => {
    const cert = { version: 1, scopes: ['a'], start: 1, expiry: 2, seed: 's', signature: 'x' };
    for (const certificate of [JSON.stringify(cert), cert]) {
      const header = await hawkHeader({
        credentials: { ...creds, certificate },
        method: 'get',
        url,
        ts: now(),
        authorizedScopes: ['queue:get-task:*'],
      });
      const { artifacts } = await Hawk.server.authenticate(
        req(url, header),
        keyFor(creds.accessToken),
      );
      const ext = JSON.parse(Buffer.from(artifacts.ext as string, 'base64').toString()) as unknown;
      expect(ext).toEqual({ certificate: cert, authorizedScopes: ['queue:get-task:*'] });
    }
    expect(buildExt(creds)).toBeUndefined();
  });
});

describe('bewit', () => {
  const url = 'http://127.0.0.1:8080/api/queue/v1/task/T/runs/0/artifacts/private%2Fbuild%2Fa.txt';

  it('is accepted by hawk.uri.authenticate until it expires', async () => {
    const signed = await signUrl(url, { credentials: creds, expires: now() + 60 });
    expect(signed.startsWith(`${url}?bewit=`)).toBe(true);
    const { attributes } = await Hawk.uri.authenticate(
      req(signed, undefined),
      keyFor(creds.accessToken),
    );
    expect(attributes.id).toBe('tester');
  });

  it('appends to an existing query string', async () => {
    const signed = await signUrl(`${url}?x=1`, { credentials: creds, expires: now() + 60 });
    expect(signed).toContain('?x=1&bewit=');
    await expect(
      Hawk.uri.authenticate(req(signed, undefined), keyFor(creds.accessToken)),
    ).resolves.toBeTruthy();
  });

  it('is refused when expired or moved to another resource', async () => {
    const expired = await signUrl(url, { credentials: creds, expires: now() - 5 });
    await expect(
      Hawk.uri.authenticate(req(expired, undefined), keyFor(creds.accessToken)),
    ).rejects.toThrow(/Access expired/);
    const signed = await signUrl(url, { credentials: creds, expires: now() + 60 });
    const moved = signed.replace('a.txt', 'b.txt');
    await expect(
      Hawk.uri.authenticate(req(moved, undefined), keyFor(creds.accessToken)),
    ).rejects.toThrow(/Bad mac/);
  });
});

describe('temporary credentials from taskcluster-client', () => {
  const root: ClientRecord = { clientId: 'issuer', accessToken: 'issuer-secret', scopes: ['*'] };
  const auth = createAuthenticator({
    lookupClient: (id) => (id === root.clientId ? root : undefined),
    roles: { anonymous: ['queue:ping'] },
  });
  const url = 'http://127.0.0.1:9/api/queue/v1/task/T/status';
  const authReq = (
    authorization: string | undefined,
    resource = '/api/queue/v1/task/T/status',
  ) => ({
    method: 'GET',
    resource,
    host: '127.0.0.1',
    port: 9,
    authorization,
  });

  for (const named of [false, true]) {
    it(`sign correctly (${named ? 'named' : 'unnamed'})`, async () => {
      const temp = taskcluster.createTemporaryCredentials({
        ...(named ? { clientId: 'temp-name' } : {}),
        start: new Date(),
        expiry: new Date(Date.now() + 3600_000),
        scopes: ['queue:status:*'],
        credentials: { clientId: root.clientId, accessToken: root.accessToken },
      }) as { clientId: string; accessToken: string; certificate: string };
      const header = await hawkHeader({ credentials: temp, method: 'get', url, ts: now() });
      const result = await auth.authenticate(authReq(header));
      expect(result.clientId).toBe(named ? 'temp-name' : 'issuer');
      expect(result.scopes).toContain('queue:status:*');
      expect(result.scopes).not.toContain('*');

      const signed = await signUrl(url, { credentials: temp, expires: now() + 60 });
      const viaBewit = await auth.authenticate(
        authReq(undefined, new URL(signed).pathname + new URL(signed).search),
      );
      expect(viaBewit.scopes).toContain('queue:status:*');

      const tampered = JSON.parse(temp.certificate) as { scopes: string[] };
      tampered.scopes = ['*'];
      const bad = await hawkHeader({
        credentials: { ...temp, certificate: tampered },
        method: 'get',
        url,
        ts: now(),
      });
      await expect(auth.authenticate(authReq(bad))).rejects.toThrow(/signature is not valid/);
    });
  }

  it('narrows scopes to authorizedScopes, and refuses scopes the client lacks', async () => {
    const limited = { clientId: 'issuer', accessToken: 'issuer-secret' };
    const header = await hawkHeader({
      credentials: limited,
      method: 'get',
      url,
      ts: now(),
      authorizedScopes: ['queue:status:T'],
    });
    const result = await auth.authenticate(authReq(header));
    expect(result.scopes).toEqual(expect.arrayContaining(['queue:status:T', 'queue:ping']));
    expect(result.scopes).not.toContain('*');
  });
});
