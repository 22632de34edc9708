/**
 * What this visitor may read, learnt from the deployment's answers.
 *
 * - **Fallbacks.** For a datum with a richer and a plainer call (counts, worker types,
 *   statuses), {@link withFallback} tries the richer one first and falls back on a 403 or a
 *   404. A 403 (this identity lacks the scope) and a missing route (an older deployment) are
 *   remembered for the session, so later polls go straight to the plainer call.
 * - **Private deployments.** A 403 to an anonymous caller on a read that the documented public
 *   `anonymous` role allows means the deployment gives visitors nothing: every view then says
 *   that it requires sign-in.
 *
 * State is per identity (root URL and clientId): signing in or out starts afresh.
 */
import { isQueueError, type MethodName, type QueueClient } from '../api';

/** Who is asking: the deployment and the signed-in clientId (empty when anonymous). */
export type Caller = Pick<QueueClient, 'rootUrl' | 'credentials'>;

const identity = (c: Caller) => `${c.rootUrl}\n${c.credentials?.clientId ?? ''}`;

/**
 * Queue methods whose scopes the documented public `anonymous` role grants (Taskcluster's
 * manual, "Public Deployments"). A 403 on one of these, while anonymous, means a private
 * deployment.
 */
export const PUBLIC_ROLE_READS: ReadonlySet<MethodName> = new Set<MethodName>([
  'task',
  'status',
  'tasks',
  'statuses',
  'listTaskGroup',
  'getTaskGroup',
  'listDependentTasks',
  'listArtifacts',
  'listLatestArtifacts',
  'artifactInfo',
  'latestArtifactInfo',
  'pendingTasks',
  'listProvisioners',
  'getProvisioner',
  'listWorkerTypes',
  'getWorkerType',
  'listWorkers',
  'getWorker',
]);

/** Why a richer call is skipped: the identity lacks its scope, or the deployment lacks it. */
export type Refusal = 'forbidden' | 'missing';

/** A failure that makes the plainer call worth trying; undefined for anything else. */
export function refusalOf(error: unknown): Refusal | undefined {
  if (!isQueueError(error)) return undefined;
  if (error.status === 403) return 'forbidden';
  if (error.status === 404) return 'missing';
  return undefined;
}

type Listener = () => void;

/** The session's memory of refused calls and private deployments. */
export class AccessMemory {
  private refused = new Map<string, Map<MethodName, Refusal>>();
  private privateRoots = new Set<string>();
  private listeners = new Set<Listener>();
  private version = 0;

  /** Why `method` is skipped for this caller, if it is. */
  refusal(caller: Caller, method: MethodName): Refusal | undefined {
    return this.refused.get(identity(caller))?.get(method);
  }

  remember(caller: Caller, method: MethodName, refusal: Refusal): void {
    const key = identity(caller);
    let map = this.refused.get(key);
    if (!map) this.refused.set(key, (map = new Map()));
    if (map.get(method) === refusal) return;
    map.set(method, refusal);
    this.emit();
  }

  /** Learns from a failed call: a 403 to an anonymous caller on a public read marks the deployment private. */
  observe(caller: Caller, error: unknown): void {
    if (
      isQueueError(error) &&
      error.status === 403 &&
      !caller.credentials &&
      PUBLIC_ROLE_READS.has(error.method as MethodName) &&
      !this.privateRoots.has(caller.rootUrl)
    ) {
      this.privateRoots.add(caller.rootUrl);
      this.emit();
    }
  }

  /** True once the deployment refused an anonymous read that public deployments allow. */
  isPrivate(rootUrl: string): boolean {
    return this.privateRoots.has(rootUrl);
  }

  /** Forgets everything about one deployment (e.g. its root URL was re-entered). */
  forget(rootUrl: string): void {
    this.privateRoots.delete(rootUrl);
    for (const key of [...this.refused.keys()])
      if (key.startsWith(`${rootUrl}\n`)) this.refused.delete(key);
    this.emit();
  }

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes whenever anything is learnt (for useSyncExternalStore). */
  getVersion = (): number => this.version;

  private emit() {
    this.version++;
    for (const l of this.listeners) l();
  }
}

/** The dashboard's one memory, for the life of the page. */
export const accessMemory = new AccessMemory();

/**
 * Runs `rich`, or `plain` when `rich` is known to be refused or refuses now (403 or 404).
 * `plain` learns why: it can then say what signing in would add. Other errors propagate.
 */
export async function withFallback<T>(
  caller: Caller,
  method: MethodName,
  rich: () => Promise<T>,
  plain: (why: Refusal) => Promise<T>,
  memory: AccessMemory = accessMemory,
): Promise<T> {
  const known = memory.refusal(caller, method);
  if (known) return plain(known);
  try {
    return await rich();
  } catch (err) {
    const why = refusalOf(err);
    if (!why) throw err;
    // A 404 naming a real resource (ResourceNotFound) is about the arguments, not the route.
    if (why === 'forbidden' || (isQueueError(err) && err.code !== 'ResourceNotFound'))
      memory.remember(caller, method, why);
    return plain(why);
  }
}
