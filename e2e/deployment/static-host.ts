/**
 * Hosts the built dashboard (`dist/`) as a real static host would, on its own origin: the
 * security headers of `public/_headers`, with the deployment's origin added to `connect-src`
 * and `img-src` when it is plain http (the shipped policy allows any https origin), and
 * `index.html` for every dashboard route (nginx: `try_files $uri /index.html`).
 *
 * `node --import tsx e2e/deployment/static-host.ts --port 24211 --root-url http://127.0.0.1:24210`
 */
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4173' },
    host: { type: 'string', default: '127.0.0.1' },
    'root-url': { type: 'string' },
    dir: { type: 'string', default: 'dist' },
  },
});
const dir = resolve(values.dir);
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`${dir}/index.html is missing: run npm run build first.`);
  process.exit(1);
}

/** The `/*` block of public/_headers, as name → value. */
function headersFile(): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of readFileSync(resolve('public/_headers'), 'utf8').split('\n')) {
    const m = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (m) headers[m[1]!.toLowerCase()] = m[2]!.trim();
  }
  return headers;
}

const headers = headersFile();
const rootUrl = values['root-url'];
if (rootUrl && new URL(rootUrl).protocol === 'http:') {
  const origin = new URL(rootUrl).origin;
  headers['content-security-policy'] = headers['content-security-policy']!.split(';')
    .map((d) => d.trim())
    .map((d) => (/^(connect-src|img-src) /.test(d) ? `${d} ${origin}` : d))
    .join('; ');
}

const app = new Hono();
app.use('*', async (c, next) => {
  await next();
  const h = new Headers(c.res.headers);
  for (const [name, value] of Object.entries(headers)) h.set(name, value);
  c.res = new Response(c.res.body, { status: c.res.status, headers: h });
});
app.use('/*', serveStatic({ root: values.dir }));
app.get('*', (c) => c.html(readFileSync(join(dir, 'index.html'), 'utf8')));

serve({ fetch: app.fetch, port: Number(values.port), hostname: values.host }, (info) => {
  console.log(`Dashboard hosted at http://${values.host}:${info.port}/ (from ${dir})`);
});
