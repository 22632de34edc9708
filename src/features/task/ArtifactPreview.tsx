import {
  Alert,
  Anchor,
  Card,
  CloseButton,
  Code,
  Group,
  Image,
  Loader,
  Stack,
  Text,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Artifact } from '../../api';
import { safeHttpUrl } from '../../components/format';
import { JsonTree } from '../../components/JsonTree';
import { QueryError } from '../../components/QueryError';
import { artifactBodyQuery, artifactLocationQuery } from '../../queries/artifact-queries';
import { useQueue } from '../../queries/queue-session';
import { OpenArtifact } from './OpenArtifact';
import { previewKind } from './artifact-tree';

function JsonBody({ text }: { text: string }) {
  const parsed = useMemo(() => {
    try {
      return { ok: true as const, value: JSON.parse(text) as unknown };
    } catch {
      return { ok: false as const };
    }
  }, [text]);
  if (!parsed.ok) return <Code block>{text}</Code>;
  return <JsonTree value={parsed.value} />;
}

/**
 * A preview of one artifact: text, JSON (collapsible) and images inline, as text and never as
 * HTML; error artifacts say why they are missing; references show where they point.
 */
export function ArtifactPreview({
  taskId,
  runId,
  artifact,
  onClose,
}: {
  taskId: string;
  runId: number;
  artifact: Artifact;
  onClose: () => void;
}) {
  const queue = useQueue();
  const kind = previewKind(artifact);
  const isReference = artifact.storageType === 'reference';
  const wanted = artifact.storageType === 'error' || isReference || kind !== 'none';
  const body = useQuery({
    ...artifactBodyQuery(queue, taskId, runId, artifact.name),
    enabled: wanted && !isReference && kind !== 'image',
  });
  // Images and references only need where the content is: an <img> loads it without CORS.
  const location = useQuery({
    ...artifactLocationQuery(queue, taskId, runId, artifact.name),
    enabled: isReference || kind === 'image',
  });
  const target = location.data && 'url' in location.data ? location.data.url : undefined;
  const href = safeHttpUrl(target);

  return (
    <Card withBorder padding="sm" aria-label={`Preview of ${artifact.name}`}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text size="sm" fw={600} truncate="end">
          {artifact.name}
        </Text>
        <Group gap="xs" wrap="nowrap">
          {artifact.storageType !== 'error' && (
            <OpenArtifact taskId={taskId} runId={runId} artifact={artifact} />
          )}
          <CloseButton onClick={onClose} aria-label="Close preview" />
        </Group>
      </Group>
      {artifact.storageType === 'reference' && (
        <Stack gap="xs" mb="xs">
          <Text size="sm">
            Reference to{' '}
            {href ? (
              <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm">
                {target}
              </Anchor>
            ) : (
              <Code>{target ?? '…'}</Code>
            )}
          </Text>
          {target && !href && (
            <Text size="xs" c="dimmed">
              Not an http(s) URL, so it is not a link.
            </Text>
          )}
          {location.isError && <QueryError error={location.error} what="artifact" />}
        </Stack>
      )}
      {artifact.storageType !== 'reference' && !wanted && (
        <Text size="sm" c="dimmed">
          No preview for {artifact.contentType}: open or download it.
        </Text>
      )}
      {body.isPending && body.fetchStatus !== 'idle' && (
        <Loader size="sm" aria-label="Loading preview" />
      )}
      {body.isError && (
        <QueryError error={body.error} what="artifact" onRetry={() => void body.refetch()} />
      )}
      {body.data?.kind === 'error' && (
        <Alert color="red" title={`Error artifact: ${body.data.reason}`}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {body.data.message}
          </Text>
        </Alert>
      )}
      {kind === 'image' && !isReference && href && (
        <Image src={href} alt={artifact.name} maw="100%" fit="contain" mah={480} w="auto" />
      )}
      {kind === 'image' && !isReference && location.isError && (
        <QueryError error={location.error} what="artifact" />
      )}
      {body.data?.kind === 'text' && (
        <>
          {kind === 'json' ? (
            <JsonBody text={body.data.text} />
          ) : (
            <Code block mah={480} style={{ overflow: 'auto', whiteSpace: 'pre' }}>
              {body.data.text}
            </Code>
          )}
          {body.data.truncated && (
            <Text size="xs" c="dimmed">
              Preview truncated at 2 MB: open the artifact for the rest.
            </Text>
          )}
        </>
      )}
    </Card>
  );
}
