import { CloseButton, Select } from '@mantine/core';
import { useEffect } from 'react';

export interface TaskQueueSelectProps {
  queues: { value: string; label: string }[];
  value?: string;
  onChange: (queue: string | undefined) => void;
  /** Hears the dropdown open and close (the list of queues is kept current only while open). */
  onOpenChange: (open: boolean) => void;
  /** Open at once: the stand-in was pressed before this code arrived. */
  defaultDropdownOpened: boolean;
  /** Take the keyboard focus: the stand-in had it. */
  autoFocus: boolean;
}

/** The picker of {@link TaskQueueFilter}; loaded when the user reaches for it. */
export function TaskQueueSelect({
  queues,
  value,
  onChange,
  onOpenChange,
  defaultDropdownOpened,
  autoFocus,
}: TaskQueueSelectProps) {
  // Opened on mount (the stand-in was pressed): Mantine does not call onDropdownOpen for that.
  useEffect(() => {
    if (defaultDropdownOpened) onOpenChange(true);
    // Only the mount's state counts.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <Select
      aria-label="Task queue"
      placeholder="All task queues"
      data={queues}
      value={value ?? null}
      onChange={(q) => onChange(q ?? undefined)}
      onDropdownOpen={() => onOpenChange(true)}
      onDropdownClose={() => onOpenChange(false)}
      // Mantine's own clear button is hidden from assistive technology: this one is not.
      rightSection={
        value ? (
          <CloseButton
            size="sm"
            aria-label="Clear task queue filter"
            onClick={() => onChange(undefined)}
          />
        ) : undefined
      }
      rightSectionPointerEvents={value ? 'all' : 'none'}
      searchable
      nothingFoundMessage="No such task queue"
      size="sm"
      w={260}
      comboboxProps={{ withinPortal: true }}
      defaultDropdownOpened={defaultDropdownOpened}
      autoFocus={autoFocus}
    />
  );
}
