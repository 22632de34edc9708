/**
 * Replays every exchange recorded from the real Queue (`fixtures/captures.json`) against the
 * local service, in order: each request is re-signed with our credentials, its times shifted to
 * now and its ids mapped to fresh ones. Our status codes and the keys of our bodies must match.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import slugid from 'slugid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hawkHeader, signUrl } from '../../src/api/hawk';
import { startTestQueue, type TestQueue } from '../common/testing';

interface Capture {
  name: string;
  request: {
    method: string;
    path: string;
    auth?: string | null;
    ext?: { authorizedScopes?: string[] };
    headers?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
  };
  response: { status: number; headers: Record<string, string>; body?: unknown };
}

const captures = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures/captures.json'), 'utf8'),
) as Capture[];

/** Exchanges whose recorded answer came from the capture harness, not from Queue behaviour. */
const NOT_APPLICABLE: Record<string, string> = {
  'createArtifact-s3-live_backing.log': 'the harness could not sign S3 URLs (500)',
  'getArtifact-s3': 'the harness could not sign S3 URLs (500)',
  'getArtifact-s3-skip-cdn': 'the harness could not sign S3 URLs (500)',
  'artifact-content-s3': 'the harness could not sign S3 URLs (500)',
  'getArtifact-link': 'its link target is the unsigned s3 artifact (500 in the harness)',
  'createArtifact-object': 'object artifacts are answered 400 until the object service lands',
};

const TEST_CLIENT = { clientId: 'test-client', accessToken: 'replay-secret' };
const ISO = /\b20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\b/g;
const SLUG = /[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]/g;

/** Keys of a body, and of its nested objects and first array items, as comparable text. */
function shape(value: unknown, depth = 0): unknown {
  if (depth > 3 || value === null || typeof value !== 'object')
    return typeof value === 'object' ? 'null' : typeof value;
  // An empty list matches any list: the real listClaimedTasks is approximate and keeps stale claims.
  if (Array.isArray(value)) return value.length ? [shape(value[0], depth + 1)] : expect.any(Array);
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [
        k,
        k === 'payload' || k === 'extra' || k === 'params' || k === 'tags'
          ? 'object'
          : shape((value as Record<string, unknown>)[k], depth + 1),
      ]),
  );
}

let q: TestQueue;
let now = 0;
const ids = new Map<string, string>();
const mapIds = (text: string) =>
  text.replace(SLUG, (id) => {
    if (!ids.has(id)) ids.set(id, slugid.nice());
    return ids.get(id)!;
  });

beforeAll(async () => {
  // A clock that stands still between exchanges, moved to each capture's time: the harness ran
  // with a 1 s claim timeout, and its waits become jumps here.
  q = await startTestQueue({
    clock: { now: () => now },
    claimTimeoutSec: 1,
    // The harness's fake auth gave anonymous callers nothing.
    anonymousScopes: [],
    extraClients: [{ ...TEST_CLIENT, scopes: ['*'] }],
  });
});
afterAll(() => q.close());

describe('replay of the real Queue captures', () => {
  const start = Date.parse(captures[0]!.response.headers.date!);
  const delta = Date.now() - start;
  const shift = (text: string) =>
    text.replace(ISO, (t) => new Date(Date.parse(t) + delta).toJSON());

  for (const capture of captures) {
    const skip = NOT_APPLICABLE[capture.name];
    if (skip) continue;
    it(`${capture.name}: ${capture.request.method} → ${capture.response.status}`, async () => {
      now = Math.max(now, Date.parse(capture.response.headers.date!) + delta + 500);
      q.deployment.queue.resolve();
      const req = capture.request;
      let path = mapIds(req.path);
      const headers: Record<string, string> = { ...(req.headers ?? {}) };
      let body: string | undefined;
      if (req.rawBody !== undefined) {
        body =
          req.rawBody === '<11 MiB JSON elided>'
            ? JSON.stringify({ padding: 'x'.repeat(11 * 1024 * 1024) })
            : mapIds(shift(req.rawBody));
      } else if (req.body !== undefined) {
        body = mapIds(shift(JSON.stringify(req.body)));
        headers['content-type'] ??= 'application/json';
      }
      const url = new URL(q.url + path);
      if (url.searchParams.has('bewit')) {
        url.searchParams.delete('bewit');
        path = url.pathname + url.search;
        const signed = await signUrl(q.url + path, {
          credentials: TEST_CLIENT,
          expires: Math.floor(Date.now() / 1000) + 60,
        });
        path = signed.slice(q.url.length);
      } else if (req.auth) {
        const credentials =
          req.auth === 'nobody' ? { clientId: 'nobody', accessToken: 'x' } : TEST_CLIENT;
        headers.authorization = await hawkHeader({
          credentials,
          method: req.method,
          url: q.url + path,
          ts: Math.floor(Date.now() / 1000),
          authorizedScopes: req.ext?.authorizedScopes,
        });
      }
      const res = await fetch(q.url + path, {
        method: req.method,
        headers,
        body,
        redirect: 'manual',
      });
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(capture.response.status);
      expect(res.headers.get('access-control-allow-origin')).toBe(
        capture.response.headers['access-control-allow-origin'] ?? null,
      );
      const expected = capture.response.body;
      if (expected !== undefined && expected !== '' && typeof expected === 'object') {
        expect(shape(JSON.parse(text))).toEqual(shape(expected));
      } else if (typeof expected === 'string' && expected) {
        expect(text).toBe(expected);
      }
    }, 20_000);
  }

  it('skips only the exchanges whose answers came from the harness', () => {
    const names = new Set(captures.map((c) => c.name));
    for (const name of Object.keys(NOT_APPLICABLE)) expect(names.has(name)).toBe(true);
    expect(Object.keys(NOT_APPLICABLE).length).toBeLessThan(captures.length / 10);
  });
});
