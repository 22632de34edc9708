import { useCallback, useState, useSyncExternalStore } from 'react';

/**
 * Code that a view needs only once the user reaches for a control (a menu, a popover, a picker):
 * the view shows a stand-in that looks the same, and the real control's code loads on the first
 * hover, focus or press of it. By the time a pointer has travelled to the control and pressed,
 * the chunk has usually arrived, so the first click opens at once; a press that comes sooner
 * opens the control as soon as it mounts.
 */
export interface IntentLoader<T> {
  /** Starts loading, once; later calls share the same promise (a failed load is tried again). */
  preload: () => Promise<T>;
  /** The loaded value, or undefined until it arrived; re-renders when it does. */
  useLoaded: () => T | undefined;
}

export function intentLoader<T>(load: () => Promise<T>): IntentLoader<T> {
  let value: T | undefined;
  let pending: Promise<T> | undefined;
  const listeners = new Set<() => void>();
  const preload = () =>
    (pending ??= load().then(
      (v) => {
        value = v;
        for (const l of listeners) l();
        return v;
      },
      (err: unknown) => {
        // The next hover or press tries again (a chunk lost to a network blip).
        pending = undefined;
        throw err;
      },
    ));
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => void listeners.delete(listener);
  };
  const get = () => value;
  return { preload, useLoaded: () => useSyncExternalStore(subscribe, get, get) };
}

/** Handlers for the stand-in control. */
export interface StandInProps {
  onPointerEnter: () => void;
  onFocus: () => void;
  onBlur: () => void;
  onClick: () => void;
}

/**
 * Wires a stand-in to a loader: `Loaded` is the real control's code once it arrived; `pressed`
 * says the stand-in was clicked before (open the real control on mount), `focused` that it had
 * the keyboard focus (the real control takes it over on mount).
 */
export function useIntent<T>(loader: IntentLoader<T>): {
  Loaded: T | undefined;
  pressed: boolean;
  focused: boolean;
  standIn: StandInProps;
} {
  const Loaded = loader.useLoaded();
  const [pressed, setPressed] = useState(false);
  const [focused, setFocused] = useState(false);
  const want = useCallback(() => void loader.preload().catch(() => undefined), [loader]);
  const standIn: StandInProps = {
    onPointerEnter: want,
    onFocus: () => {
      want();
      setFocused(true);
    },
    onBlur: () => setFocused(false),
    onClick: () => {
      want();
      setPressed(true);
    },
  };
  return { Loaded, pressed, focused, standIn };
}
