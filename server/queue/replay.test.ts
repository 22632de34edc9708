/**
 * Replays every exchange recorded from the real Queue (`fixtures/captures.json`) against the
 * local service, in order: each request is re-signed with our credentials, its times shifted to
 * now and its ids mapped to fresh ones. Our status codes and the keys of our bodies must match.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayer, readCaptures } from '../common/replay';
import { startTestQueue, type TestQueue } from '../common/testing';

const captures = readCaptures(join(import.meta.dirname, 'fixtures/captures.json'));

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

let q: TestQueue;
let now = 0;

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
  const replayer = createReplayer(TEST_CLIENT, start);

  for (const capture of captures) {
    const skip = NOT_APPLICABLE[capture.name];
    if (skip) continue;
    it(`${capture.name}: ${capture.request.method} → ${capture.response.status}`, async () => {
      now = Math.max(now, Date.parse(capture.response.headers.date!) + delta + 500);
      q.deployment.queue.resolve();
      await replayer.replay(capture, q.url);
    }, 20_000);
  }

  it('skips only the exchanges whose answers came from the harness', () => {
    const names = new Set(captures.map((c) => c.name));
    for (const name of Object.keys(NOT_APPLICABLE)) expect(names.has(name)).toBe(true);
    expect(Object.keys(NOT_APPLICABLE).length).toBeLessThan(captures.length / 10);
  });
});
