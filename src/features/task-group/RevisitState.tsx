import { Badge, Group, Loader, Text } from '@mantine/core';
import { formatRelative, formatTime } from '../../components/format';
import type { GroupSnapshot } from '../../queries/task-group/task-group-stream';

/**
 * The load state of a revisit: rows from the last visit on screen while the load refreshes
 * them ("refreshing"), or kept because the refresh failed.
 */
export function RevisitState({ stream, now }: { stream: GroupSnapshot; now: number }) {
  const cachedAt = stream.cachedAt ?? now;
  return (
    <Group gap={6} data-testid="revisit-state" data-cached={stream.cached || undefined}>
      {stream.fatal ? (
        <Badge color="orange" variant="light">
          not refreshed
        </Badge>
      ) : (
        <Badge color="blue" variant="light" leftSection={<Loader size={10} color="blue" />}>
          refreshing
        </Badge>
      )}
      <Text size="sm" c="dimmed" data-testid="revisit-progress">
        {stream.loaded.toLocaleString()} tasks from your last visit,{' '}
        <time dateTime={new Date(cachedAt).toISOString()} title={formatTime(cachedAt)}>
          {formatRelative(cachedAt, now)}
        </time>
        {stream.fatal
          ? ''
          : stream.fresh
            ? ` · ${stream.fresh.toLocaleString()} checked`
            : ' · checking for changes'}
      </Text>
    </Group>
  );
}
