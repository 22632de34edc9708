import { Badge } from '@mantine/core';
import type { TaskState } from '../api';
import { STATE_COLORS } from './state-colors';

export function StateBadge({
  state,
  size = 'sm',
}: {
  state: TaskState;
  size?: 'xs' | 'sm' | 'md' | 'lg';
}) {
  return (
    <Badge color={STATE_COLORS[state]} variant="light" size={size} radius="sm">
      {state}
    </Badge>
  );
}
