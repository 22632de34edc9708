import { Button, Group, Paper, Text } from '@mantine/core';
import { memo, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { Selection } from '../../queries/bulk/selection';

export interface SelectionBarProps {
  selection: Selection;
  /** The rows the current filter shows. */
  view: Int32Array;
  /** The action buttons. */
  children?: ReactNode;
}

/** While anything is selected: how many, how many the filter hides, Clear, and the actions. Esc clears. */
export const SelectionBar = memo(function SelectionBar({
  selection,
  view,
  children,
}: SelectionBarProps) {
  const version = useSyncExternalStore(selection.subscribe, selection.getVersion);
  const size = selection.size;
  // Cached by the selection per view and version: the header checkbox asks the same.
  const inView = selection.countIn(view);
  useEffect(() => {
    if (!size) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // Esc in a dialog, a menu or a text field belongs to them.
      const target = e.target as HTMLElement | null;
      if (
        target?.closest(
          '[role="dialog"], [role="menu"], [role="listbox"], input[type="text"], input:not([type]), textarea',
        )
      )
        return;
      if (document.querySelector('[role="dialog"]')) return;
      selection.clear();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selection, size]);
  const hidden = size - inView;
  if (!size) {
    // The bar keeps its place, so that selecting a first row does not move the rows under the pointer.
    return (
      <Paper
        px="sm"
        py={6}
        withBorder
        style={{ borderStyle: 'dashed' }}
        data-testid="selection-bar"
        data-selection={version}
        data-selected-count={0}
      >
        <Text size="sm" c="dimmed" lh="26px">
          Select tasks to act on several at once · Shift-click selects a range · Space toggles the
          focused row
        </Text>
      </Paper>
    );
  }
  return (
    <Paper
      withBorder
      px="sm"
      py={6}
      role="region"
      aria-label="Selection"
      data-testid="selection-bar"
      data-selected-count={size}
      data-selection={version}
      bg="var(--mantine-primary-color-light)"
    >
      <Group gap="sm" wrap="wrap">
        <Text size="sm" fw={600} aria-live="polite">
          {size} selected
        </Text>
        {hidden > 0 && (
          <Text size="sm" c="dimmed" data-testid="selection-hidden">
            {hidden} hidden by the current filter
          </Text>
        )}
        <Button
          size="xs"
          variant="subtle"
          onClick={() => selection.clear()}
          data-testid="selection-clear"
        >
          Clear
        </Button>
        <Group gap="xs" wrap="wrap">
          {children}
        </Group>
      </Group>
    </Paper>
  );
});
