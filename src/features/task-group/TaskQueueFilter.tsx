import { CloseButton, ComboboxChevron, InputBase } from '@mantine/core';
import { memo, useMemo, useState } from 'react';
import type { GroupRow } from '../../queries/task-group/group-rows';
import { createQueueCounter } from '../../queries/task-group/queue-counts';
import { intentLoader, useIntent } from '../../components/intent-loader';

// The picker (a combobox and its positioning code) loads when the user reaches for it.
const selectCode = intentLoader(() => import('./TaskQueueSelect').then((m) => m.TaskQueueSelect));

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
    // Nothing shows the list: count nothing (useMemo runs once even so, and a revisit's first
    // render would otherwise count all 50,000 cached rows before they show).
    if (listVersion === -1) return [];
    const counts = new Map(countQueues(rows));
    // A queue from the URL stays choosable while the rows load.
    if (value && !counts.has(value)) counts.set(value, 0);
    return [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([q, n]) => ({ value: q, label: `${q} (${n})` }));
    // `rows` grows in place: `listVersion` says when to list it again.
  }, [countQueues, rows, listVersion, value]);
  const { Loaded: TaskQueueSelect, pressed, focused, standIn } = useIntent(selectCode);
  return useMemo(
    () =>
      TaskQueueSelect ? (
        <TaskQueueSelect
          queues={queues}
          value={value}
          onChange={onChange}
          onOpenChange={setOpen}
          defaultDropdownOpened={pressed}
          autoFocus={focused}
        />
      ) : (
        // Looks as the picker does (its input, chevron and clear button) until its code arrives.
        <InputBase
          aria-label="Task queue"
          role="combobox"
          aria-haspopup="listbox"
          aria-expanded={false}
          placeholder="All task queues"
          value={queues.find((q) => q.value === value)?.label ?? ''}
          readOnly
          rightSection={
            value ? (
              <CloseButton
                size="sm"
                aria-label="Clear task queue filter"
                onClick={() => onChange(undefined)}
              />
            ) : (
              <ComboboxChevron size="sm" />
            )
          }
          rightSectionPointerEvents={value ? 'all' : 'none'}
          size="sm"
          w={260}
          {...standIn}
        />
      ),
    // `standIn` is new each render but does the same; `pressed` and `focused` count only at mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [TaskQueueSelect, queues, value, onChange],
  );
});
