import { Text } from '@mantine/core';
import type { GroupSnapshot } from '../../../queries/task-group/task-group-stream';

export interface TimingsTabProps {
  taskGroupId: string;
  stream: GroupSnapshot;
}

export function TimingsTab({ stream }: TimingsTabProps) {
  return <Text c="dimmed">Timings of {stream.loaded.toLocaleString()} tasks: computing…</Text>;
}
