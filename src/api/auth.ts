/**
 * A typed client for the Auth service's subset a dashboard needs (actions-hooks-login §3):
 * scope expansion through roles and the caller's own scopes.
 */
import { bindMethods, createCaller, type CallOptions, type ClientOptions } from './caller';
import type { Credentials } from './hawk';
import type { Entry } from './routes';

export const AUTH_ENTRIES = {
  ping: { method: 'get', route: '/ping' },
  expandScopes: { method: 'post', route: '/scopes/expand', input: true },
  currentScopes: { method: 'get', route: '/scopes/current' },
} as const satisfies Record<string, Entry>;

export type AuthMethodName = keyof typeof AUTH_ENTRIES;

/** A typed Auth client; arguments as in the official `taskcluster-client`. */
export interface AuthClient {
  readonly rootUrl: string;
  readonly credentials?: Credentials;
  readonly clockOffsetMs: number;
  /** `GET /ping`. */
  ping(options?: CallOptions): Promise<{ alive: boolean; uptime: number }>;
  /** `POST /scopes/expand`: everything the `assume:` scopes grant, sorted and normalized. */
  expandScopes(payload: { scopes: string[] }, options?: CallOptions): Promise<{ scopes: string[] }>;
  /** `GET /scopes/current`: the request's own expanded scopes. */
  currentScopes(options?: CallOptions): Promise<{ scopes: string[] }>;
}

/** Creates an Auth client for one deployment. Browser-safe, and usable in Node 20+. */
export function createAuthClient(options: ClientOptions): AuthClient {
  const caller = createCaller<AuthMethodName>('auth', 'Auth service', AUTH_ENTRIES, options);
  return bindMethods(caller, AUTH_ENTRIES) as unknown as AuthClient;
}
