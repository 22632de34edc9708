import { Button, type ButtonProps } from '@mantine/core';
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';

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
}: ConfirmActionProps) {
  const [opened, setOpened] = useState(false);
  const [mounted, setMounted] = useState(false);
  const whyId = useId();
  // The dialog's code loads when the user reaches for the button, so that it opens at once on
  // the click; the view itself does not ship it.
  const reach = disabledReason
    ? undefined
    : () => {
        void loadDialog();
        preload?.();
      };
  return (
    <>
      {/* A disabled button takes no focus: the wrapper keeps the explanation reachable by keyboard and hover. */}
      <span
        title={disabledReason}
        tabIndex={disabledReason ? 0 : undefined}
        style={{ display: 'inline-block' }}
        aria-describedby={disabledReason ? whyId : undefined}
        onPointerEnter={reach}
        onFocus={reach}
      >
        <Button
          variant="light"
          color={color}
          disabled={!!disabledReason}
          onClick={() => {
            onReset();
            setMounted(true);
            setOpened(true);
          }}
        >
          {label}
        </Button>
        {disabledReason && (
          <span id={whyId} hidden>
            {disabledReason}
          </span>
        )}
      </span>
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
