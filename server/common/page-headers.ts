/**
 * Security headers of every page the local deployment serves (the dashboard, its assets, and
 * any other HTML such as login pages). The same set, for static hosts, is in `public/_headers`
 * and in the README's nginx snippet; `page-headers.test.ts` keeps the three in step.
 *
 * - scripts only from this origin, no inline script and no eval (the app precompiles its
 *   schema validators for this); styles may be inline because Mantine and CodeMirror insert
 *   `<style>` elements;
 * - `connect-src` and `img-src` allow `https:` besides this origin: the dashboard talks to any
 *   deployment, its artifact storage and workers' live logs, which are not known in advance;
 * - no plugins, no `<base>`, never framed (with the old `X-Frame-Options` too);
 * - no MIME sniffing, no referrer (task IDs and signed artifact URLs stay out of other sites'
 *   logs), and powerful features the dashboard never uses switched off.
 */
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https:",
  "connect-src 'self' https:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PERMISSIONS_POLICY =
  'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), midi=()';

export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': PERMISSIONS_POLICY,
};

/**
 * API answers and artifact downloads carry their own, stricter headers (`default-src 'none'`,
 * `sandbox`); everything else served by the deployment is a page or a page's asset.
 */
const NOT_PAGES = /^\/(api|__artifacts|__livelog)(\/|$)/;

/** Sets the page headers on every response outside the API, artifact and live-log routes. */
export function pageSecurityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (NOT_PAGES.test(c.req.path)) return;
    // A new Response rather than `c.res.headers.set`: @hono/node-server answers HEAD requests
    // from the handler's original header list, which would miss headers set afterwards.
    const headers = new Headers(c.res.headers);
    // A page that brings its own, stricter policy keeps it (the login's pages: no script at all,
    // and form-action limited to the registered redirect's origin).
    const own = c.res.headers.get('content-security-policy');
    for (const [name, value] of Object.entries(PAGE_SECURITY_HEADERS)) headers.set(name, value);
    if (own) headers.set('content-security-policy', own);
    c.res = new Response(c.res.body, {
      status: c.res.status,
      statusText: c.res.statusText,
      headers,
    });
  };
}
