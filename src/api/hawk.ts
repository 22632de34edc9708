/**
 * Hawk request signing as Taskcluster uses it, on Web Crypto alone, so that the same code runs
 * in browsers and in Node 20+ without polyfills. Algorithms follow hawk 9 (`sha256` only).
 */

/** Taskcluster credentials: permanent, or temporary when a certificate is present. */
export interface Credentials {
  clientId: string;
  accessToken: string;
  /** Temporary-credential certificate, as the JSON string Taskcluster issues or as an object. */
  certificate?: string | Record<string, unknown>;
}

const encoder = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function subtle(): SubtleCrypto {
  const c = globalThis.crypto;
  if (!c?.subtle) {
    // Browsers expose SubtleCrypto only in secure contexts (https or localhost).
    throw new Error('Web Crypto is unavailable: open the dashboard over https or on localhost.');
  }
  return c.subtle;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = subtle().importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    // Keep the cache tiny: one entry per credential set in use.
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(secret, key);
  }
  return key;
}

/** Standard base64 of bytes. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** base64url without padding, as bewits and temporary access tokens use. */
export function base64url(bytes: Uint8Array): string {
  return base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** base64 of a UTF-8 string. */
export function base64String(text: string): string {
  return base64(encoder.encode(text));
}

/** base64(HMAC-SHA256(key, data)). */
export async function hmacBase64(key: string, data: string): Promise<string> {
  const sig = await subtle().sign('HMAC', await hmacKey(key), encoder.encode(data));
  return base64(new Uint8Array(sig));
}

/** base64(SHA-256(data)). */
export async function sha256Base64(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return base64(new Uint8Array(await subtle().digest('SHA-256', bytes as BufferSource)));
}

/** Hawk's payload hash over the body and its content type (parameters dropped). */
export function payloadHash(body: string, contentType: string): Promise<string> {
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return sha256Base64(`hawk.1.payload\n${type}\n${body}\n`);
}

function nonce(): string {
  const bytes = new Uint8Array(6);
  globalThis.crypto.getRandomValues(bytes);
  return base64url(bytes).slice(0, 6);
}

interface Artifacts {
  ts: number;
  nonce: string;
  method: string;
  resource: string;
  host: string;
  port: number;
  hash?: string;
  ext?: string;
}

/** The newline-joined string that Hawk MACs. */
export function normalizedString(type: 'header' | 'bewit', a: Artifacts): string {
  const ext = (a.ext ?? '').replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return (
    [
      `hawk.1.${type}`,
      a.ts,
      a.nonce,
      a.method.toUpperCase(),
      a.resource,
      a.host.toLowerCase(),
      a.port,
      a.hash ?? '',
      ext,
    ].join('\n') + '\n'
  );
}

function hostAndPort(url: URL): { host: string; port: number } {
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  // URL keeps IPv6 literals bracketed; Hawk servers parse the Host header the same way.
  return { host: url.hostname, port };
}

/**
 * The `ext` value Taskcluster reads: base64 JSON with the certificate (always as an object)
 * and authorizedScopes. Undefined when neither is present.
 */
export function buildExt(
  credentials: Credentials,
  authorizedScopes?: string[],
): string | undefined {
  const ext: Record<string, unknown> = {};
  if (credentials.certificate) {
    ext.certificate =
      typeof credentials.certificate === 'string'
        ? (JSON.parse(credentials.certificate) as unknown)
        : credentials.certificate;
  }
  if (authorizedScopes) ext.authorizedScopes = authorizedScopes;
  return Object.keys(ext).length ? base64String(JSON.stringify(ext)) : undefined;
}

/** Options for {@link hawkHeader}. */
export interface HeaderOptions {
  credentials: Credentials;
  method: string;
  url: string;
  /** Unix seconds to sign with (the caller applies any clock offset). */
  ts: number;
  authorizedScopes?: string[];
  /** Request body and its content type: when given, the header carries a payload hash. */
  payload?: { body: string; contentType: string };
}

/** Builds an `Authorization: Hawk …` header value for one request. */
export async function hawkHeader(options: HeaderOptions): Promise<string> {
  const url = new URL(options.url);
  const artifacts: Artifacts = {
    ts: options.ts,
    nonce: nonce(),
    method: options.method,
    resource: url.pathname + url.search,
    ...hostAndPort(url),
    hash: options.payload
      ? await payloadHash(options.payload.body, options.payload.contentType)
      : undefined,
    ext: buildExt(options.credentials, options.authorizedScopes),
  };
  const mac = await hmacBase64(
    options.credentials.accessToken,
    normalizedString('header', artifacts),
  );
  let header = `Hawk id="${options.credentials.clientId}", ts="${artifacts.ts}", nonce="${artifacts.nonce}"`;
  if (artifacts.hash) header += `, hash="${artifacts.hash}"`;
  if (artifacts.ext) header += `, ext="${artifacts.ext}"`;
  return `${header}, mac="${mac}"`;
}

/** Options for {@link signUrl}. */
export interface BewitOptions {
  credentials: Credentials;
  /** Unix seconds at which the URL stops working. */
  expires: number;
  authorizedScopes?: string[];
}

/**
 * Appends a `bewit` to a GET URL: the only way credentials may travel in a URL, and they
 * expire at `expires`.
 */
export async function signUrl(rawUrl: string, options: BewitOptions): Promise<string> {
  const url = new URL(rawUrl);
  const ext = buildExt(options.credentials, options.authorizedScopes) ?? '';
  const mac = await hmacBase64(
    options.credentials.accessToken,
    normalizedString('bewit', {
      ts: options.expires,
      nonce: '',
      method: 'GET',
      resource: url.pathname + url.search,
      ...hostAndPort(url),
      ext,
    }),
  );
  const bewit = base64url(
    encoder.encode(`${options.credentials.clientId}\\${options.expires}\\${mac}\\${ext}`),
  );
  return `${rawUrl}${url.search ? '&' : '?'}bewit=${bewit}`;
}
