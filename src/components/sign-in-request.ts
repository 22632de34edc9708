/**
 * Any view can ask for the sign-in dialog ("Sign in to view"); the header's sign-in control
 * owns it and listens here. Features do not import each other, so this is the meeting point.
 */
type Listener = () => void;
const listeners = new Set<Listener>();

/** Opens the sign-in dialog. */
export function requestSignIn(): void {
  for (const l of listeners) l();
}

/** The dialog's owner subscribes; returns the unsubscribe. */
export function onSignInRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
