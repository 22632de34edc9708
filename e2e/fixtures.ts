import { test as base, expect, type Page } from '@playwright/test';
import type { QueueClient } from '../src/api';
import { rootQueue } from './support/seed';

/**
 * Records, in `errors`, every uncaught error, dialog (an injected alert would show as one) and
 * Content-Security-Policy violation of `page`: each journey thereby proves the policy fits the app.
 */
export async function watchPage(page: Page, errors: string[]): Promise<void> {
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('dialog', (dialog) => {
    errors.push(`unexpected dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  // Chromium also reports violations in workers (the group loader) on the console.
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) errors.push(`CSP: ${message.text()}`);
  });
  await page.exposeFunction('__e2eCspViolation', (violation: string) =>
    errors.push(`CSP violation: ${violation}`),
  );
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __e2eCspViolation: (v: string) => void })
        .__e2eCspViolation;
      report(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
}

/**
 * `page` fails its test on any uncaught error, dialog or CSP violation (see `watchPage`);
 * `queue` is a Queue client with root credentials for seeding, against the same service.
 */
export const test = base.extend<{ queue: QueueClient }>({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    await watchPage(page, errors);
    await use(page);
    expect(errors, 'uncaught errors, dialogs or CSP violations in the page').toEqual([]);
  },
  queue: async ({ baseURL }, use) => {
    await use(rootQueue(baseURL!));
  },
});

export { expect };

/** Signs in through the header's form. */
export async function signIn(page: Page, credentials: { clientId: string; accessToken: string }) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in to Taskcluster' });
  await dialog.getByLabel('Client ID').fill(credentials.clientId);
  await dialog.getByLabel('Access token').fill(credentials.accessToken);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(
    page.getByRole('button', { name: `Signed in as ${credentials.clientId}` }),
  ).toBeVisible();
}
