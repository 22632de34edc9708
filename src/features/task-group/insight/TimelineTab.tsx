import { Text } from '@mantine/core';
import type { GroupSnapshot } from '../../../queries/task-group/task-group-stream';

export interface TimelineTabProps {
  taskGroupId: string;
  stream: GroupSnapshot;
}

export function TimelineTab({ stream }: TimelineTabProps) {
  return <Text c="dimmed">Timeline of {stream.loaded.toLocaleString()} tasks: computing…</Text>;
}
