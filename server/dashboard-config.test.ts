import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoLinks } from '../e2e/support/demo-service';
import { parseDashboardConfig } from '../src/config/dashboard-config';
import { startTestQueue } from './common/testing';
import { featuredConfigJson, readDashboardConfigFile } from './dashboard-config';
import { demoLinkLines } from './demo/featured';

const dir = mkdtempSync(join(tmpdir(), 'dashboard-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GROUPS = [
  { taskGroupId: 'fKmnpbhNQ7OrFLfHVpLk1A', title: 'CI push: 296 tasks, some failing' },
  { taskGroupId: 'Y3CalMXOT9-y5FU4m8c8lg', title: 'live: the demo worker is running these' },
];

function file(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('--dashboard-config FILE', () => {
  it('serves a valid file as written, unknown keys included', () => {
    const text = JSON.stringify({ featuredTaskGroups: GROUPS, laterKey: { x: 1 } });
    expect(readDashboardConfigFile(file('ok.json', text))).toBe(text);
  });

  it('refuses a missing, malformed or invalid file, naming it and what is wrong', () => {
    expect(() => readDashboardConfigFile(join(dir, 'none.json'))).toThrow(
      /--dashboard-config .*none\.json: ENOENT/,
    );
    expect(() => readDashboardConfigFile(file('bad.json', '{"featuredTaskGroups": ['))).toThrow(
      /bad\.json: not valid JSON/,
    );
    expect(() =>
      readDashboardConfigFile(
        file('shape.json', JSON.stringify({ featuredTaskGroups: [{ taskGroupId: 'x' }] })),
      ),
    ).toThrow(/shape\.json: featuredTaskGroups\[0\]\.taskGroupId must be a task group ID/);
  });
});

describe('the demo in the configuration and the start message', () => {
  it('features the demo groups in order, as a file the dashboard accepts', () => {
    const parsed = parseDashboardConfig(JSON.parse(featuredConfigJson(GROUPS)));
    expect(parsed).toEqual({ ok: true, config: { featuredTaskGroups: GROUPS, oauth: {} } });
  });

  it('prints one link per group with its words, in a form the e2e test reads back', () => {
    const lines = demoLinkLines('http://127.0.0.1:8080', GROUPS);
    expect(lines[0]).toBe(
      '    http://127.0.0.1:8080/tasks/groups/fKmnpbhNQ7OrFLfHVpLk1A  CI push: 296 tasks, some failing',
    );
    expect(demoLinks(lines.join('\n'))).toEqual(
      GROUPS.map((g) => ({
        url: `http://127.0.0.1:8080/tasks/groups/${g.taskGroupId}`,
        taskGroupId: g.taskGroupId,
        words: g.title,
      })),
    );
  });
});

describe('GET /dashboard-config.json', () => {
  const staticDir = join(dir, 'dist');
  const own = JSON.stringify({ featuredTaskGroups: [GROUPS[1]] });

  it("serves the deployment's configuration ahead of a file in the build, without caching", async () => {
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(staticDir, 'dashboard-config.json'), own);
    let config: string | undefined = featuredConfigJson(GROUPS);
    const q = await startTestQueue({ staticDir, dashboardConfig: () => config });
    try {
      let res = await fetch(`${q.url}/dashboard-config.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toBe(featuredConfigJson(GROUPS));
      // Without one of its own, a file that the operator put beside the build is served.
      config = undefined;
      res = await fetch(`${q.url}/dashboard-config.json`);
      expect(await res.text()).toBe(own);
    } finally {
      await q.close();
    }
  });

  it('is embedded in every page of the dashboard, as data that cannot end its block', async () => {
    mkdirSync(staticDir, { recursive: true });
    writeFileSync(
      join(staticDir, 'index.html'),
      '<!doctype html><html><head><title>d</title></head><body><div id="root"></div></body></html>',
    );
    rmSync(join(staticDir, 'dashboard-config.json'), { force: true });
    const hostile = JSON.stringify({
      featuredTaskGroups: [
        { taskGroupId: GROUPS[0]!.taskGroupId, title: '</script><script>alert(1)</script>' },
      ],
    });
    let config: string | undefined = hostile;
    const q = await startTestQueue({ staticDir, dashboardConfig: () => config });
    const block = (html: string) =>
      /<script type="application\/json" id="dashboard-config">([^<]*)<\/script>\s*<\/head>/.exec(
        html,
      )?.[1];
    try {
      for (const path of [
        '/',
        '/index.html',
        '/tasks/groups/abc',
        '/tasks/x/runs/0/logs/a/b.log',
      ]) {
        const res = await fetch(`${q.url}${path}`);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(res.headers.get('cache-control')).toBe('no-cache');
        const text = block(await res.text());
        expect(text, path).toBeDefined();
        expect(JSON.parse(text!)).toEqual(JSON.parse(hostile));
      }
      // The file beside the build when the deployment has none; `{}` when there is none at all.
      config = undefined;
      expect(block(await (await fetch(`${q.url}/`)).text())).toBe('{}');
      writeFileSync(join(staticDir, 'dashboard-config.json'), own);
      expect(block(await (await fetch(`${q.url}/tasks`)).text())).toBe(own);
    } finally {
      await q.close();
    }
  });

  it('is absent (the dashboard then goes without) when nobody configured one', async () => {
    const q = await startTestQueue();
    try {
      const res = await fetch(`${q.url}/dashboard-config.json`);
      expect(res.status).toBe(404);
    } finally {
      await q.close();
    }
  });
});
