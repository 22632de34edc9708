import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Group,
  Switch,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { memo, type KeyboardEvent } from 'react';
import { Icon } from '../../components/Icon';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import type { LogSnapshot } from './log-session';

function RawLink({ taskId, runId, name }: { taskId: string; runId: number; name: string }) {
  const queue = useQueue();
  const { clientId } = useQueueSession();
  if (name.startsWith('public/')) {
    return (
      <Anchor
        href={queue.buildUrl('getArtifact', taskId, runId, name)}
        target="_blank"
        rel="noopener noreferrer"
        size="sm"
      >
        Raw log
      </Anchor>
    );
  }
  return (
    <Button
      variant="subtle"
      size="compact-sm"
      disabled={!clientId}
      title={clientId ? undefined : 'Sign in to open private logs'}
      onClick={async () => {
        const tab = window.open('', '_blank');
        const url = await queue.getArtifactSignedUrl(taskId, runId, name, { expiration: 60 });
        if (tab) {
          tab.opener = null;
          tab.location.href = url;
        }
      }}
    >
      <Icon name="lock" size={13} /> Raw log
    </Button>
  );
}

/** Search, match steps, "only matching lines", follow and the raw log: the log view's controls. */
export const LogControls = memo(function LogControls({
  taskId,
  runId,
  name,
  query,
  onQuery,
  search,
  current,
  canStep,
  onStep,
  onlyMatches,
  onOnlyMatches,
  follow,
  onFollow,
}: {
  taskId: string;
  runId: number;
  name: string;
  query: string;
  onQuery(query: string): void;
  /** The worker's answer, for `query` once it has caught up with the typing. */
  search: LogSnapshot['search'];
  /** The current match (0-based). */
  current: number;
  /** Whether the matches' lines have arrived, so that `onStep` can go to them. */
  canStep: boolean;
  /** To the next (1) or previous (-1) match. */
  onStep(delta: number): void;
  onlyMatches: boolean;
  onOnlyMatches(only: boolean): void;
  follow: boolean;
  onFollow(follow: boolean): void;
}) {
  const matchCount = query && search.query === query ? search.count : 0;
  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      onStep(event.shiftKey ? -1 : 1);
    }
  };
  return (
    <Group gap="sm" wrap="wrap">
      <TextInput
        size="xs"
        placeholder="Search the log"
        aria-label="Search the log"
        value={query}
        onChange={(e) => onQuery(e.currentTarget.value)}
        onKeyDown={onSearchKey}
        w={240}
      />
      <Text
        size="xs"
        c="dimmed"
        w={110}
        data-testid="log-matches"
        data-query={search.query}
        data-complete={search.complete || undefined}
      >
        {!query
          ? ''
          : search.query !== query
            ? 'searching…'
            : matchCount
              ? `${Math.min(current + 1, matchCount)} of ${matchCount.toLocaleString()}${search.complete ? '' : '…'}`
              : search.complete
                ? 'no match'
                : 'searching…'}
      </Text>
      <Tooltip label="Previous match (Shift+Enter)">
        <ActionIcon
          variant="default"
          onClick={() => onStep(-1)}
          disabled={!canStep}
          aria-label="Previous match"
        >
          ↑
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Next match (Enter)">
        <ActionIcon
          variant="default"
          onClick={() => onStep(1)}
          disabled={!canStep}
          aria-label="Next match"
        >
          ↓
        </ActionIcon>
      </Tooltip>
      <Checkbox
        size="xs"
        label="Only matching lines"
        checked={onlyMatches}
        onChange={(e) => onOnlyMatches(e.currentTarget.checked)}
      />
      <Switch
        size="xs"
        label="Follow"
        checked={follow}
        onChange={(e) => onFollow(e.currentTarget.checked)}
      />
      <RawLink taskId={taskId} runId={runId} name={name} />
    </Group>
  );
});
