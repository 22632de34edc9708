/**
 * What a service of the local deployment is. Each service folder (`queue/`, later `hooks/`,
 * `auth/`) exports a factory `create<Name>Service(ctx, options?)` returning a `Service`; the
 * deployment mounts its API at `/api/<name>/v1`.
 */
import type { Hono } from 'hono';
import type { Authenticator } from './authenticator';
import type { Clock } from './clock';
import type { DB } from './db';

/** What the deployment shares with every service. */
export interface ServiceContext {
  /** The deployment's one SQLite database; each service creates its own tables in it. */
  db: DB;
  clock: Clock;
  /** Hawk, bewits, certificates and role expansion, shared so that scopes mean one thing. */
  auth: Authenticator;
  /** Request-log sink (`--log`); never given credentials. */
  log?: (line: string) => void;
}

export interface Service {
  /** `queue` → the API is served under `/api/queue/v1`. */
  name: string;
  /** The API (see `createApiRouter`), mounted at `/api/<name>/v1`; none for the login, which is no REST service. */
  api?: Hono;
  /** Routes outside the API prefix (signed artifact URLs, live logs), mounted at `/`. */
  root?: Hono;
  /** Stops background work. The deployment closes the database afterwards. */
  stop?(): void | Promise<void>;
}
