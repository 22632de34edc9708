import {
  ActionIcon,
  Anchor,
  Badge,
  Box,
  Group,
  Loader,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { Artifact } from '../../api';
import { formatBytes, formatRelative } from '../../components/format';
import { QueryError } from '../../components/QueryError';
import { useNow } from '../../components/use-now';
import { artifactsQuery } from '../../queries/queue-queries';
import { Icon } from '../../components/Icon';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import { SignInToView } from '../../components/SignInToView';
import { ArtifactPreview } from './ArtifactPreview';
import classes from './ArtifactsPanel.module.css';
import {
  artifactPath,
  buildArtifactTree,
  compactTree,
  isLog,
  type TreeNode,
} from './artifact-tree';
import { OpenArtifact } from './OpenArtifact';

export interface ArtifactsPanelProps {
  taskId: string;
  runId: number;
}

function Leaf({
  node,
  taskId,
  runId,
  selected,
  onSelect,
  now,
}: {
  node: TreeNode;
  taskId: string;
  runId: number;
  selected: boolean;
  onSelect: (a: Artifact) => void;
  now: number;
}) {
  const a = node.artifact!;
  const expired = Date.parse(a.expires) < now;
  return (
    <div
      className={classes.leaf}
      data-selected={selected || undefined}
      data-artifact={a.name}
      role="listitem"
    >
      <UnstyledButton
        onClick={() => onSelect(a)}
        className={classes.name}
        aria-label={`Preview ${a.name}`}
        title={a.name}
      >
        <Text size="sm" truncate="end">
          {!a.name.startsWith('public/') && (
            <span aria-label="private" style={{ marginRight: 4, verticalAlign: 'middle' }}>
              <Icon name="lock" size={12} />
            </span>
          )}
          {node.label}
        </Text>
      </UnstyledButton>
      <Badge
        size="xs"
        variant="outline"
        color={a.storageType === 'error' ? 'red' : 'gray'}
        className={classes.type}
      >
        {a.storageType}
      </Badge>
      <Text size="xs" c="dimmed" truncate="end" title={a.contentType} className={classes.ctype}>
        {a.contentType}
      </Text>
      <Text size="xs" c="dimmed" ta="right">
        {formatBytes(a.contentLength)}
      </Text>
      <Text size="xs" c={expired ? 'red' : 'dimmed'} title={a.expires} className={classes.expires}>
        {expired ? 'expired' : `expires ${formatRelative(Date.parse(a.expires), now)}`}
      </Text>
      <Group gap="xs" wrap="nowrap" justify="flex-end">
        {isLog(a) && a.storageType !== 'error' && (
          <Anchor component={Link} to={artifactPath(taskId, runId, a.name, true)} size="sm">
            View log
          </Anchor>
        )}
        {a.storageType !== 'error' && <OpenArtifact taskId={taskId} runId={runId} artifact={a} />}
      </Group>
    </div>
  );
}

function Folder({
  node,
  depth,
  ...rest
}: {
  node: TreeNode;
  depth: number;
  taskId: string;
  runId: number;
  selected?: string;
  onSelect: (a: Artifact) => void;
  now: number;
}) {
  return (
    <>
      {node.children.map((child) =>
        child.artifact ? (
          <Leaf
            key={child.path}
            node={child}
            taskId={rest.taskId}
            runId={rest.runId}
            selected={rest.selected === child.path}
            onSelect={rest.onSelect}
            now={rest.now}
          />
        ) : (
          <details key={child.path} open={depth < 2} className={classes.folder}>
            <summary className={classes.summary}>
              <Text span size="sm" fw={500}>
                {child.label}/
              </Text>{' '}
              <Text span size="xs" c="dimmed">
                {child.count}
              </Text>
            </summary>
            <Box pl="md">
              <Folder node={child} depth={depth + 1} {...rest} />
            </Box>
          </details>
        ),
      )}
    </>
  );
}

/** The artifacts of one run as a tree, with a filter and an inline preview. */
export function ArtifactsPanel({ taskId, runId }: ArtifactsPanelProps) {
  const queue = useQueue();
  const { clientId } = useQueueSession();
  const artifacts = useQuery(artifactsQuery(queue, taskId, runId));
  const now = useNow(60_000);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState<Artifact>();
  const tree = useMemo(
    () => compactTree(buildArtifactTree(artifacts.data ?? [], filter)),
    [artifacts.data, filter],
  );
  if (artifacts.isPending) return <Loader size="sm" aria-label="Loading artifacts" />;
  if (artifacts.isError)
    return (
      <QueryError
        error={artifacts.error}
        what="artifacts"
        onRetry={() => void artifacts.refetch()}
      />
    );
  if (!artifacts.data.length)
    return (
      <Text size="sm" c="dimmed">
        This run has no artifacts.
      </Text>
    );
  const privateCount = artifacts.data.filter((a) => !a.name.startsWith('public/')).length;
  return (
    <Stack gap="xs">
      {!clientId && privateCount > 0 && (
        <SignInToView
          what={`${privateCount} private artifact${privateCount === 1 ? '' : 's'}`}
          scope="queue:get-artifact:<name>"
        />
      )}
      <Group justify="space-between">
        <TextInput
          size="xs"
          placeholder="Filter artifacts"
          aria-label="Filter artifacts"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          w={280}
          rightSection={
            filter ? (
              <ActionIcon
                size="xs"
                variant="subtle"
                onClick={() => setFilter('')}
                aria-label="Clear artifact filter"
              >
                ×
              </ActionIcon>
            ) : null
          }
        />
        <Text size="xs" c="dimmed">
          {tree.count} of {artifacts.data.length} artifacts
        </Text>
      </Group>
      {tree.count === 0 ? (
        <Text size="sm" c="dimmed">
          No artifact name contains “{filter}”.
        </Text>
      ) : (
        <div role="list" aria-label="Artifacts" className={classes.tree}>
          <Folder
            node={tree}
            depth={0}
            taskId={taskId}
            runId={runId}
            selected={selected?.name}
            onSelect={setSelected}
            now={now}
          />
        </div>
      )}
      {selected && (
        <ArtifactPreview
          key={`${runId}/${selected.name}`}
          taskId={taskId}
          runId={runId}
          artifact={selected}
          onClose={() => setSelected(undefined)}
        />
      )}
    </Stack>
  );
}
