import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium, where installed; Playwright's own browser otherwise. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Launch options for headless Chromium. The background-networking flags keep Chromium from
 * reaching for Google's hosts, which fail slowly on machines without internet.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    ...(existsSync(SYSTEM_CHROMIUM) ? { executablePath: SYSTEM_CHROMIUM } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
