/**
 * Takes the redirect's code or token out of the address bar before anything else runs: the
 * callback URL is replaced in the current history entry, so neither `location` nor the history
 * keeps it. Imported first by `main.tsx`, ahead of the router.
 */
import { parseCallback, type CallbackResult } from '../api/login-callback';

/** Where the deployment sends the browser back. Not under `/login/oauth/`, which deployments own. */
export const CALLBACK_PATH = '/auth/callback';

let captured: CallbackResult = { kind: 'none' };

export function captureOAuthCallback(
  location: Pick<Location, 'pathname' | 'search' | 'hash'> = window.location,
  history: Pick<History, 'replaceState'> = window.history,
): void {
  if (location.pathname !== CALLBACK_PATH) return;
  captured = parseCallback(location.search, location.hash);
  if (location.search || location.hash) history.replaceState(null, '', CALLBACK_PATH);
}

/** What the redirect carried (`none` when this page was not opened by a redirect). */
export function capturedCallback(): CallbackResult {
  return captured;
}

// On import: main.tsx imports this module first, so this runs before the router module is even
// evaluated and before any other code could read or copy the URL.
if (typeof window !== 'undefined' && window.location) captureOAuthCallback();
