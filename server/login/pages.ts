/**
 * The login's own pages: sign-in and consent, and the error page for requests it will not
 * send back. Server-rendered, every value escaped (hono/html), no script at all: the form posts.
 */
import { html } from 'hono/html';

export const LOGIN_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { margin: 0; padding: 32px 16px; background: Canvas; color: CanvasText; }
main { max-width: 520px; margin: 0 auto; }
h1 { font-size: 1.4rem; margin: 0 0 12px; }
p { line-height: 1.5; margin: 8px 0; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; overflow-wrap: anywhere; }
ul.scopes { padding-left: 1.2em; }
label { display: block; margin: 12px 0 4px; font-weight: 600; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 8px; font: inherit; }
.error { border: 1px solid #c92a2a; color: #c92a2a; padding: 8px 12px; border-radius: 4px; }
.actions { display: flex; gap: 12px; margin-top: 20px; }
button { font: inherit; padding: 8px 18px; border-radius: 4px; border: 1px solid #888; cursor: pointer; }
button.primary { background: #1c7ed6; color: white; border-color: #1c7ed6; }
.muted { opacity: 0.75; font-size: 0.9em; }
`;

/** Headers of the login's pages: nothing but this origin's stylesheet; forms post here and redirect to `formTarget`. */
export function pageHeaders(formTarget?: string): Record<string, string> {
  const formAction = ["'self'", formTarget].filter(Boolean).join(' ');
  return {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': `default-src 'none'; style-src 'self'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

function layout(title: string, body: unknown) {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <link rel="stylesheet" href="/login/oauth/login.css" />
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`;
}

export interface ConsentPage {
  host: string;
  transactionId: string;
  oauthClientId: string;
  redirectOrigin: string;
  scope: string[];
  expires: Date;
  /** The signed-in Taskcluster client, if a session exists. */
  user?: string;
  error?: string;
}

export function consentPage(p: ConsentPage) {
  const credentials = html` <label for="clientId">Client ID</label>
    <input id="clientId" name="clientId" type="text" autocomplete="username" spellcheck="false" />
    <label for="accessToken">Access token</label>
    <input id="accessToken" name="accessToken" type="password" autocomplete="current-password" />`;
  return layout(
    `Sign in to ${p.host}`,
    html`<h1>Sign in to ${p.host}</h1>
      ${p.error ? html`<p class="error" role="alert">${p.error}</p>` : ''}
      <p>
        <strong>${p.oauthClientId}</strong> asks for Taskcluster credentials. It will act for you
        with these scopes, limited to the ones you hold:
      </p>
      <ul class="scopes">
        ${p.scope.map((s) => html`<li><code>${s}</code></li>`)}
      </ul>
      <p>
        The credentials expire ${p.expires.toUTCString()}. You will be sent back to
        <code>${p.redirectOrigin}</code>.
      </p>
      <form method="post" action="/login/oauth/authorize/decision">
        <input type="hidden" name="transaction_id" value="${p.transactionId}" />
        ${
          p.user
            ? html`<p>Signed in as <code>${p.user}</code>.</p>
                <details>
                  <summary>Use another client</summary>
                  ${credentials}
                </details>`
            : html`<p class="muted">
                  Sign in with a client of this deployment: the root client, or one given with
                  <code>--clients</code>.
                </p>
                ${credentials}`
        }
        <div class="actions">
          <button class="primary" type="submit" name="decision" value="allow">Allow</button>
          <button type="submit" name="decision" value="deny">Deny</button>
        </div>
      </form>`,
  );
}

export function errorPage(host: string, title: string, detail: string) {
  return layout(
    title,
    html`<h1>${title}</h1>
      <p class="error" role="alert">${detail}</p>
      <p class="muted">Nothing was sent back to the application. (${host})</p>`,
  );
}
