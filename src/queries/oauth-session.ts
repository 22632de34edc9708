/**
 * Third-party sign-in attempts: a random `state` per attempt, kept until the redirect comes
 * back (at most 10 minutes) and used once; the completion (code exchange, then one call to
 * `/login/oauth/credentials`); and the BroadcastChannel that carries a popup's result back to
 * the tab that opened it, since `window.opener` may be cut by the deployment's pages.
 */
import {
  authorizeUrl,
  describeLoginError,
  exchangeCode,
  fetchCredentials,
  LoginError,
  type CallbackResult,
  type OAuthClientConfig,
  type OAuthCredentials,
} from '../api/login';

const ATTEMPT_KEY = 'queue-dashboard:oauth-attempt:';
const ATTEMPT_TTL_MS = 10 * 60_000;
export const OAUTH_CHANNEL = 'queue-dashboard:oauth';

export interface SignInAttempt {
  state: string;
  rootUrl: string;
  client: OAuthClientConfig;
  /** `redirect`: this tab goes to the deployment and back. `popup`: a window does, this tab waits. */
  mode: 'redirect' | 'popup';
  /** Where a redirect sign-in returns to (path, query and fragment of this dashboard). */
  returnTo: string;
  remember: boolean;
  created: number;
}

/** What a popup's callback tells the tab that opened it. */
export type OAuthMessage =
  | {
      type: 'signed-in';
      state: string;
      rootUrl: string;
      credentials: OAuthCredentials;
      oauthClientId: string;
      obtained: number;
    }
  | { type: 'failed'; state: string; code: string; message: string };

/** 256 random bits, base64url. */
export function newState(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

function purgeStale(now: number) {
  try {
    for (let i = localStorage.length - 1; i >= 0; i--) {
      const key = localStorage.key(i);
      if (!key?.startsWith(ATTEMPT_KEY)) continue;
      const created = (JSON.parse(localStorage.getItem(key) ?? '{}') as { created?: number })
        .created;
      if (typeof created !== 'number' || now - created > ATTEMPT_TTL_MS)
        localStorage.removeItem(key);
    }
  } catch {
    // Storage unavailable: nothing to purge.
  }
}

/** This tab's popup attempts, so that only their results are taken from the channel. */
const popupStates = new Set<string>();

/**
 * Records an attempt and returns the deployment's authorize URL for it. Attempts live in
 * localStorage because a popup does not share this tab's sessionStorage.
 */
export function beginSignIn(
  options: Omit<SignInAttempt, 'state' | 'created'>,
  now = Date.now(),
): { state: string; url: string } {
  purgeStale(now);
  const state = newState();
  const attempt: SignInAttempt = { ...options, state, created: now };
  localStorage.setItem(ATTEMPT_KEY + state, JSON.stringify(attempt));
  if (options.mode === 'popup') popupStates.add(state);
  return { state, url: authorizeUrl(options.rootUrl, options.client, state) };
}

/** The attempt `state` names, removed so it can be used only once; undefined if unknown or stale. */
export function takeAttempt(
  state: string | undefined,
  now = Date.now(),
): SignInAttempt | undefined {
  if (!state) return undefined;
  let attempt: SignInAttempt | undefined;
  try {
    const text = localStorage.getItem(ATTEMPT_KEY + state);
    localStorage.removeItem(ATTEMPT_KEY + state);
    attempt = text ? (JSON.parse(text) as SignInAttempt) : undefined;
  } catch {
    return undefined;
  }
  if (!attempt || attempt.state !== state || now - attempt.created > ATTEMPT_TTL_MS)
    return undefined;
  return attempt;
}

/** True when a popup result on the channel belongs to an attempt of this tab. */
export function isOwnPopupAttempt(state: string): boolean {
  return popupStates.delete(state);
}

export interface Completed {
  attempt: SignInAttempt;
  credentials: OAuthCredentials;
  obtained: number;
}

/** A completion's failure, with the attempt when one matched (a popup must still report it). */
export class SignInFailure extends LoginError {
  constructor(
    error: LoginError,
    readonly attempt?: SignInAttempt,
  ) {
    super(error.code, error.message);
  }
}

const completions = new Map<string, Promise<Completed>>();

/**
 * Finishes a sign-in from what the redirect carried: checks `state`, exchanges a code, then
 * calls `/login/oauth/credentials` exactly once (a second call would fail on the deployment).
 * Repeated calls for the same redirect (React's development double effects) share one result.
 */
export function completeSignIn(
  result: CallbackResult,
  fetchImpl?: typeof fetch,
): Promise<Completed> {
  const key =
    result.kind === 'code'
      ? `c:${result.code}`
      : result.kind === 'token'
        ? `t:${result.accessToken}`
        : undefined;
  if (key) {
    const running = completions.get(key);
    if (running) return running;
  }
  const run = (async (): Promise<Completed> => {
    if (result.kind === 'none')
      throw new SignInFailure(
        new LoginError(
          'invalid_request',
          'This page finishes a sign-in through the deployment, but it was not opened by one.',
        ),
      );
    const attempt = takeAttempt(result.state);
    if (!attempt)
      throw new SignInFailure(new LoginError('invalid_state', describeLoginError('invalid_state')));
    try {
      if (result.kind === 'error')
        throw new LoginError(result.error, describeLoginError(result.error, result.description));
      if (result.kind !== attempt.client.responseType)
        throw new LoginError('invalid_state', describeLoginError('invalid_state'));
      const accessToken =
        result.kind === 'token'
          ? result.accessToken
          : await exchangeCode(
              attempt.rootUrl,
              {
                code: result.code,
                redirectUri: attempt.client.redirectUri,
                clientId: attempt.client.clientId,
              },
              fetchImpl,
            );
      const credentials = await fetchCredentials(attempt.rootUrl, accessToken, fetchImpl);
      return { attempt, credentials, obtained: Date.now() };
    } catch (err) {
      const error =
        err instanceof LoginError
          ? err
          : new LoginError('server_error', describeLoginError('server_error'));
      throw new SignInFailure(error, attempt);
    }
  })();
  if (key) completions.set(key, run);
  return run;
}

/**
 * When to offer a renewal: 5 minutes before expiry, or with 10 % of the lifetime left when
 * that is shorter.
 */
export function renewalTime(obtained: number, expires: number): number {
  const lead = Math.min(5 * 60_000, (expires - obtained) / 10);
  return expires - lead;
}

export function openChannel(): BroadcastChannel | undefined {
  return typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(OAUTH_CHANNEL);
}
