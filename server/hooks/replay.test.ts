/**
 * Replays the exchanges recorded from a real deployment's Hooks, Auth (`expandScopes`,
 * `currentScopes`) and Queue priority calls (`fixtures/hooks-auth-oauth.json`) against the local
 * deployment, in order, with the same statuses and body keys.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplayer, readCaptures } from '../common/replay';
import { startTestQueue, type TestQueue } from '../common/testing';

const captures = readCaptures(join(import.meta.dirname, 'fixtures/hooks-auth-oauth.json'));

/** Exchanges outside the local subset, by name prefix. */
const OUTSIDE: [prefix: string, why: string][] = [
  ['auth-createRole-', 'role creation: the local roles come from the demo and --roles'],
  ['graphql-', 'GraphQL is web-server, not part of the local deployment'],
  ['login-', 'third-party login (/login/oauth) is served by server/login'],
  ['schema-', '/schemas is served by the references server'],
];
/** Exchanges the local deployment answers differently, on purpose. */
const DIFFERS: Record<string, string> = {
  // actions-hooks-login §4: the real Queue still accepted the change because its dependency
  // resolver had not yet flagged the task as resolved; the local Queue refuses at once.
  'queue-changeTaskPriority-just-resolved': 'a race with the real dependency resolver',
};

/** The roles the recording created through `auth-createRole-*`, given to the deployment instead. */
function recordedRoles() {
  return captures
    .filter((c) => c.name.startsWith('auth-createRole-'))
    .map((c) => ({
      roleId: decodeURIComponent(c.request.path.split('/roles/')[1]!),
      scopes: (c.request.body as { scopes: string[] }).scopes,
    }));
}

const TEST_CLIENT = { clientId: 'static/taskcluster/root', accessToken: 'replay-secret' };
let q: TestQueue;

beforeAll(async () => {
  q = await startTestQueue({
    clients: [{ ...TEST_CLIENT, scopes: ['*'] }],
    roles: recordedRoles(),
  });
});
afterAll(() => q.close());

const inSubset = (name: string) =>
  !OUTSIDE.some(([prefix]) => name.startsWith(prefix)) && !DIFFERS[name];

describe('replay of the real Hooks, Auth and Queue-priority captures', () => {
  const replayer = createReplayer(TEST_CLIENT, Date.parse(captures[0]!.response.headers.date!));
  for (const capture of captures.filter((c) => inSubset(c.name))) {
    it(`${capture.name}: ${capture.request.method} → ${capture.response.status}`, async () => {
      await replayer.replay(capture, q.url);
    }, 20_000);
  }

  it('leaves out only what is outside the local subset', () => {
    const left = captures.filter((c) => !inSubset(c.name)).map((c) => c.name);
    for (const name of left) {
      expect(OUTSIDE.some(([prefix]) => name.startsWith(prefix)) || name in DIFFERS, name).toBe(
        true,
      );
    }
    expect(captures.filter((c) => inSubset(c.name)).length).toBeGreaterThanOrEqual(60);
  });
});
