import { expect, test } from '../fixtures';

// Pins the first screen: the shell renders, navigation is reachable and dark mode toggles.
test('the app shell renders with navigation and a working dark-mode toggle', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }),
  ).toBeVisible();
  const html = page.locator('html');
  const before = await html.getAttribute('data-mantine-color-scheme');
  await page.getByRole('button', { name: /Switch to (dark|light) mode/ }).click();
  await expect(html).not.toHaveAttribute('data-mantine-color-scheme', before ?? '');
});

// A control clicked while the first view loads must not lose its state when the view arrives,
// so the loading shell offers none: the sign-in button appears with the real shell.
test('while the first view loads, the shell has no controls to lose', async ({ page }) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/SettingsPage-[^/]+\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('/settings');
  await expect(page.getByRole('banner')).toContainText('Queue Dashboard');
  await expect(page.getByLabel('Loading')).toBeVisible();
  await expect(page.getByRole('banner').getByRole('button')).toHaveCount(0);
  release();
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('dialog', { name: 'Sign in to Taskcluster' })).toBeVisible();
});

// On a busy host the configuration file may answer after the first screen has started without
// it; the deployment's own sign-in must still appear once it arrives. The local service embeds
// the file in the page; served as built (a static host), the page fetches it.
test("a slow dashboard-config.json still adds the deployment's sign-in", async ({ page }) => {
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace(
        /<script type="application\/json" id="dashboard-config">[^<]*<\/script>/,
        '',
      );
      await route.fulfill({ response, body });
    },
  );
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let asked = false;
  await page.route('**/dashboard-config.json', async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const host = new URL(page.url()).host;
  expect(asked).toBe(true);
  release();
  await page.getByRole('banner').getByRole('button', { name: 'Sign in' }).click();
  await expect(
    page
      .getByRole('dialog', { name: 'Sign in to Taskcluster' })
      .getByRole('button', { name: `Sign in with ${host}` }),
  ).toBeVisible();
});
