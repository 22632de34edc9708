import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_SECURITY_HEADERS } from './page-headers';
import { startTestQueue, type TestQueue } from './testing';

const dist = mkdtempSync(join(tmpdir(), 'page-headers-'));
let q: TestQueue;

beforeAll(async () => {
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>dashboard</title>');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  q = await startTestQueue({ staticDir: dist });
});
afterAll(async () => {
  await q.close();
  rmSync(dist, { recursive: true, force: true });
});

const pageHeaders = (res: Response) =>
  Object.fromEntries(Object.keys(PAGE_SECURITY_HEADERS).map((h) => [h, res.headers.get(h)]));

describe('page security headers', () => {
  it('are on the dashboard, every deep route and its files, for GET and HEAD', async () => {
    for (const path of ['/', '/tasks/abc', '/tasks/groups/x/y?z=1', '/favicon.svg', '/nope']) {
      for (const method of ['GET', 'HEAD']) {
        const res = await fetch(`${q.url}${path}`, { method });
        expect(pageHeaders(res), `${method} ${path}`).toEqual(PAGE_SECURITY_HEADERS);
      }
    }
  });

  it('come with a 404 for a missing asset, never the app cached as one', async () => {
    const res = await fetch(`${q.url}/assets/gone-1234.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBeNull();
    expect(pageHeaders(res)).toEqual(PAGE_SECURITY_HEADERS);
  });

  it('forbid inline scripts, eval, plugins, <base> and framing', () => {
    const csp = PAGE_SECURITY_HEADERS['content-security-policy']!;
    const directives = new Map(
      csp.split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values];
      }),
    );
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|unsafe-hashes|strict-dynamic/);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'", 'https:']);
    expect(PAGE_SECURITY_HEADERS['x-frame-options']).toBe('DENY');
  });

  it('leave the API and artifact answers their own, stricter policy', async () => {
    const res = await fetch(`${q.url}/api/queue/v1/ping`);
    expect(res.headers.get('content-security-policy')).toBe(
      "report-uri /__cspreport__;default-src 'none';frame-ancestors 'none';",
    );
    expect(res.headers.get('referrer-policy')).toBeNull();
  });

  it('are the ones documented for static hosts (public/_headers and the README nginx snippet)', () => {
    const root = join(import.meta.dirname, '../..');
    const netlify = readFileSync(join(root, 'public/_headers'), 'utf8');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) {
      const canonical = name.replace(
        /(^|-)([a-z])/g,
        (_, d: string, l: string) => d + l.toUpperCase(),
      );
      expect(netlify, `_headers: ${name}`).toContain(`  ${canonical}: ${value}\n`);
      expect(readme, `README nginx: ${name}`).toContain(
        `add_header ${canonical} "${value}" always;`,
      );
    }
  });
});
