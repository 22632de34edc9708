/** Starts the local deployment (the Queue service) on a loopback port for tests. */
import { createQueueClient, type QueueClient } from '../../src/api';
import type { ClientRecord } from './authenticator';
import { offsetClock } from './clock';
import { createDeployment, type Deployment, type DeploymentOptions } from '../deployment';
import slugid from 'slugid';
import type { TaskDefinitionRequest } from '../../src/api/types';

export const ROOT = { clientId: 'static/taskcluster/root', accessToken: 'test-root-token' };

export interface TestQueue {
  url: string;
  deployment: Deployment;
  clock: ReturnType<typeof offsetClock>;
  root: QueueClient;
  anonymous: QueueClient;
  clientFor(
    credentials: { clientId: string; accessToken: string; certificate?: string },
    authorizedScopes?: string[],
  ): QueueClient;
  close(): Promise<void>;
}

export async function startTestQueue(
  options: Partial<DeploymentOptions> & { extraClients?: ClientRecord[] } = {},
): Promise<TestQueue> {
  const clock = offsetClock();
  const deployment = createDeployment({
    db: ':memory:',
    clients: [{ ...ROOT, scopes: ['*'] }, ...(options.extraClients ?? [])],
    clock,
    resolverIntervalMs: 0,
    expireIntervalMs: 0,
    staticDir: '/nonexistent',
    ...options,
  });
  const { url } = await deployment.listen(0, '127.0.0.1');
  const clientFor: TestQueue['clientFor'] = (credentials, authorizedScopes) =>
    createQueueClient({ rootUrl: url, credentials, authorizedScopes, retries: 0 });
  return {
    url,
    deployment,
    clock,
    root: clientFor(ROOT),
    anonymous: createQueueClient({ rootUrl: url, retries: 0 }),
    clientFor,
    close: () => deployment.close(),
  };
}

/** A minimal valid task definition. */
export function taskDef(
  overrides: Partial<TaskDefinitionRequest> = {},
  now = Date.now(),
): TaskDefinitionRequest {
  return {
    taskQueueId: 'proj-test/ci',
    schedulerId: 'test-scheduler',
    projectId: 'test',
    created: new Date(now).toJSON(),
    deadline: new Date(now + 3600_000).toJSON(),
    expires: new Date(now + 86400_000).toJSON(),
    payload: { command: ['echo', 'hello'] },
    metadata: {
      name: 'test task',
      description: 'a test',
      owner: 'test@example.com',
      source: 'https://example.com/test',
    },
    ...overrides,
  };
}

export const newId = (): string => slugid.nice();

/** The error a promise rejects with; fails when it resolves. */
export async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err as { statusCode: number; code: string; message: string };
  }
  throw new Error('expected a failure');
}
