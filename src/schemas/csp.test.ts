import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';

/** The dashboard's policy for scripts: no inline script, no eval. */
const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'";

/**
 * The validators must work where the dashboard runs: in Chromium, under a CSP without
 * `unsafe-eval`. The page's own module script runs them; a last step calls `new Function` to
 * show the policy really forbids eval, so a validator that evals could not pass.
 */
describe('src/schemas under a CSP without unsafe-eval', () => {
  it('validates in Chromium without evaluating code', async () => {
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        lib: { entry: resolve(import.meta.dirname, 'index.ts'), formats: ['es'], fileName: 's' },
      },
    })) as Rollup.RollupOutput[];
    const library = output
      .flatMap((o) => o.output)
      .filter((c): c is Rollup.OutputChunk => c.type === 'chunk')
      .map((c) => c.code)
      .join('\n');
    const app = `
      import * as s from '/schemas.js';
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        violations.push(e.violatedDirective + ' ' + e.blockedURI));
      const now = Date.now();
      const task = {
        taskQueueId: 'p/w', created: new Date(now).toJSON(),
        deadline: new Date(now + 3600e3).toJSON(), payload: {},
        metadata: { name: 'n', description: 'd', owner: 'o', source: 'https://example.com/' },
      };
      const out = {
        task: s.validateCreateTask(task),
        badTask: s.validateCreateTask({ ...task, retries: 99 }),
        actions: s.validateActionsJson({ version: 1, variables: {}, actions: [{ kind: 'hook' }] }),
        runtime: s.validateAgainst(
          { $schema: 'http://json-schema.org/draft-06/schema#', type: 'object',
            properties: { v: { type: 'string', pattern: '^[0-9]+$' } } },
          { v: 'x1' }),
      };
      await new Promise((r) => setTimeout(r, 50));
      out.violationsWhileValidating = [...violations];
      try { new Function('return 1')(); out.evalRan = true; } catch (e) { out.evalRan = false; }
      await new Promise((r) => setTimeout(r, 50));
      out.violationsAfterEval = [...violations];
      window.__results = out;
    `;
    const server = createServer((req, res) => {
      const headers = { 'content-security-policy': CSP };
      if (req.url === '/') {
        res.writeHead(200, { ...headers, 'content-type': 'text/html' });
        return res.end(
          '<!doctype html><title>csp</title><script type="module" src="/app.js"></script>',
        );
      }
      const body = req.url === '/app.js' ? app : req.url === '/schemas.js' ? library : null;
      if (body === null) return res.writeHead(404).end();
      res.writeHead(200, { ...headers, 'content-type': 'text/javascript' });
      res.end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch(await chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(origin);
      // Functions, not strings: Playwright evals a string predicate in the page, which this CSP forbids.
      type Result = { valid: boolean; issues: Array<{ pointer: string }> };
      type Results = {
        task: Result;
        badTask: Result;
        actions: Result;
        runtime: Result;
        evalRan: boolean;
        violationsWhileValidating: string[];
        violationsAfterEval: string[];
      };
      const results = () => (window as unknown as { __results?: Results }).__results;
      await page.waitForFunction(results, null, { timeout: 10_000 });
      const r = (await page.evaluate(results))!;
      expect(errors).toEqual([]);
      expect(r.task).toEqual({ valid: true, issues: [] });
      expect(r.badTask.issues).toEqual([
        { pointer: '/retries', keyword: 'maximum', message: 'must be <= 49' },
      ]);
      expect(r.actions.valid).toBe(false);
      expect(r.actions.issues[0]?.pointer).toBe('/actions/0');
      expect(r.runtime.issues).toEqual([
        expect.objectContaining({ pointer: '/v', keyword: 'pattern' }),
      ]);
      expect(r.violationsWhileValidating).toEqual([]);
      // The control: the same page may not eval, and says so.
      expect(r.evalRan).toBe(false);
      expect(r.violationsAfterEval).toEqual(['script-src eval']);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
