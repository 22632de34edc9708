/**
 * Replaying exchanges recorded from real Taskcluster services against the local deployment:
 * each request is re-signed with the test's credentials, its times shifted to now and its ids
 * mapped to fresh ones; the status codes, CORS header and the keys of the bodies must match.
 */
import { readFileSync } from 'node:fs';
import slugid from 'slugid';
import { expect } from 'vitest';
import { hawkHeader, signUrl } from '../../src/api/hawk';

export interface Capture {
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

export const readCaptures = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Capture[];

const ISO = /\b20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z\b/g;
const SLUG = /[A-Za-z0-9_-]{8}[Q-T][A-Za-z0-9_-][CGKOSWaeimquy26-][A-Za-z0-9_-]{10}[AQgw]/g;

/** Keys of a body, and of its nested objects and first array items, as comparable text. */
export function shape(value: unknown, depth = 0): unknown {
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

export interface Replayer {
  /** Sends one capture's request to `baseUrl` and checks the answer against the recording. */
  replay(capture: Capture, baseUrl: string): Promise<void>;
}

/**
 * A replayer for one capture file. `credentials` sign every request the recording signed
 * (`nobody` keeps a client the service does not know); `start` is the recording's first time.
 */
export function createReplayer(
  credentials: { clientId: string; accessToken: string },
  start: number,
): Replayer {
  const ids = new Map<string, string>();
  const mapIds = (text: string) =>
    text.replace(SLUG, (id) => {
      if (!ids.has(id)) ids.set(id, slugid.nice());
      return ids.get(id)!;
    });
  const delta = Date.now() - start;
  const shift = (text: string) =>
    text.replace(ISO, (t) => new Date(Date.parse(t) + delta).toJSON());

  async function replay(capture: Capture, baseUrl: string) {
    const req = capture.request;
    let path = mapIds(req.path);
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    let body: string | undefined;
    if (req.rawBody !== undefined) {
      body =
        req.rawBody === '<11 MiB JSON elided>'
          ? JSON.stringify({ padding: 'x'.repeat(11 * 1024 * 1024) })
          : mapIds(shift(req.rawBody));
    } else if (req.body !== undefined && req.body !== null) {
      body = mapIds(shift(JSON.stringify(req.body)));
      headers['content-type'] ??= 'application/json';
    }
    const url = new URL(baseUrl + path);
    if (url.searchParams.has('bewit')) {
      url.searchParams.delete('bewit');
      path = url.pathname + url.search;
      const signed = await signUrl(baseUrl + path, {
        credentials,
        expires: Math.floor(Date.now() / 1000) + 60,
      });
      path = signed.slice(baseUrl.length);
    } else if (req.auth) {
      headers.authorization = await hawkHeader({
        credentials: req.auth === 'nobody' ? { clientId: 'nobody', accessToken: 'x' } : credentials,
        method: req.method,
        url: baseUrl + path,
        ts: Math.floor(Date.now() / 1000),
        authorizedScopes: req.ext?.authorizedScopes,
      });
    }
    const res = await fetch(baseUrl + path, {
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
      const actual = JSON.parse(text) as unknown;
      expect(shape(actual)).toEqual(shape(expected));
      // A taskId the service chose (triggerHook's) names our task in later requests.
      const recorded = (expected as { taskId?: unknown }).taskId;
      const ours = (actual as { taskId?: unknown }).taskId;
      if (typeof recorded === 'string' && typeof ours === 'string' && !ids.has(recorded)) {
        ids.set(recorded, ours);
      }
    } else if (typeof expected === 'string' && expected) {
      expect(text).toBe(expected);
    }
  }
  return { replay };
}
