/** Starts the local Queue service in its own process (benchmark, durability test). */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname } from 'node:path';

export async function spawnQueueService(options: {
  db: string;
  port: number;
  rootAccessToken: string;
  /** Flags for the service's Node (e.g. `--cpu-prof --cpu-prof-dir DIR` to profile it). */
  nodeArgs?: string[];
  /** Fault injection (`--faults SPEC`, see faults.ts), e.g. `latency=300-900` for a slow Queue. */
  faults?: string;
}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      'server/main.ts',
      '--db',
      options.db,
      '--no-demo',
      '--port',
      String(options.port),
      ...(options.faults ? ['--faults', options.faults] : []),
    ],
    {
      env: {
        ...process.env,
        TASKCLUSTER_ROOT_ACCESS_TOKEN: options.rootAccessToken,
        QUEUE_DATA_DIR: dirname(options.db),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening on')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the Queue service exited with ${code}: ${out}`)));
  });
  return child;
}
