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
