import type { TaskState } from '../api';

/** Mantine colours per state, shared by badges, counts and the run timeline. */
export const STATE_COLORS: Record<TaskState, string> = {
  unscheduled: 'gray',
  pending: 'yellow',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  exception: 'orange',
};
