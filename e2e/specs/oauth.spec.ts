// Pins third-party login against the local login service, both flows: "Sign in with <host>",
// the deployment's consent page, /auth/callback with a checked state, the code or token gone
// from the URL and the history, one /credentials call per token, refusals that never call back,
// and the renewal before expiry in a popup that leaves the page as it was.
import type { Page } from '@playwright/test';
import { createQueueClient } from '../../src/api';
import { definition, newId } from '../support/seed';
import { freePort, startService, tempJson, type SpawnedService } from '../support/service';
import { expect, test } from '../fixtures';

const ROOT = { clientId: 'static/taskcluster/root', accessToken: 'oauth-e2e-root-token' };

interface Client {
  clientId: string;
  responseType: 'code' | 'token';
  maxExpires?: string;
  whitelisted?: boolean;
}

/** A deployment whose login registers `client` for the dashboard it serves. */
async function deploymentWith(client: Client): Promise<SpawnedService> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const file = tempJson('oauth-clients.json', [
    {
      scope: ['queue:*'],
      maxExpires: '1 day',
      whitelisted: false,
      ...client,
      redirectUri: [`${url}/auth/callback`],
    },
  ]);
  return startService(
    ['--oauth-clients', file],
    { TASKCLUSTER_ROOT_ACCESS_TOKEN: ROOT.accessToken },
    port,
  );
}

/** Follows "Sign in with <host>" through the consent page, as the root client. */
async function signInThroughDeployment(page: Page, service: SpawnedService) {
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  const host = new URL(service.url).host;
  await page
    .getByRole('dialog', { name: 'Sign in to Taskcluster' })
    .getByRole('button', { name: `Sign in with ${host}` })
    .click();
  await expect(page.getByRole('heading', { name: `Sign in to ${host}` })).toBeVisible();
  expect(page.url()).toContain('/login/oauth/authorize?');
  await page.getByLabel('Client ID').fill(ROOT.clientId);
  await page.getByLabel('Access token').fill(ROOT.accessToken);
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(
    page.getByRole('button', { name: /^Signed in as local-login\/static\/taskcluster\/root\// }),
  ).toBeVisible();
}

/** Every URL of this tab's history, walking back and forth again. */
async function historyUrls(page: Page): Promise<string[]> {
  const urls = [page.url()];
  // Playwright's tab starts at about:blank: walk back to the first page of the dashboard's origin.
  const length = await page.evaluate(() => history.length);
  let back = 0;
  while (back < length - 1 && (await page.goBack()) !== null) {
    if (page.url() === 'about:blank') break;
    urls.push(page.url());
    back++;
  }
  return urls;
}

for (const responseType of ['code', 'token'] as const) {
  test(`${responseType} flow: sign in through the deployment and come back to the same page`, async ({
    page,
  }) => {
    const service = await deploymentWith({ clientId: `dash-${responseType}`, responseType });
    try {
      const root = createQueueClient({ rootUrl: service.url, credentials: ROOT });
      const taskId = newId();
      await root.createTask(taskId, definition({ name: 'oauth target' }));
      const credentialsCalls: number[] = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname === '/login/oauth/credentials')
          credentialsCalls.push(r.status());
      });

      await page.goto(`${service.url}/tasks/${taskId}?keep=1#frag`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('oauth target');
      await signInThroughDeployment(page, service);
      // Back where the sign-in started, with credentials that act: Cancel is enabled.
      const back = new URL(page.url());
      expect(back.pathname + back.search + back.hash).toBe(`/tasks/${taskId}?keep=1#frag`);
      await expect(page.getByRole('button', { name: 'Cancel task' })).toBeEnabled();
      expect(credentialsCalls).toEqual([200]);

      // Kept for this tab only, like manual credentials; the access token is never stored.
      const stored = await page.evaluate(
        () => sessionStorage.getItem('queue-dashboard:credentials') ?? '',
      );
      expect(JSON.parse(stored)).toMatchObject({
        rootUrl: service.url,
        remember: false,
        oauth: { clientId: `dash-${responseType}` },
      });
      expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(
        'accessToken',
      );

      // Signing out says the deployment's client lives on until it expires.
      await page.getByRole('button', { name: /^Signed in as / }).click();
      await expect(page.getByTestId('sign-out-note')).toContainText('stays valid until it expires');
      await expect(page.getByTestId('sign-out-note')).toContainText('cannot revoke it');
      await page.getByRole('menuitem', { name: 'Sign out' }).click();
      await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();
      expect(
        await page.evaluate(() => sessionStorage.getItem('queue-dashboard:credentials')),
      ).toBeNull();

      // Nothing of the redirect is left in the address bar or anywhere in the history.
      const urls = await historyUrls(page);
      for (const url of urls) expect(url).not.toMatch(/[?&#](code|access_token)=/);
      expect(urls.some((u) => u.includes('/login/oauth/authorize'))).toBe(true);
    } finally {
      await service.close();
    }
  });
}

test('a callback whose state was not issued here is refused without calling the deployment', async ({
  page,
}) => {
  const service = await deploymentWith({ clientId: 'dash-state', responseType: 'code' });
  try {
    const calls: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/login/oauth/')) calls.push(r.url());
    });
    // A sign-in is under way in this tab (its state is recorded) ...
    await page.goto(`${service.url}/`);
    await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /^Sign in with / }).click();
    await expect(page.getByRole('button', { name: 'Allow' })).toBeVisible();
    // ... but the callback carries another state (a forged or replayed redirect).
    await page.goto(`${service.url}/auth/callback?code=forged-code&state=not-the-state`);
    await expect(page.getByRole('alert')).toContainText('does not match');
    expect(page.url()).toBe(`${service.url}/auth/callback`);
    expect(calls.filter((u) => /\/login\/oauth\/(token|credentials)/.test(u))).toEqual([]);
    await expect(page.getByRole('banner').getByRole('button', { name: 'Sign in' })).toBeVisible();

    // The deployment's refusals come back readable.
    await page.goto(`${service.url}/`);
    await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: /^Sign in with / }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await expect(page.getByRole('alert')).toContainText('The sign-in was declined');
  } finally {
    await service.close();
  }
});

test('an unregistered redirect URI is never called back', async ({ page }) => {
  const service = await deploymentWith({ clientId: 'dash-redirect', responseType: 'code' });
  try {
    const evil = 'http://127.0.0.1:9/steal';
    const visited: string[] = [];
    page.on('request', (r) => visited.push(r.url()));
    const query = new URLSearchParams({
      client_id: 'dash-redirect',
      redirect_uri: evil,
      response_type: 'code',
      scope: 'queue:*',
      state: 's',
    });
    const res = await page.goto(`${service.url}/login/oauth/authorize?${query}`);
    expect(res?.status()).toBe(400);
    await expect(page.getByRole('alert')).toContainText('is not registered for dash-redirect');
    expect(visited.filter((u) => u.startsWith(evil))).toEqual([]);
    expect(page.url()).toContain('/login/oauth/authorize');
  } finally {
    await service.close();
  }
});

test('before expiry a popup renews the sign-in; the page and what was typed stay', async ({
  page,
}) => {
  const service = await deploymentWith({
    clientId: 'dash-renew',
    responseType: 'code',
    maxExpires: '10 minutes',
    whitelisted: true,
  });
  try {
    const root = createQueueClient({ rootUrl: service.url, credentials: ROOT });
    const group = newId();
    await root.createTask(newId(), definition({ name: 'renew me', taskGroupId: group }));
    await page.clock.install();
    await page.goto(`${service.url}/tasks/groups/${group}`);
    await signInThroughDeployment(page, service);
    const first = await page
      .getByRole('button', { name: /^Signed in as / })
      .getAttribute('aria-label');
    await page.getByLabel('Filter tasks by name').fill('typed but not submitted');

    // Credentials of 10 minutes (minus 30 s): the offer comes with 10 % of the lifetime left.
    await page.clock.fastForward('08:00');
    await expect(page.getByTestId('session-notice')).toHaveCount(0);
    await page.clock.fastForward('00:40');
    const notice = page.getByTestId('session-notice');
    await expect(notice).toContainText('Your sign-in ends soon');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      notice.getByRole('button', { name: 'Sign in again' }).click(),
    ]);
    const popupErrors: string[] = [];
    popup.on('pageerror', (e) => popupErrors.push(e.message));
    popup.on(
      'console',
      (m) => /Content Security Policy/i.test(m.text()) && popupErrors.push(m.text()),
    );
    // Whitelisted, with a live session at the deployment: no prompt; the popup closes itself.
    await expect.poll(() => popup.isClosed(), { timeout: 20_000 }).toBe(true);
    await expect(page.getByText('Signed in again')).toBeVisible();
    const second = await page
      .getByRole('button', { name: /^Signed in as / })
      .getAttribute('aria-label');
    expect(second).not.toBe(first);
    await expect(page.getByLabel('Filter tasks by name')).toHaveValue('typed but not submitted');
    expect(new URL(page.url()).pathname).toBe(`/tasks/groups/${group}`);
    await expect(page.getByTestId('session-notice')).toHaveCount(0);
    expect(popupErrors).toEqual([]);
  } finally {
    await service.close();
  }
});

test('at expiry, actions are disabled with the reason', async ({ page }) => {
  const service = await deploymentWith({
    clientId: 'dash-expire',
    responseType: 'code',
    maxExpires: '10 minutes',
  });
  try {
    const root = createQueueClient({ rootUrl: service.url, credentials: ROOT });
    const taskId = newId();
    await root.createTask(taskId, definition({ name: 'expiring' }));
    await page.clock.install();
    await page.goto(`${service.url}/tasks/${taskId}`);
    await signInThroughDeployment(page, service);
    await expect(page.getByRole('button', { name: 'Cancel task' })).toBeEnabled();
    await page.clock.fastForward('09:40');
    await expect(page.getByRole('button', { name: 'Cancel task' })).toBeDisabled();
    await expect(
      page
        .getByText(/The credentials of local-login\/.* expired: sign in again to act on tasks\./)
        .first(),
    ).toBeAttached();
    await expect(page.getByTestId('session-notice')).toContainText('Your sign-in expired');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('expiring');
  } finally {
    await service.close();
  }
});
