import { Text, Tooltip } from '@mantine/core';
import { formatRelative, formatTime } from './format';

/** "5 minutes ago", with the exact time on hover and for screen readers. */
export function RelativeTime({ time, now }: { time: string | number | undefined; now?: number }) {
  if (time === undefined) return <Text span>—</Text>;
  const ms = typeof time === 'number' ? time : Date.parse(time);
  if (Number.isNaN(ms)) return <Text span>—</Text>;
  return (
    <Tooltip label={formatTime(ms)} withArrow>
      <Text span component="time" dateTime={new Date(ms).toISOString()} size="sm">
        {formatTime(ms)}{' '}
        <Text span c="dimmed" size="sm">
          ({formatRelative(ms, now)})
        </Text>
      </Text>
    </Tooltip>
  );
}
