import { useEffect, useRef } from 'react';
import { isOwnPopupAttempt, openChannel, type OAuthMessage } from './oauth-session';
import { useQueueSession } from './queue-session';

export type PopupOutcome = { ok: true; clientId: string } | { ok: false; message: string };

/**
 * Takes the result of a sign-in popup that this tab opened, from the BroadcastChannel, and
 * signs in with it. While still signed in (a renewal), the page keeps everything it shows.
 */
export function useOAuthPopupResults(onOutcome: (outcome: PopupOutcome) => void): void {
  const session = useQueueSession();
  // The listener lives as long as the tab; it reads the latest session and callback from refs.
  const latest = useRef({ session, onOutcome });
  useEffect(() => {
    latest.current = { session, onOutcome };
  });
  useEffect(() => {
    const channel = openChannel();
    if (!channel) return;
    channel.onmessage = (event: MessageEvent<OAuthMessage>) => {
      const message = event.data;
      if (!message || typeof message.state !== 'string' || !isOwnPopupAttempt(message.state))
        return;
      const { session: current, onOutcome: report } = latest.current;
      if (message.type === 'failed') return report({ ok: false, message: message.message });
      if (message.rootUrl !== current.rootUrl)
        return report({
          ok: false,
          message: `That sign-in was for ${message.rootUrl}, but this tab now browses ${current.rootUrl}.`,
        });
      current.signIn(
        {
          clientId: message.credentials.clientId,
          accessToken: message.credentials.accessToken,
          expires: message.credentials.expires,
          remember: current.remember,
          oauth: { clientId: message.oauthClientId, obtained: message.obtained },
        },
        { renewal: !!current.oauth },
      );
      report({ ok: true, clientId: message.credentials.clientId });
    };
    return () => channel.close();
  }, []);
}
