/**
 * `npm run test:e2e:deployment`: the browse and action journeys against a real deployment.
 *
 * - `E2E_ROOT_URL`: the deployment (e.g. https://tc.example.com), required;
 * - `E2E_CLIENT_ID`, `E2E_ACCESS_TOKEN`: a client with the scopes the README lists, required;
 * - `E2E_DASHBOARD_URL`: a dashboard already hosted somewhere; otherwise `dist/` is built and
 *   hosted on its own origin, port `E2E_DASHBOARD_PORT` (default 4173), as a static host would.
 */
import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptionsOrExit } from '../support/chromium';

const missing = ['E2E_ROOT_URL', 'E2E_CLIENT_ID', 'E2E_ACCESS_TOKEN'].filter(
  (k) => !process.env[k],
);
if (missing.length) {
  throw new Error(
    `test:e2e:deployment needs ${missing.join(', ')}: the deployment's root URL and a client with the scopes listed in the README ("Use it with your Taskcluster").`,
  );
}
const rootUrl = process.env.E2E_ROOT_URL!.replace(/\/+$/, '');
const port = Number(process.env.E2E_DASHBOARD_PORT ?? 4173);
const dashboard = process.env.E2E_DASHBOARD_URL?.replace(/\/+$/, '') ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // A real deployment is slower than the local service: claims long-poll, workers are remote.
  timeout: 180_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../../reports/playwright-deployment.json' }]],
  use: {
    baseURL: dashboard,
    browserName: 'chromium',
    launchOptions: await chromiumLaunchOptionsOrExit(),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: process.env.E2E_DASHBOARD_URL
    ? undefined
    : {
        command: `npx vite build --logLevel warn && node --import tsx e2e/deployment/static-host.ts --port ${port} --root-url ${rootUrl}`,
        cwd: '../..',
        url: `${dashboard}/`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: 'pipe',
      },
});
