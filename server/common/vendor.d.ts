declare module 'taskcluster-lib-scopes' {
  export type ScopeExpression =
    string | { AllOf: ScopeExpression[] } | { AnyOf: ScopeExpression[] };
  export function validScope(scope: string): boolean;
  export function validExpression(expr: unknown): boolean;
  export function satisfiesExpression(scopeset: string[], expression: ScopeExpression): boolean;
  export function removeGivenScopes(
    scopeset: string[],
    expression: ScopeExpression,
  ): ScopeExpression | null;
  export function scopeUnion(a: string[], b: string[]): string[];
  export function scopeIntersection(a: string[], b: string[]): string[];
  export function normalizeScopeSet(scopeset: string[]): string[];
  const scopes: {
    validScope: typeof validScope;
    validExpression: typeof validExpression;
    satisfiesExpression: typeof satisfiesExpression;
    removeGivenScopes: typeof removeGivenScopes;
    scopeUnion: typeof scopeUnion;
    scopeIntersection: typeof scopeIntersection;
    normalizeScopeSet: typeof normalizeScopeSet;
  };
  export default scopes;
}
declare module 'taskcluster-client';
declare module 'hawk' {
  import type { IncomingMessage } from 'node:http';
  interface HawkCredentials {
    key: string;
    algorithm: 'sha256' | 'sha1';
    user?: string;
  }
  type CredentialsFunc = (
    id: string,
  ) => HawkCredentials | undefined | Promise<HawkCredentials | undefined>;
  interface HeaderArtifacts {
    id?: string;
    ts?: string;
    nonce?: string;
    hash?: string;
    ext?: string;
    mac?: string;
    resource?: string;
  }
  interface ServerOptions {
    timestampSkewSec?: number;
    localtimeOffsetMsec?: number;
    payload?: string;
  }
  const Hawk: {
    client: {
      header(
        uri: string,
        method: string,
        options: {
          credentials: { id: string; key: string; algorithm: 'sha256' };
          timestamp?: number;
          nonce?: string;
        },
      ): { header: string };
    };
    server: {
      authenticate(
        req: IncomingMessage,
        credentialsFunc: CredentialsFunc,
        options?: ServerOptions,
      ): Promise<{ credentials: HawkCredentials; artifacts: HeaderArtifacts }>;
    };
    uri: {
      authenticate(
        req: IncomingMessage,
        credentialsFunc: CredentialsFunc,
        options?: ServerOptions,
      ): Promise<{
        credentials: HawkCredentials;
        attributes: { id: string; exp: string; ext: string };
      }>;
    };
    utils: { parseAuthorizationHeader(header: string): Record<string, string> };
    crypto: {
      calculatePayloadHash(
        payload: string | Buffer,
        algorithm: string,
        contentType: string,
      ): string;
    };
  };
  export default Hawk;
}
