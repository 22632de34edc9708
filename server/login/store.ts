/**
 * What the login keeps: the Taskcluster clients it issued (in the deployment's database, so
 * they survive a restart until they expire, as web-server's do), and, in memory, the short-lived
 * things: sign-in sessions, pending authorizations, codes (10 min, once) and access tokens
 * (10 min, one credentials call).
 */
import { randomBytes } from 'node:crypto';
import type { ClientRecord } from '../common/authenticator';
import type { Clock } from '../common/clock';
import type { DB } from '../common/db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS login_issued_clients (
  client_id TEXT PRIMARY KEY,
  access_token TEXT NOT NULL,
  scopes TEXT NOT NULL,
  expires INTEGER NOT NULL
);
`;

export const GRANT_LIFETIME_MS = 10 * 60_000;
export const SESSION_LIFETIME_MS = 12 * 3600_000;

/** A sign-in in progress: the validated authorize request, waiting for the user's decision. */
export interface Transaction {
  id: string;
  oauthClientId: string;
  redirectUri: string;
  responseType: 'code' | 'token';
  scope: string[];
  state?: string;
  /** When the issued credentials will expire (approved, capped at maxExpires), ms. */
  credentialsExpire: number;
  created: number;
}

/** A code or an access token: who approved what, for which client. */
export interface Grant {
  oauthClientId: string;
  redirectUri: string;
  /** The Taskcluster clientId the user signed in with. */
  user: string;
  scope: string[];
  credentialsExpire: number;
  created: number;
}

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');

export class LoginStore {
  private sessions = new Map<string, { user: string; created: number }>();
  private transactions = new Map<string, Transaction>();
  private codes = new Map<string, Grant>();
  private tokens = new Map<string, Grant>();

  constructor(
    private db: DB,
    private clock: Clock,
  ) {
    db.exec(SCHEMA);
  }

  private fresh<T extends { created: number }>(map: Map<string, T>, key: string, lifetime: number) {
    const value = map.get(key);
    if (value && this.clock.now() - value.created <= lifetime) return value;
    map.delete(key);
    return undefined;
  }

  newSession(user: string): string {
    const id = randomToken();
    this.sessions.set(id, { user, created: this.clock.now() });
    return id;
  }

  sessionUser(id: string | undefined): string | undefined {
    return id ? this.fresh(this.sessions, id, SESSION_LIFETIME_MS)?.user : undefined;
  }

  endSession(id: string | undefined) {
    if (id) this.sessions.delete(id);
  }

  addTransaction(t: Omit<Transaction, 'id' | 'created'>): Transaction {
    const tx = { ...t, id: randomToken(18), created: this.clock.now() };
    this.transactions.set(tx.id, tx);
    return tx;
  }

  /** The transaction, removed: a decision is made once. */
  takeTransaction(id: string): Transaction | undefined {
    const tx = this.fresh(this.transactions, id, GRANT_LIFETIME_MS);
    this.transactions.delete(id);
    return tx;
  }

  peekTransaction(id: string): Transaction | undefined {
    return this.fresh(this.transactions, id, GRANT_LIFETIME_MS);
  }

  addCode(code: string, grant: Omit<Grant, 'created'>) {
    this.codes.set(code, { ...grant, created: this.clock.now() });
  }

  /** The code's grant, removed: a code is exchanged once. */
  takeCode(code: string): Grant | undefined {
    const grant = this.fresh(this.codes, code, GRANT_LIFETIME_MS);
    this.codes.delete(code);
    return grant;
  }

  addToken(token: string, grant: Omit<Grant, 'created'>) {
    this.tokens.set(token, { ...grant, created: this.clock.now() });
  }

  /** The token's grant, removed: credentials are issued once per access token. */
  takeToken(token: string): Grant | undefined {
    const grant = this.fresh(this.tokens, token, GRANT_LIFETIME_MS);
    this.tokens.delete(token);
    return grant;
  }

  issueClient(client: ClientRecord & { expires: Date }) {
    this.db
      .prepare(
        'INSERT INTO login_issued_clients (client_id, access_token, scopes, expires) VALUES (?, ?, ?, ?)',
      )
      .run(
        client.clientId,
        client.accessToken,
        JSON.stringify(client.scopes),
        client.expires.getTime(),
      );
  }

  /**
   * An issued client. Past its expiry it is still found for a day, so that a request with it
   * is refused as expired rather than unknown; then it is deleted, as web-server's are.
   */
  issuedClient(clientId: string): ClientRecord | undefined {
    const row = this.db
      .prepare<
        [string],
        { client_id: string; access_token: string; scopes: string; expires: number }
      >('SELECT * FROM login_issued_clients WHERE client_id = ?')
      .get(clientId);
    if (!row) return undefined;
    if (row.expires + 86_400_000 <= this.clock.now()) {
      this.db.prepare('DELETE FROM login_issued_clients WHERE client_id = ?').run(clientId);
      return undefined;
    }
    return {
      clientId: row.client_id,
      accessToken: row.access_token,
      scopes: JSON.parse(row.scopes) as string[],
      expires: new Date(row.expires),
    };
  }
}
