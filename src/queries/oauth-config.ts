import type { OAuthClientConfig } from '../api/login';

/**
 * The deployment's third-party login client for a root URL. Temporary: replaced by the runtime
 * configuration's `oauth` map once that loader is on main.
 */
export function oauthClientFor(_rootUrl: string): OAuthClientConfig | undefined {
  return undefined;
}
