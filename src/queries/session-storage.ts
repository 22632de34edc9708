/**
 * Where the dashboard keeps its root URL and credentials. Credentials belong to one rootUrl:
 * they are stored with it and never handed to another deployment.
 */
import { createQueueClient, type Credentials, type QueueClient } from '../api';
import { getDashboardConfig } from '../config/dashboard-config';
import { normalizeRootUrl } from '../config/root-url';

const ROOT_URL_KEY = 'queue-dashboard:root-url';
const ROOT_URL_SESSION_KEY = 'queue-dashboard:root-url-override';
const CREDENTIALS_KEY = 'queue-dashboard:credentials';

export interface StoredCredentials extends Credentials {
  rootUrl: string;
  /** Kept in localStorage ("remember on this device") rather than sessionStorage. */
  remember: boolean;
  /** Expiry (ms) of a client that ends (third-party login); temporary credentials carry theirs in the certificate. */
  expires?: number;
  /** How a third-party login obtained them. */
  oauth?: { clientId: string; obtained: number };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    // Storage can be disabled (privacy modes); the dashboard still works without it.
    return fallback;
  }
}

/**
 * The deployment used when neither `?rootUrl=` nor Settings chose one: the runtime
 * configuration's rootUrl, then the build-time variable, then this page's origin.
 */
export function defaultRootUrl(): string {
  const configured = getDashboardConfig().rootUrl;
  if (configured) return configured;
  const built = import.meta.env.VITE_QUEUE_ROOT_URL as string | undefined;
  return (built && normalizeRootUrl(built)) || window.location.origin;
}

/** `?rootUrl=` (this tab), then Settings (this browser), then the default (above). */
export function loadRootUrl(): string {
  const fromSession = safe(() => sessionStorage.getItem(ROOT_URL_SESSION_KEY), null);
  const fromSettings = safe(() => localStorage.getItem(ROOT_URL_KEY), null);
  return normalizeRootUrl(fromSession ?? fromSettings ?? '') ?? defaultRootUrl();
}

/** Takes `?rootUrl=` from the address bar (and removes it, so it is not shared by accident). */
export function consumeRootUrlParam(): void {
  const url = new URL(window.location.href);
  const param = url.searchParams.get('rootUrl');
  if (param === null) return;
  const normalized = normalizeRootUrl(param);
  if (normalized) safe(() => sessionStorage.setItem(ROOT_URL_SESSION_KEY, normalized), undefined);
  url.searchParams.delete('rootUrl');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

export function saveRootUrl(rootUrl: string | undefined): void {
  safe(() => {
    sessionStorage.removeItem(ROOT_URL_SESSION_KEY);
    if (rootUrl) localStorage.setItem(ROOT_URL_KEY, rootUrl);
    else localStorage.removeItem(ROOT_URL_KEY);
  }, undefined);
}

function parse(text: string | null): StoredCredentials | undefined {
  if (!text) return undefined;
  try {
    const value = JSON.parse(text) as Partial<StoredCredentials>;
    if (
      typeof value.clientId !== 'string' ||
      typeof value.accessToken !== 'string' ||
      typeof value.rootUrl !== 'string' ||
      (value.expires !== undefined && typeof value.expires !== 'number')
    )
      return undefined;
    return value as StoredCredentials;
  } catch {
    return undefined;
  }
}

/** Credentials stored for exactly this rootUrl, if any. */
export function loadCredentials(rootUrl: string): StoredCredentials | undefined {
  const stored =
    parse(safe(() => sessionStorage.getItem(CREDENTIALS_KEY), null)) ??
    parse(safe(() => localStorage.getItem(CREDENTIALS_KEY), null));
  return stored && stored.rootUrl === rootUrl ? stored : undefined;
}

export function saveCredentials(credentials: StoredCredentials | undefined): void {
  safe(() => {
    sessionStorage.removeItem(CREDENTIALS_KEY);
    localStorage.removeItem(CREDENTIALS_KEY);
    if (!credentials) return;
    (credentials.remember ? localStorage : sessionStorage).setItem(
      CREDENTIALS_KEY,
      JSON.stringify(credentials),
    );
  }, undefined);
}

/** Expiry (ms) of temporary credentials, from their certificate; undefined for permanent ones. */
export function certificateExpiry(certificate: Credentials['certificate']): number | undefined {
  if (!certificate) return undefined;
  try {
    const cert =
      typeof certificate === 'string'
        ? (JSON.parse(certificate) as { expiry?: unknown })
        : certificate;
    return typeof cert.expiry === 'number' ? cert.expiry : undefined;
  } catch {
    return undefined;
  }
}

/** When stored credentials stop working (ms), if they do. */
export function credentialsExpiry(stored: StoredCredentials | undefined): number | undefined {
  if (!stored) return undefined;
  return certificateExpiry(stored.certificate) ?? stored.expires;
}

/**
 * The Queue client of the stored session, for code that runs before React (route loaders).
 * The same choices as QueueSessionProvider: root URL, then that root URL's own credentials.
 */
export function storedSessionClient(): QueueClient {
  consumeRootUrlParam();
  const rootUrl = loadRootUrl();
  const stored = loadCredentials(rootUrl);
  const expiry = credentialsExpiry(stored);
  const live = stored && (expiry === undefined || expiry > Date.now()) ? stored : undefined;
  return createQueueClient({
    rootUrl,
    credentials: live
      ? { clientId: live.clientId, accessToken: live.accessToken, certificate: live.certificate }
      : undefined,
    retries: 2,
  });
}
