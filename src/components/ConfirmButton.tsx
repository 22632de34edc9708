import { Button, type ButtonProps } from '@mantine/core';
import { useId } from 'react';

export interface ConfirmButtonProps {
  label: string;
  /** Why the action is unavailable; disables the button and explains it. */
  disabledReason?: string;
  color?: ButtonProps['color'];
  onClick: () => void;
  /** The pointer or the keyboard reached for the button (enabled only). */
  onReach?: () => void;
  autoFocus?: boolean;
  /** The keyboard focus entered (true) or left (false) the button. */
  onFocusChange?: (focused: boolean) => void;
}

/**
 * The button of a ConfirmAction, alone: a view can show it before the action's code (its dialog,
 * its mutation) has loaded, looking the same. A disabled button takes no focus: the wrapper
 * keeps the explanation reachable by keyboard and hover.
 */
export function ConfirmButton({
  label,
  disabledReason,
  color,
  onClick,
  onReach,
  autoFocus,
  onFocusChange,
}: ConfirmButtonProps) {
  const whyId = useId();
  const reach = disabledReason ? undefined : onReach;
  return (
    <span
      title={disabledReason}
      tabIndex={disabledReason ? 0 : undefined}
      style={{ display: 'inline-block' }}
      aria-describedby={disabledReason ? whyId : undefined}
      onPointerEnter={reach}
      onFocus={() => {
        reach?.();
        onFocusChange?.(true);
      }}
      onBlur={onFocusChange && (() => onFocusChange(false))}
    >
      <Button
        variant="light"
        color={color}
        disabled={!!disabledReason}
        onClick={onClick}
        autoFocus={autoFocus}
      >
        {label}
      </Button>
      {disabledReason && (
        <span id={whyId} hidden>
          {disabledReason}
        </span>
      )}
    </span>
  );
}
