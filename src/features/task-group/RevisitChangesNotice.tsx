import { Alert, Text } from '@mantine/core';
import { useState } from 'react';
import { changeCount, describeChangeParts, describeChanges } from '../../queries/cache/row-diff';
import type { GroupSnapshot } from '../../queries/task-group/task-group-stream';

/** After a revisit's load: how many tasks changed since the cached rows, until dismissed. */
export function RevisitChangesNotice({ stream }: { stream: GroupSnapshot }) {
  const [dismissed, setDismissed] = useState(false);
  const changes = stream.changes;
  if (!changes || dismissed) return null;
  const n = changeCount(changes);
  // Nothing changed and nothing stale was shown: nothing to say.
  if (n === 0 && !changes.shown) return null;
  if (n === 0) {
    return (
      <Text size="sm" c="dimmed" role="status" data-testid="revisit-changes" data-count={0}>
        {describeChanges(changes)}.
      </Text>
    );
  }
  return (
    <Alert
      color="blue"
      variant="light"
      role="status"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => setDismissed(true)}
      data-testid="revisit-changes"
      data-count={n}
      py={6}
      px="sm"
    >
      <Text size="sm">
        <Text span fw={600} size="sm">
          {describeChanges(changes)}
        </Text>
        {' · '}
        {describeChangeParts(changes)}
        {changes.marked.size > 0 ? ' · marked in the list until your next visit' : ''}
      </Text>
    </Alert>
  );
}
