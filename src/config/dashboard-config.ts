/**
 * The runtime configuration, `/dashboard-config.json`, served beside `index.html` by whoever
 * hosts the dashboard (the local service writes one with its demo groups). It is optional and
 * it is data: anything that does not match the fixed shape below makes the whole file count as
 * absent, with one console warning. Unknown keys are ignored so that older dashboards keep
 * working with newer files.
 *
 * Validation is plain code on purpose: our CSP forbids eval, so compiled schema validators
 * cannot run in the browser.
 */
import { isValidSlugId } from '../api/ids';
import { normalizeRootUrl } from './root-url';

export interface FeaturedTaskGroup {
  taskGroupId: string;
  /** Shown as text, never as HTML. */
  title: string;
}

/** A third-party login client registered on one deployment ("Sign in with <host>"). */
export interface OAuthClientConfig {
  clientId: string;
  responseType: 'code' | 'token';
  scope: string[];
  redirectUri: string;
}

export interface DashboardConfig {
  featuredTaskGroups: FeaturedTaskGroup[];
  /** The deployment to browse when neither `?rootUrl=` nor Settings chose one; normalized. */
  rootUrl?: string;
  /** Login clients by normalized root URL. */
  oauth: Record<string, OAuthClientConfig>;
}

export type ParsedDashboardConfig =
  { ok: true; config: DashboardConfig } | { ok: false; error: string };

/** What the dashboard uses when there is no (valid) file. */
export const EMPTY_DASHBOARD_CONFIG: DashboardConfig = Object.freeze({
  featuredTaskGroups: [],
  oauth: {},
}) as DashboardConfig;

const MAX_FEATURED = 50;
const MAX_TITLE = 200;

class Invalid extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, where: string, max = 2000): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new Invalid(`${where} must be a non-empty string`);
  if (value.length > max) throw new Invalid(`${where} is longer than ${max} characters`);
  return value;
}

function rootUrlOf(value: string, where: string): string {
  const normalized = normalizeRootUrl(value);
  if (!normalized) throw new Invalid(`${where} must be an absolute http(s) URL`);
  return normalized;
}

function featured(value: unknown): FeaturedTaskGroup[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Invalid('featuredTaskGroups must be an array');
  if (value.length > MAX_FEATURED)
    throw new Invalid(`featuredTaskGroups has more than ${MAX_FEATURED} entries`);
  return value.map((entry: unknown, i) => {
    const where = `featuredTaskGroups[${i}]`;
    if (!isRecord(entry)) throw new Invalid(`${where} must be an object`);
    const { taskGroupId } = entry;
    if (typeof taskGroupId !== 'string' || !isValidSlugId(taskGroupId))
      throw new Invalid(`${where}.taskGroupId must be a task group ID`);
    return { taskGroupId, title: text(entry.title, `${where}.title`, MAX_TITLE) };
  });
}

function oauthClient(value: unknown, where: string): OAuthClientConfig {
  if (!isRecord(value)) throw new Invalid(`${where} must be an object`);
  const { responseType, scope } = value;
  if (responseType !== 'code' && responseType !== 'token')
    throw new Invalid(`${where}.responseType must be "code" or "token"`);
  if (!Array.isArray(scope) || scope.some((s) => typeof s !== 'string' || s === ''))
    throw new Invalid(`${where}.scope must be an array of scopes`);
  const redirectUri = text(value.redirectUri, `${where}.redirectUri`);
  if (!/^https?:$/.test(safeProtocol(redirectUri)))
    throw new Invalid(`${where}.redirectUri must be an absolute http(s) URL`);
  return {
    clientId: text(value.clientId, `${where}.clientId`),
    responseType,
    scope: [...(scope as string[])],
    redirectUri,
  };
}

function safeProtocol(url: string): string {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
}

function oauth(value: unknown): Record<string, OAuthClientConfig> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new Invalid('oauth must be an object keyed by root URL');
  const clients: Record<string, OAuthClientConfig> = {};
  for (const [key, entry] of Object.entries(value)) {
    const where = `oauth[${JSON.stringify(key.slice(0, 100))}]`;
    clients[rootUrlOf(key, `${where} key`)] = oauthClient(entry, where);
  }
  return clients;
}

/** Checks a parsed `/dashboard-config.json` against the fixed shape. Pure. */
export function parseDashboardConfig(value: unknown): ParsedDashboardConfig {
  try {
    if (!isRecord(value)) throw new Invalid('the file must hold a JSON object');
    const config: DashboardConfig = {
      featuredTaskGroups: featured(value.featuredTaskGroups),
      oauth: oauth(value.oauth),
    };
    if (value.rootUrl !== undefined) {
      config.rootUrl = rootUrlOf(text(value.rootUrl, 'rootUrl'), 'rootUrl');
    }
    return { ok: true, config };
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, error: error.message };
    throw error;
  }
}

let current: DashboardConfig = EMPTY_DASHBOARD_CONFIG;
const listeners = new Set<() => void>();

/** The configuration in use: the loaded file, or the empty one before loading or without a file. */
export function getDashboardConfig(): DashboardConfig {
  return current;
}

/** Replaces the configuration in use (the loader calls it; tests may too). */
export function setDashboardConfig(config: DashboardConfig): void {
  current = config;
  for (const listener of listeners) listener();
}

/**
 * Calls `listener` whenever the configuration changes (a file that arrived after the first screen,
 * see `loadDashboardConfig`). For `useSyncExternalStore`; returns the unsubscribe function.
 */
export function subscribeDashboardConfig(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The login client the configuration registers for `rootUrl`, if any. */
export function oauthClientFor(rootUrl: string): OAuthClientConfig | undefined {
  const key = normalizeRootUrl(rootUrl);
  return key === undefined ? undefined : current.oauth[key];
}

export interface LoadDashboardConfigOptions {
  /**
   * The configuration the host wrote into the page (see `embeddedDashboardConfig`); when given,
   * nothing is fetched. Defaults to the page's own block.
   */
  embedded?: string;
  /** Defaults to `dashboard-config.json` beside `index.html`. */
  url?: string;
  fetch?: typeof fetch;
  /** Defaults to 1 s: the first screen waits this long for the file. */
  timeoutMs?: number;
  /** Defaults to 30 s: how long a slow file may still arrive after the first screen. */
  lateTimeoutMs?: number;
  warn?: (message: string) => void;
}

/** Where the file lives: beside `index.html`, also when the dashboard is served under a path. */
export function dashboardConfigUrl(): string {
  return `${import.meta.env.BASE_URL ?? '/'}dashboard-config.json`;
}

/** The id of the `<script type="application/json">` block a host may embed the file's text in. */
export const EMBEDDED_CONFIG_ID = 'dashboard-config';

/**
 * The configuration text the host embedded in `index.html`, if it did: the local service serves
 * each page with the file's text (`{}` without one) in a data block, which is never executed, so
 * the first screen does not wait for a request. A static host serves the page as built, and the
 * dashboard fetches the file.
 */
export function embeddedDashboardConfig(
  doc: Document | undefined = globalThis.document,
): string | undefined {
  const block = doc?.getElementById(EMBEDDED_CONFIG_ID);
  return block?.tagName === 'SCRIPT' && block.getAttribute('type') === 'application/json'
    ? (block.textContent ?? undefined)
    : undefined;
}

/**
 * Installs the runtime configuration: the page's embedded one at once, else the fetched file.
 * Never rejects: a missing file is
 * silently absent (a 404, or the HTML a single-page host answers for unknown paths), and an
 * invalid or unreachable one is absent with one warning.
 *
 * The first screen waits at most `timeoutMs`; it then starts without the file. The request goes
 * on (up to `lateTimeoutMs`), because on a busy host a slow answer is common and losing the
 * deployment's sign-in button for the whole visit would be worse than a late one: a file that
 * arrives late adds its login clients, and its featured groups when they belong to the page's
 * own origin. Its `rootUrl` is not applied mid-visit (the deployment was already chosen).
 */
export function loadDashboardConfig(
  options: LoadDashboardConfigOptions = {},
): Promise<DashboardConfig> {
  const {
    embedded = embeddedDashboardConfig(),
    url = dashboardConfigUrl(),
    fetch: fetchImpl = globalThis.fetch.bind(globalThis),
    timeoutMs = 1000,
    lateTimeoutMs = 30_000,
    warn = (message: string) => console.warn(message),
  } = options;
  if (embedded !== undefined) {
    // Read once: the block leaves the page, which then holds no inline script element at all.
    if (options.embedded === undefined)
      globalThis.document?.getElementById(EMBEDDED_CONFIG_ID)?.remove();
    const result = checkedConfig(parseJson(embedded));
    if (result.warning) warn(`The page's embedded ${url} ignored: ${result.warning}`);
    return Promise.resolve(install(result.config));
  }
  const fetched = fetchConfig(url, fetchImpl, lateTimeoutMs);
  return new Promise<DashboardConfig>((resolve) => {
    let started = false;
    const timer = setTimeout(() => {
      started = true;
      resolve(install(EMPTY_DASHBOARD_CONFIG));
    }, timeoutMs);
    void fetched.then((result) => {
      clearTimeout(timer);
      if (!started) {
        if (result.warning) warn(`${url} ignored: ${result.warning}`);
        resolve(install(result.config));
        return;
      }
      if (result.warning) {
        warn(`${url} ignored: no usable answer within ${timeoutMs} ms (${result.warning})`);
        return;
      }
      if (result.config === EMPTY_DASHBOARD_CONFIG) return;
      const { featuredTaskGroups, oauth, rootUrl } = result.config;
      warn(
        `${url} arrived after ${timeoutMs} ms: its sign-in clients apply now` +
          (rootUrl ? '; its rootUrl and featured groups from the next load' : ''),
      );
      install({ featuredTaskGroups: rootUrl ? [] : featuredTaskGroups, oauth });
    });
  });
}

interface FetchedConfig {
  config: DashboardConfig;
  /** Why the file counts as absent, when that deserves a warning. */
  warning?: string;
}

async function fetchConfig(
  url: string,
  fetchImpl: typeof fetch,
  limitMs: number,
): Promise<FetchedConfig> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limitMs);
  let body: unknown;
  try {
    const response = await fetchImpl(url, {
      signal: controller.signal,
      credentials: 'same-origin',
      cache: 'no-cache',
      headers: { accept: 'application/json' },
    });
    if (response.status === 404 || response.status === 410)
      return { config: EMPTY_DASHBOARD_CONFIG };
    if (!response.ok) return { config: EMPTY_DASHBOARD_CONFIG, warning: `HTTP ${response.status}` };
    if (/^text\/html\b/i.test(response.headers.get('content-type') ?? ''))
      return { config: EMPTY_DASHBOARD_CONFIG };
    body = parseJson(await response.text());
  } catch {
    return {
      config: EMPTY_DASHBOARD_CONFIG,
      warning: controller.signal.aborted
        ? `no answer within ${limitMs} ms`
        : 'it could not be fetched',
    };
  } finally {
    clearTimeout(timer);
  }
  return checkedConfig(body);
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function checkedConfig(body: unknown): FetchedConfig {
  if (body === NOT_JSON) return { config: EMPTY_DASHBOARD_CONFIG, warning: 'it is not valid JSON' };
  const parsed = parseDashboardConfig(body);
  return parsed.ok
    ? { config: parsed.config }
    : { config: EMPTY_DASHBOARD_CONFIG, warning: parsed.error };
}

function install(config: DashboardConfig): DashboardConfig {
  setDashboardConfig(config);
  return config;
}

/**
 * The featured task groups to show while browsing `rootUrl`: they belong to the configured
 * deployment (the page's own origin when the file names none), never to another one.
 */
export function featuredTaskGroupsFor(
  rootUrl: string,
  origin: string = window.location.origin,
): FeaturedTaskGroup[] {
  const home = current.rootUrl ?? normalizeRootUrl(origin);
  return home !== undefined && normalizeRootUrl(rootUrl) === home ? current.featuredTaskGroups : [];
}
