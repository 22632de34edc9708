import { createContext, useContext } from 'react';
import type { Credentials, QueueClient } from '../api';
import type { OAuthClientConfig } from '../api/login';

export interface SignInInput extends Credentials {
  remember: boolean;
  /** Expiry (ms) of credentials that are a permanent client with an end, as third-party login issues. */
  expires?: number;
  /** Set for credentials obtained through the deployment's login: when, and with which OAuth client. */
  oauth?: { clientId: string; obtained: number };
}

export interface SignInOptions {
  /**
   * The same person renewing a sign-in (the expiry re-prompt): swap the credentials but keep
   * what is cached and shown, so the page stays exactly as it is.
   */
  renewal?: boolean;
}

export interface QueueSession {
  rootUrl: string;
  /** True when rootUrl is not the default (shown in the header). */
  customRootUrl: boolean;
  client: QueueClient;
  /** The signed-in clientId, if any. Never the access token. */
  clientId?: string;
  /** When the credentials stop working (ms): temporary credentials, or a third-party login's client. */
  expires?: number;
  /** Set when credentials ran out: the user must sign in again. */
  expiredClientId?: string;
  /** For a sign-in through the deployment's login: when, and with which OAuth client. */
  oauth?: { clientId: string; obtained: number };
  /** The deployment's third-party login client for this root URL, from the runtime configuration. */
  oauthClient?: OAuthClientConfig;
  /** Whether the credentials are kept on this device (localStorage) rather than in this tab. */
  remember: boolean;
  signIn(input: SignInInput, options?: SignInOptions): void;
  signOut(): void;
  /** Switches deployment; credentials of the old one stay behind. `undefined` restores the default. */
  setRootUrl(rootUrl: string | undefined): void;
}

export const QueueSessionContext = createContext<QueueSession | null>(null);

export function useQueueSession(): QueueSession {
  const session = useContext(QueueSessionContext);
  if (!session) throw new Error('useQueueSession must be used inside QueueSessionProvider');
  return session;
}

/** The Queue client of the current deployment and credentials. */
export function useQueue(): QueueClient {
  return useQueueSession().client;
}

/** Why actions are disabled for this session, or undefined when signed in. */
export function signedOutReason(
  session: Pick<QueueSession, 'clientId' | 'expiredClientId'>,
  what: string,
): string | undefined {
  if (session.clientId) return undefined;
  if (session.expiredClientId)
    return `The credentials of ${session.expiredClientId} expired: sign in again to ${what}.`;
  return `Sign in with credentials that have the needed scopes to ${what}.`;
}
