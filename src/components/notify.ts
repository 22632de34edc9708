/**
 * Notifications without shipping the notifications package on the first screen: `notify` shows
 * the notice once the host has loaded the package, and asks the host to load it first.
 */
export interface Notice {
  title: string;
  message: string;
  color?: string;
}

const queued: Notice[] = [];
let show: ((notice: Notice) => void) | undefined;
let wake: (() => void) | undefined;

export function notify(notice: Notice): void {
  if (show) return show(notice);
  queued.push(notice);
  wake?.();
}

/** The host learns that a notice waits (now, if one already does). */
export function onNoticeWaiting(callback: () => void): () => void {
  wake = callback;
  if (queued.length) callback();
  return () => {
    if (wake === callback) wake = undefined;
  };
}

/** The host can show notices now; returns those that waited. */
export function attachNotifier(fn: (notice: Notice) => void): Notice[] {
  show = fn;
  return queued.splice(0);
}
