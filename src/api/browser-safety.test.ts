import Hawk from 'hawk';
import { chromium } from '@playwright/test';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Rollup } from 'vite';
import { describe, expect, it } from 'vitest';
import { chromiumLaunchOptions } from '../../e2e/support/chromium';

/**
 * The client must load in a browser without Node polyfills. Vite only warns when a dependency
 * reaches for a Node built-in (it swaps in `__vite-browser-external`), so this test fails on it.
 */
describe('browser safety of src/api', () => {
  it('bundles without Node built-ins, stays small, and makes a signed call from Chromium', async () => {
    const warnings: string[] = [];
    const output = (await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        lib: {
          entry: resolve(import.meta.dirname, 'index.ts'),
          formats: ['es'],
          fileName: 'client',
        },
        rollupOptions: { onwarn: (w) => void warnings.push(String(w.message)) },
      },
    })) as Rollup.RollupOutput[];
    const code = output
      .flatMap((o) => o.output)
      .filter((c): c is Rollup.OutputChunk => c.type === 'chunk')
      .map((c) => c.code)
      .join('\n');
    expect(code).not.toContain('__vite-browser-external');
    expect(code).not.toMatch(/["'`]node:/);
    expect(warnings.filter((w) => /externalized for browser|node:/.test(w))).toEqual([]);
    const gzipped = gzipSync(code).length;
    console.log(`src/api browser bundle: ${code.length} bytes, ${gzipped} bytes gzipped`);
    expect(gzipped).toBeLessThan(8 * 1024);

    let verifiedId = '';
    const server = createServer((req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<!doctype html><title>client</title>');
      }
      if (req.url === '/client.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(code);
      }
      const u = new URL(`http://${req.headers.host}`);
      Hawk.server
        .authenticate(
          {
            method: req.method,
            url: req.url,
            host: u.hostname,
            port: Number(u.port),
            authorization: req.headers.authorization,
          } as unknown as IncomingMessage,
          (id: string) => ({ key: 'browser-secret', algorithm: 'sha256', user: id }),
        )
        .then(({ artifacts }) => {
          verifiedId = artifacts.id ?? '';
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ status: { state: 'completed' } }));
        })
        .catch((err: Error) => {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ code: 'AuthenticationFailed', message: err.message }));
        });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await chromium.launch(await chromiumLaunchOptions());
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(origin);
      // A string, so that Vitest's transform leaves the dynamic import alone.
      const state = (await page.evaluate(`(async () => {
        const { createQueueClient } = await import('${origin}/client.js');
        const queue = createQueueClient({ rootUrl: '${origin}', credentials: { clientId: 'in-browser', accessToken: 'browser-secret' } });
        const { status } = await queue.status('ZtErGuitR2yAcL-lJG6_2A');
        return status.state;
      })()`)) as string;
      expect(state).toBe('completed');
      expect(verifiedId).toBe('in-browser');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
