/**
 * A second local deployment for specs that need other flags than the suite's own service
 * (a private deployment, OAuth clients): the real CLI, on a free loopback port, in-memory.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnedService {
  url: string;
  close(): Promise<void>;
}

export async function startService(
  args: string[],
  env: Record<string, string> = {},
): Promise<SpawnedService> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--db', ':memory:', '--no-demo', '--port', '0', ...args],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
