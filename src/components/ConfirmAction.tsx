import type { ButtonProps } from '@mantine/core';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { ConfirmButton } from './ConfirmButton';

const loadDialog = () => import('./ConfirmDialog');
const ConfirmDialog = lazy(() => loadDialog().then((m) => ({ default: m.ConfirmDialog })));

export interface ConfirmActionProps {
  /** Button text; the confirm button in the dialog says the same. */
  label: string;
  /** What will happen, shown in the dialog. */
  children: ReactNode;
  onConfirm: () => Promise<unknown>;
  pending: boolean;
  error: unknown;
  onReset: () => void;
  /** Why the action is unavailable; disables the button and explains it. */
  disabledReason?: string;
  color?: ButtonProps['color'];
  /** Loads code the dialog's content needs, with the dialog's own (see below). */
  preload?: () => void;
  /** Open the dialog at once (its stand-in button was pressed before this code arrived). */
  defaultOpened?: boolean;
  /** Take the focus (its stand-in button had it). */
  autoFocus?: boolean;
}

/** A button that asks for confirmation, explains the effect, and cannot be submitted twice. */
export function ConfirmAction({
  label,
  children,
  onConfirm,
  pending,
  error,
  onReset,
  disabledReason,
  color,
  preload,
  defaultOpened = false,
  autoFocus,
}: ConfirmActionProps) {
  const [opened, setOpened] = useState(defaultOpened);
  const [mounted, setMounted] = useState(defaultOpened);
  return (
    <>
      <ConfirmButton
        label={label}
        color={color}
        disabledReason={disabledReason}
        autoFocus={autoFocus}
        // The dialog's code loads when the user reaches for the button, so that it opens at once
        // on the click; the view itself does not ship it.
        onReach={() => {
          void loadDialog();
          preload?.();
        }}
        onClick={() => {
          onReset();
          setMounted(true);
          setOpened(true);
        }}
      />
      {mounted && (
        <Suspense fallback={null}>
          <ConfirmDialog
            label={label}
            opened={opened}
            onClose={() => setOpened(false)}
            onConfirm={() =>
              void onConfirm().then(
                () => setOpened(false),
                () => undefined,
              )
            }
            pending={pending}
            error={error}
            color={color}
          >
            {children}
          </ConfirmDialog>
        </Suspense>
      )}
    </>
  );
}
