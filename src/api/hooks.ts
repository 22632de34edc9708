/**
 * A typed client for the Hooks service's subset that in-tree actions need (actions-hooks-login
 * §2), on the same machinery as the Queue client. A `/` in a hookId is sent as `%2F`.
 */
import { bindMethods, createCaller, type CallOptions, type ClientOptions } from './caller';
import type { Credentials } from './hawk';
import type { Entry } from './routes';

const PAGE = ['continuationToken', 'limit'] as const;
const HOOK = '/hooks/<hookGroupId>/<hookId>';

export const HOOKS_ENTRIES = {
  ping: { method: 'get', route: '/ping' },
  listHookGroups: { method: 'get', route: '/hooks' },
  listHooks: { method: 'get', route: '/hooks/<hookGroupId>' },
  hook: { method: 'get', route: HOOK },
  getHookStatus: { method: 'get', route: `${HOOK}/status` },
  createHook: { method: 'put', route: HOOK, input: true },
  updateHook: { method: 'post', route: HOOK, input: true },
  removeHook: { method: 'delete', route: HOOK },
  triggerHook: { method: 'post', route: `${HOOK}/trigger`, input: true, once: true },
  listLastFires: { method: 'get', route: `${HOOK}/last-fires`, query: PAGE },
} as const satisfies Record<string, Entry>;

export type HooksMethodName = keyof typeof HOOKS_ENTRIES;

/** The body of createHook and updateHook. */
export interface HookCreationRequest {
  metadata: { name: string; description: string; owner: string; emailOnError?: boolean };
  /** A JSON-e template of a task definition. */
  task: Record<string, unknown>;
  schedule?: string[];
  bindings?: { exchange: string; routingKeyPattern: string }[];
  triggerSchema?: Record<string, unknown>;
  hookGroupId?: string;
  hookId?: string;
}

export interface HookDefinition extends Required<Omit<HookCreationRequest, 'metadata'>> {
  metadata: Required<HookCreationRequest['metadata']>;
}

/** triggerHook's answer: `{}` when the hook's template declined to create a task. */
export interface TriggerHookResponse {
  taskId?: string;
  status?: { taskId: string };
}

export type LastFireResult =
  | { result: 'no-fire' }
  | { result: 'success'; taskId: string; time: string }
  | { result: 'error'; error: Record<string, unknown>; time: string };

export interface LastFire {
  hookGroupId: string;
  hookId: string;
  firedBy: string;
  taskId: string;
  taskCreateTime: string;
  result: 'success' | 'error';
  error: string;
  taskState: string;
}

type Ids = [hookGroupId: string, hookId: string];

/** A typed Hooks client; arguments as in the official `taskcluster-client`. */
export interface HooksClient {
  readonly rootUrl: string;
  readonly credentials?: Credentials;
  readonly clockOffsetMs: number;
  /** `GET /ping`. */
  ping(options?: CallOptions): Promise<{ alive: boolean; uptime: number }>;
  /** `GET /hooks`: the hook groups. */
  listHookGroups(options?: CallOptions): Promise<{ groups: string[] }>;
  /** `GET /hooks/<hookGroupId>`: a group's hooks (404 for an empty group). */
  listHooks(hookGroupId: string, options?: CallOptions): Promise<{ hooks: HookDefinition[] }>;
  /** `GET /hooks/<hookGroupId>/<hookId>`: one hook. */
  hook(...args: [...Ids, options?: CallOptions]): Promise<HookDefinition>;
  /** `GET …/status` (deprecated): the last fire. */
  getHookStatus(
    ...args: [...Ids, options?: CallOptions]
  ): Promise<{ lastFire: LastFireResult; nextScheduledDate?: string }>;
  /** `PUT /hooks/<hookGroupId>/<hookId>`: create a hook (needs `assume:hook-id:<g>/<h>`). */
  createHook(
    ...args: [...Ids, payload: HookCreationRequest, options?: CallOptions]
  ): Promise<HookCreationRequest>;
  /** `POST /hooks/<hookGroupId>/<hookId>`: replace a hook's definition. */
  updateHook(
    ...args: [...Ids, payload: HookCreationRequest, options?: CallOptions]
  ): Promise<HookDefinition>;
  /** `DELETE /hooks/<hookGroupId>/<hookId>`: remove a hook (200 even when there was none). */
  removeHook(...args: [...Ids, options?: CallOptions]): Promise<Record<string, never>>;
  /** `POST …/trigger`: fire the hook with a payload its triggerSchema accepts. */
  triggerHook(
    ...args: [...Ids, payload: Record<string, unknown>, options?: CallOptions]
  ): Promise<TriggerHookResponse>;
  /** `GET …/last-fires`: newest first (404 when it never fired). */
  listLastFires(
    ...args: [...Ids, options?: CallOptions & { continuationToken?: string; limit?: number }]
  ): Promise<{ lastFires: LastFire[]; continuationToken?: string }>;
}

/** Creates a Hooks client for one deployment. Browser-safe, and usable in Node 20+. */
export function createHooksClient(options: ClientOptions): HooksClient {
  const caller = createCaller<HooksMethodName>('hooks', 'Hooks service', HOOKS_ENTRIES, options);
  return bindMethods(caller, HOOKS_ENTRIES) as unknown as HooksClient;
}
