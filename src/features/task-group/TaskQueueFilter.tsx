import { CloseButton, Select } from '@mantine/core';
import { memo, useMemo, useState } from 'react';
import type { GroupRow } from '../../queries/task-group/group-rows';
import { createQueueCounter } from '../../queries/task-group/queue-counts';

export interface TaskQueueFilterProps {
  rows: readonly GroupRow[];
  /** The rows' version: the list of queues follows it. */
  version: number;
  value?: string;
  onChange: (queue: string | undefined) => void;
}

/** Only the tasks of one task queue (worker type): "every task of one worker type" in two clicks. */
export const TaskQueueFilter = memo(function TaskQueueFilter({
  rows,
  version,
  value,
  onChange,
}: TaskQueueFilterProps) {
  const [countQueues] = useState(createQueueCounter);
  // The list shows only while the dropdown is open or a queue is chosen (its label shows the
  // count): otherwise it waits, so that a page of rows does not re-render the whole Select.
  const [open, setOpen] = useState(false);
  const listVersion = open || value !== undefined ? version : -1;
  const queues = useMemo(() => {
    const counts = new Map(countQueues(rows));
    // A queue from the URL stays choosable while the rows load.
    if (value && !counts.has(value)) counts.set(value, 0);
    return [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([q, n]) => ({ value: q, label: `${q} (${n})` }));
    // `rows` grows in place: `listVersion` says when to list it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [countQueues, rows, listVersion, value]);
  return useMemo(
    () => (
      <Select
        aria-label="Task queue"
        placeholder="All task queues"
        data={queues}
        value={value ?? null}
        onChange={(q) => onChange(q ?? undefined)}
        onDropdownOpen={() => setOpen(true)}
        onDropdownClose={() => setOpen(false)}
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
      />
    ),
    [queues, value, onChange],
  );
});
