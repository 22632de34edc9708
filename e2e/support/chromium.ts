/**
 * Finds the Chromium that every test, benchmark and screenshot launches, in this order:
 * 1. `CHROMIUM_PATH` when set (a set path that does not exist is an error);
 * 2. Debian's `/usr/bin/chromium`;
 * 3. Playwright's own browser, verified by a real launch (Playwright launches
 *    `chromium-headless-shell`, so a file's existence proves nothing);
 * 4. `playwright install chromium`, then Playwright's browser again.
 * Otherwise it fails with one line naming what it looked for and the commands that fix it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type LaunchOptions } from '@playwright/test';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Set by a successful lookup so that child processes (Playwright's workers and web server, the
 * test runner's later steps) reuse its answer instead of launching a browser again.
 */
const FOUND_ENV = 'QUEUE_DASHBOARD_CHROMIUM';
const PLAYWRIGHT_OWN = 'playwright';

/**
 * The background-networking flags keep Chromium from reaching for Google's hosts, which fail
 * slowly on machines without internet.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface FoundChromium {
  /** Undefined for Playwright's own browser, which Playwright locates itself. */
  executablePath?: string;
  source: 'CHROMIUM_PATH' | 'system' | 'playwright' | 'installed';
}

/** What the lookup touches in the world; tests inject their own. */
export interface ChromiumProbes {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  /** Launches Playwright's own Chromium and closes it; rejects when it cannot start. */
  launchPlaywrightChromium(): Promise<void>;
  /** Runs `playwright install chromium`; resolves with its outcome (and why it failed). */
  install(): Promise<{ ok: boolean; detail?: string }>;
  log(line: string): void;
}

export class ChromiumNotFoundError extends Error {
  override name = 'ChromiumNotFoundError';
}

const FIX =
  'Fix: sudo apt-get install chromium, or npx playwright install chromium, or set CHROMIUM_PATH.';

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Playwright's errors are boxed, multi-line banners: keep the gist.
  const line = text
    .split('\n')
    .map((l) => l.replace(/[║╔╗╚╝═]/g, '').trim())
    .find((l) => l.length > 0);
  return (line ?? 'unknown error').slice(0, 160);
}

/** Looks for Chromium in the documented order; see the module comment. */
export async function findChromium(probes: ChromiumProbes): Promise<FoundChromium> {
  const { env } = probes;
  const configured = env.CHROMIUM_PATH;
  if (configured !== undefined && configured !== '') {
    if (probes.exists(configured)) return { executablePath: configured, source: 'CHROMIUM_PATH' };
    throw new ChromiumNotFoundError(
      `CHROMIUM_PATH is set to ${configured}, which does not exist. Point it at a Chromium executable or unset it. ${FIX}`,
    );
  }
  if (probes.exists(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: 'system' };
  if (env[FOUND_ENV] === PLAYWRIGHT_OWN) return { source: 'playwright' };

  let launchError: unknown;
  try {
    await probes.launchPlaywrightChromium();
    return { source: 'playwright' };
  } catch (error) {
    launchError = error;
  }
  probes.log(
    `No Chromium at ${SYSTEM_CHROMIUM} and Playwright's own did not launch; running: npx playwright install chromium`,
  );
  const installed = await probes.install();
  let outcome = `failed: ${firstLine(installed.detail ?? 'no output')}`;
  if (installed.ok) {
    try {
      await probes.launchPlaywrightChromium();
      return { source: 'installed' };
    } catch (error) {
      outcome = `succeeded, but the browser did not launch: ${firstLine(error)}`;
    }
  }
  throw new ChromiumNotFoundError(
    `No Chromium for the tests: CHROMIUM_PATH is not set, ${SYSTEM_CHROMIUM} does not exist, ` +
      `Playwright's browser did not launch (${firstLine(launchError)}), and ` +
      `"npx playwright install chromium" ${outcome}. ${FIX}`,
  );
}

/** The real world: this process's environment, the file system, Playwright and npx. */
export const realChromiumProbes: ChromiumProbes = {
  env: process.env,
  exists: existsSync,
  async launchPlaywrightChromium() {
    const browser = await chromium.launch({ args: CHROMIUM_ARGS, timeout: 60_000 });
    await browser.close();
  },
  install: () =>
    new Promise((resolve) => {
      // Its output is kept for the one-line verdict; a failed download prints a long trace.
      const child = spawn('npx', ['playwright', 'install', 'chromium'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-20_000));
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.on('error', (error) => resolve({ ok: false, detail: error.message }));
      child.on('exit', (code) => {
        const reason = output.split('\n').find((l) => /^(Error|Failed)/.test(l.trim()));
        resolve({ ok: code === 0, detail: reason ?? `exit code ${code}` });
      });
    }),
  log: (line) => console.error(line),
};

let found: Promise<FoundChromium> | undefined;

/** The lookup with the real probes, once per process; later child processes inherit its answer. */
export function locateChromium(): Promise<FoundChromium> {
  found ??= findChromium(realChromiumProbes).then((result) => {
    if (result.executablePath) process.env.CHROMIUM_PATH = result.executablePath;
    else process.env[FOUND_ENV] = PLAYWRIGHT_OWN;
    return result;
  });
  return found;
}

/** Launch options for headless Chromium: the browser the lookup found, and quiet flags. */
export async function chromiumLaunchOptions(): Promise<LaunchOptions> {
  const { executablePath } = await locateChromium();
  return { ...(executablePath ? { executablePath } : {}), args: [...CHROMIUM_ARGS] };
}

/** For the Playwright config and scripts: the launch options, or the one-line advice and exit 1. */
export async function chromiumLaunchOptionsOrExit(): Promise<LaunchOptions> {
  try {
    return await chromiumLaunchOptions();
  } catch (error) {
    if (!(error instanceof ChromiumNotFoundError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
