import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptionsOrExit } from './e2e/support/chromium';

const PORT = Number(process.env.E2E_PORT ?? 4311);
/** The e2e root token; the specs seed data through the Queue client with it. */
export const E2E_ROOT_TOKEN = 'e2e-root-access-token';

export default defineConfig({
  testDir: './e2e/specs',
  // Generous waits: a journey must pass on a busy machine too (CI shares its cores). A passing
  // test never waits them out; they only bound how long a real failure takes to report.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // `npm test` runs the suite as two shards side by side, each with its own service, report and
  // output folder (scripts/e2e-shards.ts); a plain `playwright test` uses the defaults.
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.E2E_JSON_REPORT ?? 'reports/playwright.json' }],
  ],
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    // Found (or fetched) before any test runs; without a browser this throws its one-line advice.
    launchOptions: await chromiumLaunchOptionsOrExit(),
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    // The local Queue service on a fresh in-memory database serves the built dashboard at `/`.
    command: `node --import tsx scripts/build-if-stale.ts && node --import tsx server/main.ts --db :memory: --no-demo --port ${PORT} --worker --clients e2e/support/clients.json --roles e2e/support/roles.json`,
    env: { TASKCLUSTER_ROOT_ACCESS_TOKEN: E2E_ROOT_TOKEN },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
  },
});
