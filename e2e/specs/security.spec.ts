// The page's security headers as a browser meets them, and the fixture that fails every journey
// on a Content-Security-Policy violation.
import { test as plain } from '@playwright/test';
import { expect, test, watchPage } from '../fixtures';

test('every page carries the security headers', async ({ request }) => {
  for (const path of ['/', '/tasks/ZtErGuitR2yAcL-lJG6_2A', '/provisioners', '/settings']) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    const headers = res.headers();
    expect(headers['content-security-policy'], path).toContain("script-src 'self';");
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy'], path).not.toContain('unsafe-eval');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['x-frame-options'], path).toBe('DENY');
    expect(headers['referrer-policy'], path).toBe('no-referrer');
    expect(headers['permissions-policy'], path).toContain('camera=()');
  }
});

plain('the fixture reports inline scripts and eval that the policy blocks', async ({ page }) => {
  const errors: string[] = [];
  await watchPage(page, errors);
  await page.goto('/');
  await expect(page.getByRole('banner')).toBeVisible();
  await page.addScriptTag({ content: 'window.__inlineRan = true;' }).catch(() => undefined);
  // A string timer compiles code in the page itself (DevTools' own evaluate is exempt from CSP).
  await page.evaluate(() => {
    (setTimeout as (code: string, ms: number) => number)('window.__evalRan = true', 0);
  });
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => '__evalRan' in window)).toBe(false);
  expect(await page.evaluate(() => 'inlineRan' in window)).toBe(false);
  await expect
    .poll(() => errors.filter((e) => e.startsWith('CSP violation')).length)
    .toBeGreaterThanOrEqual(2);
  expect(errors.join('\n')).toMatch(/script-src-elem blocked inline/);
  expect(errors.join('\n')).toMatch(/script-src blocked eval/);
});

plain('no other page can frame the dashboard', async ({ page, baseURL }) => {
  await page.setContent(`<iframe src="${baseURL}/settings" width="600" height="400"></iframe>`);
  const frame = page.frameLocator('iframe');
  await page.waitForTimeout(1000);
  // Blocked by frame-ancestors: the frame never shows the app's banner.
  await expect(frame.getByRole('banner')).toHaveCount(0);
});
