/**
 * Request authentication as Taskcluster's auth service does it (queue-spec §5): Hawk headers and
 * bewits verified with the `hawk` package, temporary-credential certificates, authorizedScopes,
 * and role expansion with an `anonymous` role that every caller holds.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Hawk from 'hawk';
import scopes from 'taskcluster-lib-scopes';

/** A permanent client known to this service. */
export interface ClientRecord {
  clientId: string;
  accessToken: string;
  scopes: string[];
  expires?: Date;
}

/** What a request is allowed to do. */
export interface AuthResult {
  scheme: 'none' | 'hawk' | 'bewit';
  clientId?: string;
  /** Expanded scopes, `assume:anonymous` included. */
  scopes: string[];
  /** When the credentials stop working (the earliest of client and certificate expiry). */
  expires?: Date;
  /** The MAC'ed payload hash, if the request sent one (the caller checks it against the body). */
  hash?: string;
}

/** A request as the verifier sees it. */
export interface AuthRequest {
  method: string;
  /** Path and query as sent, e.g. `/api/queue/v1/task/abc/status?x=1`. */
  resource: string;
  host: string;
  port: number;
  authorization?: string;
  contentType?: string;
}

/** Authentication failed: always a 401 with this message. */
export class AuthError extends Error {}

export interface TemporaryCredentials {
  clientId: string;
  accessToken: string;
  certificate: string;
}

export interface Authenticator {
  authenticate(req: AuthRequest): Promise<AuthResult>;
  /** Named temporary credentials signed by the service's own client (claims hand these out). */
  issueTemporaryCredentials(options: {
    clientId: string;
    start: number;
    expiry: number;
    scopes: string[];
  }): TemporaryCredentials;
  /** Expands `assume:` scopes through the role table, to a fixed point. */
  expand(scopeset: string[]): string[];
}

interface Certificate {
  version: number;
  scopes: string[];
  start: number;
  expiry: number;
  seed: string;
  signature: string;
  issuer?: string;
  clientId?: string;
}

const SKEW_SEC = 15 * 60;
const CERT_SLACK_MS = 5 * 60 * 1000;
const MAX_CERT_MS = 31 * 24 * 3600 * 1000;

function hmac(key: string, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseExt(ext: string | undefined): { certificate?: unknown; authorizedScopes?: unknown } {
  if (!ext) return {};
  try {
    const value = JSON.parse(Buffer.from(ext, 'base64').toString('utf8')) as unknown;
    if (!value || typeof value !== 'object') throw new Error();
    return value as { certificate?: unknown; authorizedScopes?: unknown };
  } catch {
    throw new AuthError('Failed to parse ext');
  }
}

function isValidScopeList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((s) => typeof s === 'string' && scopes.validScope(s));
}

export function createAuthenticator(options: {
  lookupClient: (clientId: string) => ClientRecord | undefined;
  /**
   * Role id → scopes. A role id ending in `*` is assumed by every `assume:<prefix>…` scope, as
   * in Taskcluster's Auth service.
   */
  roles: Record<string, string[]>;
  /** The client that signs the temporary credentials this service issues. */
  issuer?: ClientRecord;
  /** The deployment's own service clients (e.g. `static/taskcluster/hooks`). */
  serviceClients?: ClientRecord[];
}): Authenticator {
  const { issuer } = options;
  // A copy: the table is fixed from here on, which lets expansions be remembered.
  const roles = Object.fromEntries(
    Object.entries(options.roles).map(([roleId, roleScopes]) => [roleId, [...roleScopes]]),
  );
  const internal = new Map(
    [issuer, ...(options.serviceClients ?? [])]
      .filter((c): c is ClientRecord => !!c)
      .map((c) => [c.clientId, c]),
  );
  const lookupClient = (id: string) => internal.get(id) ?? options.lookupClient(id);

  function issueTemporaryCredentials(o: {
    clientId: string;
    start: number;
    expiry: number;
    scopes: string[];
  }): TemporaryCredentials {
    if (!issuer) throw new Error('this authenticator has no issuer');
    const seed = randomBytes(33).toString('base64url').slice(0, 44);
    const cert = {
      version: 1,
      scopes: o.scopes,
      start: o.start,
      expiry: o.expiry,
      seed,
      signature: '',
      issuer: issuer.clientId,
    };
    const text = `version:1\nclientId:${o.clientId}\nissuer:${issuer.clientId}\nseed:${seed}\nstart:${o.start}\nexpiry:${o.expiry}\nscopes:\n${o.scopes.join('\n')}`;
    cert.signature = hmac(issuer.accessToken, text).toString('base64');
    const accessToken = hmac(issuer.accessToken, seed).toString('base64url');
    return { clientId: o.clientId, accessToken, certificate: JSON.stringify(cert) };
  }

  const assumes = (current: string[], roleId: string) => {
    if (scopes.satisfiesExpression(current, `assume:${roleId}`)) return true;
    if (!roleId.endsWith('*')) return false;
    const prefix = `assume:${roleId.slice(0, -1)}`;
    return current.some((s) => s.startsWith(prefix));
  };

  // The role table is fixed for the authenticator's life, so an expansion depends on its input
  // alone: remembered by content (a client whose scopes change asks with another key).
  const expansions = new Map<string, readonly string[]>();
  const MAX_EXPANSIONS = 1000;
  function expand(scopeset: string[]): string[] {
    const key = scopeset.join('\n');
    let known = expansions.get(key);
    if (!known) {
      known = Object.freeze(expandUncached(scopeset));
      if (expansions.size >= MAX_EXPANSIONS) expansions.clear();
      expansions.set(key, known);
    }
    // A copy: callers may sort or extend what they get.
    return [...known];
  }

  function expandUncached(scopeset: string[]): string[] {
    let current = scopes.scopeUnion([], [...scopeset]);
    const taken = new Set<string>();
    for (;;) {
      const more: string[] = [];
      for (const [roleId, roleScopes] of Object.entries(roles)) {
        if (taken.has(roleId) || !assumes(current, roleId)) continue;
        taken.add(roleId);
        more.push(...roleScopes);
      }
      if (!more.length) return current;
      current = scopes.scopeUnion(current, more);
    }
  }

  /** Validates a certificate against its issuer; returns the key to check the MAC with. */
  function checkCertificate(
    raw: unknown,
    hawkId: string,
  ): { key: string; cert: Certificate; issuer: ClientRecord } {
    const cert = (typeof raw === 'string' ? safeJson(raw) : raw) as Certificate | undefined;
    if (!cert || typeof cert !== 'object')
      throw new AuthError('ext.certificate must be a JSON object');
    if (cert.issuer !== undefined && (typeof cert.issuer !== 'string' || cert.issuer === hawkId)) {
      throw new AuthError('ext.certificate.issuer must be a string and differ from the clientId');
    }
    if (cert.version !== 1) throw new AuthError('ext.certificate.version must be 1');
    if (typeof cert.seed !== 'string' || cert.seed.length !== 44) {
      throw new AuthError('ext.certificate.seed must be a string of 44 characters');
    }
    if (typeof cert.start !== 'number' || typeof cert.expiry !== 'number') {
      throw new AuthError('ext.certificate.start and ext.certificate.expiry must be numbers');
    }
    if (!isValidScopeList(cert.scopes))
      throw new AuthError('ext.certificate.scopes must be an array of valid scopes');
    const now = Date.now();
    if (cert.start > now + CERT_SLACK_MS) throw new AuthError('ext.certificate.start > now');
    if (cert.expiry < now - CERT_SLACK_MS) throw new AuthError('ext.certificate.expiry < now');
    if (cert.expiry - cert.start > MAX_CERT_MS)
      throw new AuthError('ext.certificate cannot last longer than 31 days!');
    const issuerId = cert.issuer ?? hawkId;
    const issuer = lookupClient(issuerId);
    if (!issuer) throw new AuthError(`client with clientId '${issuerId}' not found`);
    const issuerScopes = expand([...issuer.scopes, 'assume:anonymous']);
    if (cert.issuer !== undefined) {
      if (!scopes.satisfiesExpression(issuerScopes, `auth:create-client:${hawkId}`)) {
        throw new AuthError(
          `ext.certificate issuer \`${issuerId}\` doesn't have \`auth:create-client:${hawkId}\` for supplied clientId.`,
        );
      }
    } else if (cert.clientId !== undefined) {
      throw new AuthError('ext.certificate.clientId must only be used with ext.certificate.issuer');
    }
    if (!scopes.satisfiesExpression(issuerScopes, { AllOf: cert.scopes })) {
      throw new AuthError(
        'ext.certificate issuer `' + issuerId + "` doesn't have sufficient scopes",
      );
    }
    let text = `version:${cert.version}\n`;
    if (cert.issuer !== undefined) text += `clientId:${hawkId}\nissuer:${cert.issuer}\n`;
    text += `seed:${cert.seed}\nstart:${cert.start}\nexpiry:${cert.expiry}\nscopes:\n${cert.scopes.join('\n')}`;
    if (!safeEqual(hmac(issuer.accessToken, text).toString('base64'), String(cert.signature))) {
      throw new AuthError('ext.certificate.signature is not valid');
    }
    const key = hmac(issuer.accessToken, cert.seed)
      .toString('base64')
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=/g, '');
    return { key, cert, issuer };
  }

  async function authenticate(req: AuthRequest): Promise<AuthResult> {
    const bewitMatch = /[?&]bewit=/.test(req.resource);
    if (!req.authorization && !bewitMatch) {
      return { scheme: 'none', scopes: expand(['assume:anonymous']) };
    }
    if (req.authorization && bewitMatch) {
      throw new AuthError('Cannot use two authentication schemes at once: Hawk header and bewit');
    }
    let ext: ReturnType<typeof parseExt>;
    let hawkId: string;
    if (
      req.authorization &&
      /^Hawk /.test(req.authorization) &&
      !/\bext="/.test(req.authorization)
    ) {
      // No ext (no certificate, no authorizedScopes): `hawk` parses the header itself, and the
      // id comes to credentialsFunc; parsing it here as well cost as much as the MAC.
      ext = {};
      hawkId = '';
    } else if (req.authorization) {
      let attributes: { id?: string; ext?: string };
      try {
        attributes = Hawk.utils.parseAuthorizationHeader(req.authorization) as typeof attributes;
      } catch (err) {
        throw new AuthError(`Unauthorized: ${(err as Error).message}`);
      }
      hawkId = attributes.id ?? '';
      ext = parseExt(attributes.ext);
    } else {
      const token = /[?&]bewit=([^&]*)/.exec(req.resource)?.[1] ?? '';
      const parts = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
        .toString('utf8')
        .split('\\');
      hawkId = parts[0] ?? '';
      ext = parseExt(parts[3]);
    }

    let clientScopes: string[] = [];
    let expires: Date | undefined;
    const credentialsFunc = (id: string) => {
      hawkId = id;
      if (ext.certificate) {
        const { key, cert, issuer } = checkCertificate(ext.certificate, id);
        clientScopes = cert.scopes;
        expires = new Date(Math.min(cert.expiry, issuer.expires?.getTime() ?? Infinity));
        return { key, algorithm: 'sha256' as const, user: id };
      }
      const client = lookupClient(id);
      if (!client) throw new AuthError(`client with clientId '${id}' not found`);
      clientScopes = client.scopes;
      expires = client.expires;
      return { key: client.accessToken, algorithm: 'sha256' as const, user: id };
    };

    // hawk accepts a plain request description in place of an IncomingMessage.
    const request = {
      method: req.method.toUpperCase(),
      url: req.resource,
      host: req.host,
      port: req.port,
      authorization: req.authorization,
      contentType: req.contentType ?? '',
    } as unknown as IncomingMessage;
    let hash: string | undefined;
    try {
      if (req.authorization) {
        const result = await Hawk.server.authenticate(request, credentialsFunc, {
          timestampSkewSec: SKEW_SEC,
        });
        hash = result.artifacts.hash;
      } else {
        await Hawk.uri.authenticate(request, credentialsFunc, {});
      }
    } catch (err) {
      if (err instanceof AuthError) throw err;
      const message = (err as Error).message;
      throw new AuthError(
        message.startsWith('Unauthorized') ? message : `Unauthorized: ${message}`,
      );
    }
    if (expires && expires.getTime() < Date.now()) throw new AuthError('credentials have expired');

    let effective = expand(clientScopes);
    if (ext.authorizedScopes !== undefined) {
      if (!isValidScopeList(ext.authorizedScopes))
        throw new AuthError('ext.authorizedScopes must be an array of valid scopes');
      const held = expand([...effective, 'assume:anonymous']);
      if (!scopes.satisfiesExpression(held, { AllOf: ext.authorizedScopes })) {
        throw new AuthError(
          `Supplied credentials do not satisfy authorizedScopes; credentials have scopes:\n\n\`\`\`\n${clientScopes.join('\n')}\n\`\`\`\nauthorizedScopes:\n\`\`\`\n${ext.authorizedScopes.join('\n')}\n\`\`\``,
        );
      }
      effective = expand(ext.authorizedScopes);
    }
    return {
      scheme: req.authorization ? 'hawk' : 'bewit',
      clientId: hawkId,
      scopes: expand([...effective, 'assume:anonymous']),
      expires,
      hash,
    };
  }

  return { authenticate, expand, issueTemporaryCredentials };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
