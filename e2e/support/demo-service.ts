/**
 * The local service as `npm start` runs it, with demo data and the demo worker, but in its own
 * temporary data folder and on a free port, so that it disturbs nothing else.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DemoLink {
  url: string;
  taskGroupId: string;
  words: string;
}

export interface DemoService {
  url: string;
  accessToken: string;
  /** The demo links of the start message, in order. */
  links: DemoLink[];
  output: string;
  stop(): Promise<void>;
}

export const DEMO_ACCESS_TOKEN = 'e2e-demo-root-access-token';

/** Parses the demo links the start message prints under the credentials. */
export function demoLinks(output: string): DemoLink[] {
  return [...output.matchAll(/^ +(http\S+\/tasks\/groups\/([\w-]{22})) +(\S.*)$/gm)].map((m) => ({
    url: m[1]!,
    taskGroupId: m[2]!,
    words: m[3]!.trim(),
  }));
}

export async function startDemoService(): Promise<DemoService> {
  const dir = mkdtempSync(join(tmpdir(), 'queue-demo-e2e-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/main.ts', '--port', '0', '--db', join(dir, 'queue.sqlite')],
    {
      env: {
        ...process.env,
        QUEUE_DATA_DIR: dir,
        TASKCLUSTER_ROOT_ACCESS_TOKEN: DEMO_ACCESS_TOKEN,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no start message in 90 s:\n${output}`)),
        90_000,
      );
      const take = (chunk: Buffer) => {
        output += chunk.toString();
        // The start message ends with how to stop the service.
        if (/Ctrl\+C/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the demo service exited with ${code}:\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  if (!url) {
    await stop();
    throw new Error(`no URL in the start message:\n${output}`);
  }
  return { url, accessToken: DEMO_ACCESS_TOKEN, links: demoLinks(output), output, stop };
}
