import { Group, Paper, Text, UnstyledButton } from '@mantine/core';
import { memo } from 'react';
import { TASK_STATES, type TaskState } from '../../api';
import { STATE_COLORS } from '../../components/state-colors';
import type { StateCounts as Counts } from '../../queries/task-group/group-rows';
import classes from './TaskGroup.module.css';

export interface StateCountsProps {
  counts: Counts;
  selected: ReadonlySet<TaskState>;
  onToggle: (state: TaskState) => void;
  final: boolean;
}

/** One count per state; each toggles a filter (several may be on at once). */
export const StateCounts = memo(function StateCounts({
  counts,
  selected,
  onToggle,
  final,
}: StateCountsProps) {
  return (
    <Group gap="xs" role="group" aria-label="Filter by state">
      {TASK_STATES.map((state) => {
        const on = selected.has(state);
        return (
          <UnstyledButton
            key={state}
            onClick={() => onToggle(state)}
            aria-pressed={on}
            aria-label={`${state}: ${counts[state]} tasks${final ? '' : ' so far'}${on ? ', filter on' : ''}`}
            className={classes.countButton}
            data-state={state}
          >
            <Paper
              withBorder
              px="sm"
              py={6}
              className={classes.count}
              style={{
                borderColor: on ? `var(--mantine-color-${STATE_COLORS[state]}-filled)` : undefined,
                background: on ? `var(--mantine-color-${STATE_COLORS[state]}-light)` : undefined,
              }}
            >
              <Text
                size="xs"
                tt="uppercase"
                fw={600}
                c={`${STATE_COLORS[state]}.7`}
                className={classes.countLabel}
              >
                {state}
              </Text>
              <Text fw={700} size="lg" data-count={state}>
                {counts[state].toLocaleString()}
              </Text>
            </Paper>
          </UnstyledButton>
        );
      })}
    </Group>
  );
});
