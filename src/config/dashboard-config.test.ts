import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  EMPTY_DASHBOARD_CONFIG,
  embeddedDashboardConfig,
  featuredTaskGroupsFor,
  getDashboardConfig,
  loadDashboardConfig,
  oauthClientFor,
  parseDashboardConfig,
  setDashboardConfig,
  subscribeDashboardConfig,
} from './dashboard-config';

const GROUP_A = 'fKmnpbhNQ7OrFLfHVpLk1A';
const GROUP_B = 'Y3CalMXOT9-y5FU4m8c8lg';
const HOSTILE = '<img src=x onerror="alert(1)"> <b>bold</b> javascript:alert(1)';

const VALID = {
  featuredTaskGroups: [
    { taskGroupId: GROUP_A, title: 'CI push: 296 tasks, some failing' },
    { taskGroupId: GROUP_B, title: HOSTILE },
  ],
  rootUrl: 'https://tc.example.com/',
  oauth: {
    'https://tc.example.com': {
      clientId: 'queue-dashboard',
      responseType: 'code',
      scope: ['queue:*'],
      redirectUri: 'https://dash.example.com/login',
    },
  },
};

/** A fetch that answers once with the given body, status and content type, and records calls. */
function answer(body: string, status = 200, type = 'application/json') {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(status === 204 ? null : body, {
      status,
      headers: { 'content-type': type },
    });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

async function load(fetch: typeof globalThis.fetch, timeoutMs?: number) {
  const warnings: string[] = [];
  const config = await loadDashboardConfig({
    fetch,
    timeoutMs,
    url: '/dashboard-config.json',
    warn: (m) => warnings.push(m),
  });
  return { config, warnings };
}

afterEach(() => setDashboardConfig(EMPTY_DASHBOARD_CONFIG));

describe('parseDashboardConfig', () => {
  it('accepts the full shape and normalizes root URLs', () => {
    const parsed = parseDashboardConfig(VALID);
    expect(parsed).toEqual({
      ok: true,
      config: {
        featuredTaskGroups: VALID.featuredTaskGroups,
        rootUrl: 'https://tc.example.com',
        oauth: { 'https://tc.example.com': VALID.oauth['https://tc.example.com'] },
      },
    });
  });

  it('accepts an empty object: every key is optional', () => {
    expect(parseDashboardConfig({})).toEqual({
      ok: true,
      config: { featuredTaskGroups: [], oauth: {} },
    });
  });

  it('ignores unknown keys, at the top and inside entries', () => {
    const parsed = parseDashboardConfig({
      futureKey: { anything: true },
      featuredTaskGroups: [{ taskGroupId: GROUP_A, title: 'T', colour: 'red' }],
      oauth: {
        'https://tc.example.com': { ...VALID.oauth['https://tc.example.com'], extra: 1 },
      },
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.config).not.toHaveProperty('futureKey');
    expect(parsed.config.featuredTaskGroups).toEqual([{ taskGroupId: GROUP_A, title: 'T' }]);
    expect(parsed.config.oauth['https://tc.example.com']).not.toHaveProperty('extra');
  });

  it('keeps hostile titles verbatim: they are data, rendered as text', () => {
    const parsed = parseDashboardConfig(VALID);
    expect(parsed.ok && parsed.config.featuredTaskGroups[1]!.title).toBe(HOSTILE);
  });

  for (const [what, value, error] of [
    ['an array', [], 'JSON object'],
    ['null', null, 'JSON object'],
    ['featuredTaskGroups not an array', { featuredTaskGroups: {} }, 'must be an array'],
    [
      'a malformed taskGroupId',
      { featuredTaskGroups: [{ taskGroupId: '../../etc', title: 'x' }] },
      'featuredTaskGroups[0].taskGroupId',
    ],
    [
      'a missing title',
      { featuredTaskGroups: [{ taskGroupId: GROUP_A }] },
      'featuredTaskGroups[0].title',
    ],
    [
      'an empty title',
      { featuredTaskGroups: [{ taskGroupId: GROUP_A, title: '  ' }] },
      'featuredTaskGroups[0].title',
    ],
    [
      'a title of 201 characters',
      { featuredTaskGroups: [{ taskGroupId: GROUP_A, title: 'x'.repeat(201) }] },
      'longer than 200',
    ],
    ['a javascript: rootUrl', { rootUrl: 'javascript:alert(1)' }, 'rootUrl must be'],
    ['a rootUrl with credentials', { rootUrl: 'https://u:p@tc.example.com' }, 'rootUrl must be'],
    ['a numeric rootUrl', { rootUrl: 42 }, 'rootUrl must be'],
    ['oauth as an array', { oauth: [] }, 'oauth must be an object'],
    [
      'an oauth key that is no URL',
      { oauth: { nope: VALID.oauth['https://tc.example.com'] } },
      'key',
    ],
    [
      'an unknown responseType',
      {
        oauth: {
          'https://tc.example.com': {
            ...VALID.oauth['https://tc.example.com'],
            responseType: 'id_token',
          },
        },
      },
      'responseType',
    ],
    [
      'a scope that is not a list of strings',
      {
        oauth: {
          'https://tc.example.com': { ...VALID.oauth['https://tc.example.com'], scope: 'queue:*' },
        },
      },
      'scope',
    ],
    [
      'a javascript: redirectUri',
      {
        oauth: {
          'https://tc.example.com': {
            ...VALID.oauth['https://tc.example.com'],
            redirectUri: 'javascript:alert(1)',
          },
        },
      },
      'redirectUri',
    ],
  ] as const) {
    it(`rejects ${what}, naming where`, () => {
      const parsed = parseDashboardConfig(value);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.error).toContain(error);
    });
  }
});

describe('loadDashboardConfig', () => {
  it('installs a valid file and asks for JSON without caching', async () => {
    const { fetch, calls } = answer(JSON.stringify(VALID));
    const { config, warnings } = await load(fetch);
    expect(warnings).toEqual([]);
    expect(config.featuredTaskGroups.map((g) => g.taskGroupId)).toEqual([GROUP_A, GROUP_B]);
    expect(getDashboardConfig()).toBe(config);
    expect(oauthClientFor('https://tc.example.com/')?.clientId).toBe('queue-dashboard');
    expect(oauthClientFor('https://other.example.com')).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('/dashboard-config.json');
    expect(calls[0]!.init?.cache).toBe('no-cache');
    expect(calls[0]!.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('treats an absent file (404) as empty, without a warning', async () => {
    await load(answer(JSON.stringify(VALID)).fetch);
    expect(getDashboardConfig().featuredTaskGroups).toHaveLength(2);
    const { config, warnings } = await load(answer('Not found', 404, 'text/plain').fetch);
    expect(config).toEqual(EMPTY_DASHBOARD_CONFIG);
    expect(getDashboardConfig()).toEqual(EMPTY_DASHBOARD_CONFIG);
    expect(warnings).toEqual([]);
  });

  it("treats a single-page host's index.html as absent, without a warning", async () => {
    const { config, warnings } = await load(
      answer('<!doctype html><div id="root"></div>', 200, 'text/html; charset=utf-8').fetch,
    );
    expect(config).toEqual(EMPTY_DASHBOARD_CONFIG);
    expect(warnings).toEqual([]);
  });

  for (const [what, fetch, warning] of [
    ['invalid JSON', answer('{"featuredTaskGroups": [').fetch, 'not valid JSON'],
    [
      'an invalid shape',
      answer(JSON.stringify({ featuredTaskGroups: [{ taskGroupId: 'x', title: 't' }] })).fetch,
      'featuredTaskGroups[0].taskGroupId',
    ],
    ['a server error', answer('boom', 500, 'text/plain').fetch, 'HTTP 500'],
    [
      'a network failure',
      (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof globalThis.fetch,
      'could not be fetched',
    ],
  ] as const) {
    it(`treats ${what} as absent with one warning`, async () => {
      const { config, warnings } = await load(fetch);
      expect(config).toEqual(EMPTY_DASHBOARD_CONFIG);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('/dashboard-config.json ignored');
      expect(warnings[0]).toContain(warning);
    });
  }

  /** A fetch that answers `body` only when `release` is called, or aborts. */
  function held(body: string) {
    let release!: () => void;
    let aborted = false;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = ((_url: string, init?: RequestInit) =>
      new Promise((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        });
        void gate.then(() =>
          resolve(new Response(body, { headers: { 'content-type': 'application/json' } })),
        );
      })) as typeof globalThis.fetch;
    return { fetch, release: () => release(), aborted: () => aborted };
  }

  it('starts without the file after the timeout, then applies a late one except its rootUrl', async () => {
    vi.useFakeTimers();
    try {
      const slow = held(JSON.stringify(VALID));
      let changes = 0;
      const unsubscribe = subscribeDashboardConfig(() => changes++);
      const pending = load(slow.fetch, 1000);
      let started = false;
      void pending.then(() => (started = true));
      await vi.advanceTimersByTimeAsync(999);
      expect(started).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      const { config, warnings } = await pending;
      expect(config).toEqual(EMPTY_DASHBOARD_CONFIG);
      expect(slow.aborted()).toBe(false);
      slow.release();
      await vi.advanceTimersByTimeAsync(0);
      // The sign-in client arrives; the deployment chosen at start stays.
      expect(oauthClientFor('https://tc.example.com')?.clientId).toBe('queue-dashboard');
      expect(getDashboardConfig().rootUrl).toBeUndefined();
      expect(getDashboardConfig().featuredTaskGroups).toEqual([]);
      expect(changes).toBe(2);
      expect(warnings).toEqual([
        '/dashboard-config.json arrived after 1000 ms: its sign-in clients apply now; its rootUrl and featured groups from the next load',
      ]);
      unsubscribe();
    } finally {
      vi.useRealTimers();
    }
  });

  it("applies a late file's featured groups when it names no other deployment", async () => {
    vi.useFakeTimers();
    try {
      const { rootUrl: _omitted, ...sameOrigin } = VALID;
      const slow = held(JSON.stringify(sameOrigin));
      const pending = load(slow.fetch, 1000);
      await vi.advanceTimersByTimeAsync(1000);
      await pending;
      slow.release();
      await vi.advanceTimersByTimeAsync(0);
      expect(getDashboardConfig().featuredTaskGroups.map((g) => g.taskGroupId)).toEqual([
        GROUP_A,
        GROUP_B,
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up on a file that never answers, with one warning', async () => {
    vi.useFakeTimers();
    try {
      const never = held('{}');
      const warnings: string[] = [];
      const pending = loadDashboardConfig({
        fetch: never.fetch,
        url: '/dashboard-config.json',
        timeoutMs: 1000,
        lateTimeoutMs: 30_000,
        warn: (m) => warnings.push(m),
      });
      await vi.advanceTimersByTimeAsync(1000);
      expect(await pending).toEqual(EMPTY_DASHBOARD_CONFIG);
      await vi.advanceTimersByTimeAsync(28_999);
      expect(never.aborted()).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(never.aborted()).toBe(true);
      expect(getDashboardConfig()).toEqual(EMPTY_DASHBOARD_CONFIG);
      expect(warnings).toEqual([
        '/dashboard-config.json ignored: no usable answer within 1000 ms (no answer within 30000 ms)',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('a configuration embedded in the page', () => {
  const embed = (embedded: string) => {
    const warnings: string[] = [];
    const { fetch, calls } = answer(JSON.stringify(VALID));
    const pending = loadDashboardConfig({
      embedded,
      fetch,
      url: '/dashboard-config.json',
      warn: (m) => warnings.push(m),
    });
    // Installed before the call returns: the page's start reads it synchronously.
    return { pending, installed: getDashboardConfig(), warnings, calls };
  };

  it('is installed at once, and nothing is fetched', async () => {
    const { pending, installed, warnings, calls } = embed(JSON.stringify(VALID));
    expect(installed.featuredTaskGroups.map((g) => g.taskGroupId)).toEqual([GROUP_A, GROUP_B]);
    expect(installed.rootUrl).toBe('https://tc.example.com');
    expect(await pending).toBe(installed);
    expect(calls).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('reads `{}` (a host without a file) as no configuration, without a warning', async () => {
    await load(answer(JSON.stringify(VALID)).fetch);
    expect(getDashboardConfig().featuredTaskGroups).toHaveLength(2);
    const { pending, warnings, calls } = embed('{}');
    expect(await pending).toEqual(EMPTY_DASHBOARD_CONFIG);
    expect(calls).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('is ignored with one warning when it is not valid, as a fetched file would be', async () => {
    for (const bad of ['{"featuredTaskGroups": 3}', '{oops']) {
      const { pending, warnings, calls } = embed(bad);
      expect(await pending).toEqual(EMPTY_DASHBOARD_CONFIG);
      expect(calls).toEqual([]);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/^The page's embedded \/dashboard-config\.json ignored: /);
    }
  });

  it('is read only from a JSON data block with the agreed id', () => {
    const page = (element: unknown) =>
      ({ getElementById: (id: string) => (id === 'dashboard-config' ? element : null) }) as never;
    const block = (tagName: string, type: string | null) => ({
      tagName,
      textContent: '{"featuredTaskGroups":[]}',
      getAttribute: (name: string) => (name === 'type' ? type : null),
    });
    expect(embeddedDashboardConfig(page(block('SCRIPT', 'application/json')))).toBe(
      '{"featuredTaskGroups":[]}',
    );
    expect(embeddedDashboardConfig(page(block('SCRIPT', 'module')))).toBeUndefined();
    expect(embeddedDashboardConfig(page(block('DIV', 'application/json')))).toBeUndefined();
    expect(embeddedDashboardConfig(page(null))).toBeUndefined();
    expect(embeddedDashboardConfig(undefined)).toBeUndefined();
  });
});

describe('featuredTaskGroupsFor', () => {
  it('shows the groups only on the configured deployment', async () => {
    await load(answer(JSON.stringify(VALID)).fetch);
    expect(
      featuredTaskGroupsFor('https://tc.example.com', 'https://dash.example.com'),
    ).toHaveLength(2);
    expect(featuredTaskGroupsFor('https://dash.example.com', 'https://dash.example.com')).toEqual(
      [],
    );
  });

  it("shows them on the page's origin when the file names no rootUrl", async () => {
    const { rootUrl: _dropped, ...withoutRoot } = VALID;
    await load(answer(JSON.stringify(withoutRoot)).fetch);
    expect(featuredTaskGroupsFor('http://127.0.0.1:8080/', 'http://127.0.0.1:8080')).toHaveLength(
      2,
    );
    expect(featuredTaskGroupsFor('https://tc.example.com', 'http://127.0.0.1:8080')).toEqual([]);
  });
});
