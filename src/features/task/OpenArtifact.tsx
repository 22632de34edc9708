import { Anchor, Button, Group, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { Artifact } from '../../api';
import { Icon } from '../../components/Icon';
import { useQueue, useQueueSession } from '../../queries/queue-session';

/** Opens an artifact: public ones by plain link, private ones through a URL signed at the click. */
export function OpenArtifact({
  taskId,
  runId,
  artifact,
}: {
  taskId: string;
  runId: number;
  artifact: Artifact;
}) {
  const queue = useQueue();
  const { clientId } = useQueueSession();
  const [signing, setSigning] = useState(false);
  const [error, setError] = useState<string>();
  const isPublic = artifact.name.startsWith('public/');
  if (isPublic) {
    return (
      <Anchor
        href={queue.buildUrl('getArtifact', taskId, runId, artifact.name)}
        target="_blank"
        rel="noopener noreferrer"
        size="sm"
      >
        Open
      </Anchor>
    );
  }
  if (!clientId) {
    return (
      <Tooltip label="Private artifact: sign in to open it">
        <Text size="sm" c="dimmed" tabIndex={0} aria-label="Private artifact: sign in to open it">
          <Icon name="lock" size={13} /> Private
        </Text>
      </Tooltip>
    );
  }
  return (
    <Group gap={4} wrap="nowrap">
      <Button
        variant="subtle"
        size="compact-sm"
        loading={signing}
        aria-label={`Open private artifact ${artifact.name} (signed link)`}
        onClick={async () => {
          setSigning(true);
          setError(undefined);
          // Open the tab synchronously so pop-up blockers accept it, then point it at the signed URL.
          const tab = window.open('', '_blank');
          try {
            const url = await queue.getArtifactSignedUrl(taskId, runId, artifact.name, {
              expiration: 60,
            });
            if (tab) {
              tab.opener = null;
              tab.location.href = url;
            } else window.location.href = url;
          } catch (err) {
            tab?.close();
            setError((err as Error).message);
          } finally {
            setSigning(false);
          }
        }}
      >
        <Icon name="lock" size={13} /> Open
      </Button>
      {error && (
        <Text size="xs" c="red" role="alert">
          {error}
        </Text>
      )}
    </Group>
  );
}
