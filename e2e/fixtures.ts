import { test as base, expect, type Page } from '@playwright/test';
import type { QueueClient } from '../src/api';
import { rootQueue } from './support/seed';

/**
 * `page` fails its test on any uncaught error or dialog (an injected alert would show as one);
 * `queue` is a Queue client with root credentials for seeding, against the same service.
 */
export const test = base.extend<{ queue: QueueClient }>({
  page: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('dialog', (dialog) => {
      errors.push(`unexpected dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await use(page);
    expect(errors, 'uncaught errors in the page').toEqual([]);
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
  await dialog.getByRole('button', { name: 'Sign in' }).click();
  await expect(
    page.getByRole('button', { name: `Signed in as ${credentials.clientId}` }),
  ).toBeVisible();
}
