import { Select } from '@mantine/core';
import type { TaskPriority } from '../api';

export interface PrioritySelectProps {
  levels: string[];
  current?: TaskPriority;
  value: TaskPriority | null;
  onChange: (value: TaskPriority | null) => void;
  missing: boolean;
}

/** The priority picker of {@link ChangePriorityAction}'s dialog; loaded with the dialog. */
export function PrioritySelect({ levels, current, value, onChange, missing }: PrioritySelectProps) {
  return (
    <Select
      label="Priority"
      data={levels.map((p) => ({ value: p, label: p === current ? `${p} (current)` : p }))}
      value={value}
      onChange={(v) => onChange(v as TaskPriority | null)}
      error={missing ? 'Choose a priority first.' : undefined}
      allowDeselect={false}
      placeholder="Choose a priority"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
