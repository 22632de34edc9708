import { describe, expect, it } from 'vitest';
import {
  ChromiumNotFoundError,
  findChromium,
  SYSTEM_CHROMIUM,
  type ChromiumProbes,
} from './chromium';

/** Probes over a pretend machine that record what the lookup tried, in order. */
function machine(world: {
  env?: Record<string, string>;
  files?: string[];
  launches?: boolean[];
  install?: { ok: boolean; detail?: string };
}) {
  const tried: string[] = [];
  const launches = [...(world.launches ?? [])];
  const probes: ChromiumProbes = {
    env: world.env ?? {},
    exists: (path) => {
      tried.push(`exists ${path}`);
      return (world.files ?? []).includes(path);
    },
    launchPlaywrightChromium: async () => {
      tried.push('launch');
      if (!launches.shift())
        throw new Error(
          '╔════╗\n║ Looks like Playwright was just installed or updated. ║\n║ Please run npx playwright install ║',
        );
    },
    install: async () => {
      tried.push('install');
      return world.install ?? { ok: false, detail: 'Failed to install browsers' };
    },
    log: (line) => tried.push(`log ${line}`),
  };
  return { probes, tried };
}

describe('findChromium', () => {
  it('uses CHROMIUM_PATH first, without looking further', async () => {
    const { probes, tried } = machine({
      env: { CHROMIUM_PATH: '/opt/chrome/chrome' },
      files: ['/opt/chrome/chrome', SYSTEM_CHROMIUM],
    });
    expect(await findChromium(probes)).toEqual({
      executablePath: '/opt/chrome/chrome',
      source: 'CHROMIUM_PATH',
    });
    expect(tried).toEqual(['exists /opt/chrome/chrome']);
  });

  it('fails on a CHROMIUM_PATH that does not exist, even when another browser would do', async () => {
    const { probes, tried } = machine({
      env: { CHROMIUM_PATH: '/nope/chromium' },
      files: [SYSTEM_CHROMIUM],
      launches: [true],
    });
    const error = await findChromium(probes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    expect((error as Error).message).toContain('CHROMIUM_PATH is set to /nope/chromium');
    expect(tried).toEqual(['exists /nope/chromium']);
  });

  it("takes Debian's /usr/bin/chromium next (an empty CHROMIUM_PATH counts as unset)", async () => {
    const { probes, tried } = machine({ env: { CHROMIUM_PATH: '' }, files: [SYSTEM_CHROMIUM] });
    expect(await findChromium(probes)).toEqual({
      executablePath: SYSTEM_CHROMIUM,
      source: 'system',
    });
    expect(tried).toEqual([`exists ${SYSTEM_CHROMIUM}`]);
  });

  it("then Playwright's own browser, proven by a real launch", async () => {
    const { probes, tried } = machine({ launches: [true] });
    expect(await findChromium(probes)).toEqual({ source: 'playwright' });
    expect(tried).toEqual([`exists ${SYSTEM_CHROMIUM}`, 'launch']);
  });

  it("reuses an earlier process's verified answer instead of launching again", async () => {
    const { probes, tried } = machine({ env: { QUEUE_DASHBOARD_CHROMIUM: 'playwright' } });
    expect(await findChromium(probes)).toEqual({ source: 'playwright' });
    expect(tried).toEqual([`exists ${SYSTEM_CHROMIUM}`]);
  });

  it("then installs Playwright's browser and launches it", async () => {
    const { probes, tried } = machine({ launches: [false, true], install: { ok: true } });
    expect(await findChromium(probes)).toEqual({ source: 'installed' });
    expect(tried.filter((t) => !t.startsWith('log'))).toEqual([
      `exists ${SYSTEM_CHROMIUM}`,
      'launch',
      'install',
      'launch',
    ]);
    expect(
      tried.some((t) => t.startsWith('log') && t.includes('npx playwright install chromium')),
    ).toBe(true);
  });

  it('otherwise stops with one line: what it looked for and the commands that fix it', async () => {
    const { probes, tried } = machine({
      launches: [false],
      install: { ok: false, detail: 'Failed to install browsers' },
    });
    const error = (await findChromium(probes).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    const message = error.message;
    expect(message).not.toContain('\n');
    for (const part of [
      'CHROMIUM_PATH is not set',
      `${SYSTEM_CHROMIUM} does not exist`,
      "Playwright's browser did not launch (Looks like Playwright was just installed or updated.)",
      '"npx playwright install chromium" failed: Failed to install browsers',
      'sudo apt-get install chromium',
      'npx playwright install chromium',
    ])
      expect(message).toContain(part);
    expect(tried.filter((t) => t === 'install')).toHaveLength(1);
    expect(tried.filter((t) => t === 'launch')).toHaveLength(1);
  });

  it('says so when the install succeeded but the browser still does not launch', async () => {
    const { probes } = machine({ launches: [false, false], install: { ok: true } });
    const error = (await findChromium(probes).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('"npx playwright install chromium" succeeded, but the browser');
    expect(error.message).not.toContain('\n');
  });
});
