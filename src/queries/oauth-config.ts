import type { OAuthClientConfig } from '../api/login';
import { getDashboardConfig } from '../config/dashboard-config';

/** The deployment's third-party login client for a root URL, from `/dashboard-config.json`. */
export function oauthClientFor(rootUrl: string): OAuthClientConfig | undefined {
  return getDashboardConfig().oauth[rootUrl];
}
