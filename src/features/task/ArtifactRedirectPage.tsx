import { Alert, Anchor, Loader, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { isValidSlugId } from '../../api';
import { paths } from '../../components/paths';
import { useQueue, useQueueSession } from '../../queries/queue-session';

/**
 * `/tasks/:taskId/runs/:runId/<artifact name>`, the Taskcluster UI's artifact link: sends the
 * browser to the artifact, signing the URL at this moment when it is private.
 */
export function ArtifactRedirectPage() {
  const { taskId = '', runId = '', '*': name = '' } = useParams();
  const queue = useQueue();
  const { clientId } = useQueueSession();
  const [error, setError] = useState<string>();
  const valid = isValidSlugId(taskId) && /^\d+$/.test(runId) && name.length > 0;
  const isPublic = name.startsWith('public/');
  const blocked = !isPublic && !clientId;

  useEffect(() => {
    if (!valid || blocked) return;
    let cancelled = false;
    const go = async () => {
      try {
        const url = isPublic
          ? queue.buildUrl('getArtifact', taskId, Number(runId), name)
          : await queue.getArtifactSignedUrl(taskId, Number(runId), name, { expiration: 60 });
        if (!cancelled) window.location.replace(url);
      } catch (err) {
        if (!cancelled) setError((err as Error).message);
      }
    };
    void go();
    return () => {
      cancelled = true;
    };
  }, [valid, blocked, isPublic, queue, taskId, runId, name]);

  if (!valid) {
    return (
      <Alert color="red" title="Not an artifact link" role="alert">
        <Text size="sm">
          Artifact links look like /tasks/&lt;taskId&gt;/runs/&lt;runId&gt;/&lt;artifact name&gt;.
        </Text>
      </Alert>
    );
  }
  if (blocked) {
    return (
      <Alert color="yellow" title="Private artifact" role="alert">
        <Text size="sm">
          {name} is private: sign in to open it, or go back to{' '}
          <Anchor component={Link} to={paths.run(taskId, Number(runId))}>
            the task
          </Anchor>
          .
        </Text>
      </Alert>
    );
  }
  if (error) {
    return (
      <Alert color="red" title="Could not open the artifact" role="alert">
        <Text size="sm">{error}</Text>
      </Alert>
    );
  }
  return (
    <Group gap="xs">
      <Loader size="xs" />
      <Text size="sm">Opening {name}…</Text>
    </Group>
  );
}
