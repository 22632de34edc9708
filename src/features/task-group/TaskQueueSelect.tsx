import { CloseButton, Select } from '@mantine/core';

export interface TaskQueueSelectProps {
  queues: { value: string; label: string }[];
  value?: string;
  onChange: (queue: string | undefined) => void;
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
  defaultDropdownOpened,
  autoFocus,
}: TaskQueueSelectProps) {
  return (
    <Select
      aria-label="Task queue"
      placeholder="All task queues"
      data={queues}
      value={value ?? null}
      onChange={(q) => onChange(q ?? undefined)}
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
