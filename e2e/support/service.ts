/**
 * Other local deployments for specs that need other flags than the suite's own service (a
 * private deployment, OAuth clients): the real CLI, on a loopback port, in-memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SpawnedService {
  url: string;
  close(): Promise<void>;
}

/** A port free right now (OAuth redirect URIs must name the port before the service starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Writes a JSON file in a fresh temporary folder; returns its path. */
export function tempJson(name: string, value: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'e2e-')), name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/**
 * Starts `server/main.ts` in-memory (a later `--db FILE` in `args` wins) on `port` (0: any);
 * `onLine` hears each line it prints (its `--log` lines among them).
 */
export async function startService(
  args: string[],
  env: Record<string, string> = {},
  port = 0,
  onLine?: (line: string) => void,
): Promise<SpawnedService> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'server/main.ts',
      '--db',
      ':memory:',
      '--no-demo',
      '--port',
      String(port),
      ...args,
    ],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Never outlive the test process, even when a test is killed before its `finally` runs.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  if (onLine) {
    let rest = '';
    child.stdout!.on('data', (d: Buffer) => {
      const parts = (rest + d.toString()).split('\n');
      rest = parts.pop()!;
      parts.forEach(onLine);
    });
  }
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the service exited with ${code}: ${out}`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killChild);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
