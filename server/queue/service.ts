/**
 * The Queue service of the local deployment: its API, the artifact storage and live logs it
 * hands out URLs for, and its background resolvers.
 */
import { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import type { Service, ServiceContext } from '../common/service';
import { createQueueApi } from './api';
import { createArtifactUrls } from './artifact-urls';
import { artifactStorageRoutes } from './artifact-storage';
import { LiveLogs, liveLogRoutes } from './live-logs';
import { startExpirySweep, startResolvers } from './resolvers';
import type { ExpiryCounts } from './store/expiry';
import { QueueStore } from './store/queue-store';

export interface QueueOptions {
  /** Claim lifetime in seconds (1200 in production Taskcluster). */
  claimTimeoutSec?: number;
  /** How often the claim and deadline resolvers run, in ms (0: never; tests drive them). */
  resolverIntervalMs?: number;
  /** Secret for signed artifact URLs (default: random per process). */
  urlSecret?: string;
  /**
   * How often expired tasks and groups are swept, in ms (default hourly; the real Queue runs its
   * expiry jobs daily; 0: never, only `expire()`).
   */
  expireIntervalMs?: number;
}

export interface QueueService extends Service {
  store: QueueStore;
  liveLogs: LiveLogs;
  /** Runs both background resolvers once. */
  resolve(): void;
  /** Sweeps expired tasks and groups once. */
  expire(): ExpiryCounts;
}

export function createQueueService(ctx: ServiceContext, options: QueueOptions = {}): QueueService {
  const { db, clock, auth, log } = ctx;
  const store = new QueueStore({ db, clock, claimTimeoutSec: options.claimTimeoutSec });
  const urlSecret = options.urlSecret ?? randomBytes(32).toString('base64url');
  const artifactUrls = createArtifactUrls(urlSecret, () => clock.now());
  const liveLogs = new LiveLogs();

  const api = createQueueApi({ store, auth, artifactUrls, log });
  const root = new Hono();
  artifactStorageRoutes(root, { store, artifactUrls });
  liveLogRoutes(root, liveLogs);
  const resolvers = startResolvers(store, options.resolverIntervalMs);
  const expiry = startExpirySweep(store, options.expireIntervalMs);

  return {
    name: 'queue',
    api,
    root,
    store,
    liveLogs,
    resolve: resolvers.resolveOnce,
    expire: expiry.sweepOnce,
    stop: () => {
      resolvers.stop();
      expiry.stop();
    },
  };
}
