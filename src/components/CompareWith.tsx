import { Button } from '@mantine/core';
import { intentLoader, useIntent } from './intent-loader';

// The popover (and its positioning code) loads when the user reaches for the button.
const popoverCode = intentLoader(() =>
  import('./CompareWithPopover').then((m) => m.CompareWithPopover),
);

export interface CompareWithProps {
  /** The group compared: it is A, the one picked here is B. */
  taskGroupId: string;
  /** A small subtle button, for lists. */
  compact?: boolean;
}

/** "Compare with…": picks a second task group (ID, pasted URL or a recent group) to compare with. */
export function CompareWith({ taskGroupId, compact = false }: CompareWithProps) {
  const { Loaded: CompareWithPopover, pressed, focused, standIn } = useIntent(popoverCode);
  if (CompareWithPopover)
    return (
      <CompareWithPopover
        taskGroupId={taskGroupId}
        compact={compact}
        defaultOpened={pressed}
        autoFocus={focused}
      />
    );
  return (
    <Button
      variant={compact ? 'subtle' : 'default'}
      size={compact ? 'compact-xs' : 'sm'}
      aria-label={compact ? `Compare task group ${taskGroupId} with…` : undefined}
      aria-haspopup="dialog"
      aria-expanded={false}
      {...standIn}
    >
      Compare with…
    </Button>
  );
}
