import type { OAuthClientConfig } from '../../api/login';
import { beginSignIn } from '../../queries/oauth-session';

/**
 * Signs in again in a popup: this tab, and whatever is typed in it, stays as it is. The result
 * comes back over the BroadcastChannel (see useOAuthPopupResults). False when the popup was
 * blocked.
 */
export function signInInPopup(
  rootUrl: string,
  client: OAuthClientConfig,
  remember: boolean,
): boolean {
  const { url } = beginSignIn({ rootUrl, client, mode: 'popup', returnTo: '/', remember });
  const popup = window.open(url, 'taskcluster-sign-in', 'popup,width=560,height=720');
  return !!popup;
}

/** Signs in by sending this tab to the deployment; it comes back to where it was. */
export function signInByRedirect(
  rootUrl: string,
  client: OAuthClientConfig,
  remember: boolean,
): void {
  const here = window.location;
  const { url } = beginSignIn({
    rootUrl,
    client,
    mode: 'redirect',
    returnTo: `${here.pathname}${here.search}${here.hash}`,
    remember,
  });
  window.location.assign(url);
}
