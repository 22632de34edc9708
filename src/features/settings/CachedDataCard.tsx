import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatBytes } from '../../components/format';
import { groupCache } from '../../queries/cache/group-cache';
import { DEFAULT_BUDGET_BYTES } from '../../queries/cache/lru';

/** What the revisit cache keeps on this device, and the button that empties it. */
export function CachedDataCard() {
  const [usage, setUsage] = useState<{ groups: number; bytes: number }>();
  const [version, setVersion] = useState(0);
  const [cleared, setCleared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    groupCache.usage().then(
      (u) => live && setUsage(u),
      () => live && setUsage({ groups: 0, bytes: 0 }),
    );
    return () => {
      live = false;
    };
  }, [version]);

  const clear = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await groupCache.clearAll();
      setCleared(true);
    } catch (err) {
      setError(
        `Could not clear the cached data: ${err instanceof Error ? err.message : String(err)}`,
      );
    } finally {
      setBusy(false);
      setVersion((v) => v + 1);
    }
  };

  return (
    <Card withBorder>
      <Stack>
        <Title order={2} size="h4">
          Cached data
        </Title>
        <Text size="sm" c="dimmed">
          Task groups you open are kept on this device, so that reopening one shows its tasks at
          once while they refresh. Only the task list is kept: never credentials or artifacts. A
          group that only signed-in users can read is kept only when you chose “Remember on this
          device”, and signing out clears this deployment’s groups. The least recently opened groups
          make room beyond {formatBytes(DEFAULT_BUDGET_BYTES)}.
        </Text>
        <Text size="sm" data-testid="cache-usage" data-groups={usage?.groups}>
          {usage === undefined
            ? 'Measuring…'
            : usage.groups === 0
              ? 'Nothing is cached.'
              : `${usage.groups.toLocaleString()} ${usage.groups === 1 ? 'group' : 'groups'} kept, ${formatBytes(usage.bytes)}.`}
        </Text>
        <Group>
          <Button
            variant="default"
            onClick={() => void clear()}
            loading={busy}
            disabled={usage?.groups === 0}
          >
            Clear cached data
          </Button>
          {cleared && (
            <Text size="sm" c="dimmed" role="status">
              Cleared.
            </Text>
          )}
        </Group>
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
