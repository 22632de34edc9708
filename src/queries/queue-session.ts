import { createContext, useContext } from 'react';
import type { Credentials, QueueClient } from '../api';

export interface SignInInput extends Credentials {
  remember: boolean;
}

export interface QueueSession {
  rootUrl: string;
  /** True when rootUrl is not the default (shown in the header). */
  customRootUrl: boolean;
  client: QueueClient;
  /** The signed-in clientId, if any. Never the access token. */
  clientId?: string;
  /** Expiry of temporary credentials (ms), if signed in with them. */
  expires?: number;
  /** Set when temporary credentials ran out: the user must sign in again. */
  expiredClientId?: string;
  signIn(input: SignInInput): void;
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
