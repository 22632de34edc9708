import { Anchor, Badge, Button, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { paths } from '../../../components/paths';
import type { TriageTask } from '../../../queries/triage/failure-summary';
import type { ClusterView } from '../../../queries/triage/triage-protocol';
import classes from './Failures.module.css';

const SHOWN = 8;

/** Task links of a cluster: the first few, all on demand. */
function TaskLinks({ tasks, label }: { tasks: readonly TriageTask[]; label: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? tasks : tasks.slice(0, SHOWN);
  return (
    <Group gap={6} wrap="wrap" role="list" aria-label={label}>
      {shown.map((t) => (
        <Anchor
          key={`${t.taskId}/${t.runId}`}
          component={Link}
          to={paths.run(t.taskId, t.runId)}
          size="xs"
          role="listitem"
          className={classes.taskLink}
        >
          <bdi>{t.name}</bdi>
        </Anchor>
      ))}
      {tasks.length > SHOWN && (
        <Button size="compact-xs" variant="subtle" onClick={() => setAll((a) => !a)}>
          {all ? 'Show fewer' : `Show all ${tasks.length.toLocaleString()}`}
        </Button>
      )}
    </Group>
  );
}

/** Makes these tasks the group's selection, for bulk actions on the Tasks tab. */
function SelectTasks({
  tasks,
  onSelect,
  label,
}: {
  tasks: readonly TriageTask[];
  onSelect: (taskIds: string[]) => void;
  label: string;
}) {
  const n = tasks.length;
  return (
    <Button
      size="compact-xs"
      variant="light"
      style={{ flexShrink: 0 }}
      aria-label={label}
      onClick={() => onSelect(tasks.map((t) => t.taskId))}
    >
      {n === 1 ? 'Select this task' : `Select these ${n.toLocaleString()} tasks`}
    </Button>
  );
}

function ClusterCard({
  cluster,
  rank,
  onSelect,
}: {
  cluster: ClusterView;
  rank: number;
  onSelect?: (taskIds: string[]) => void;
}) {
  const ex = cluster.example;
  const count = cluster.members.length;
  return (
    <Paper
      withBorder
      p="sm"
      component="article"
      data-testid="failure-cluster"
      aria-label={`Cluster ${rank}: ${count} tasks`}
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <Badge color="red" variant="light" style={{ flexShrink: 0 }}>
            {count.toLocaleString()} task{count === 1 ? '' : 's'}
          </Badge>
          <Code className={classes.signature} data-testid="cluster-signature">
            {cluster.signature}
          </Code>
          {onSelect && (
            <SelectTasks
              tasks={cluster.members}
              onSelect={onSelect}
              label={`Select the ${count.toLocaleString()} task${count === 1 ? '' : 's'} of cluster ${rank} for bulk actions`}
            />
          )}
        </Group>
        <Text size="xs" c="dimmed">
          Example,{' '}
          <Anchor component={Link} to={paths.run(ex.taskId, ex.runId)} size="xs">
            <bdi>{ex.name}</bdi>
          </Anchor>
          {ex.lineNumber !== undefined ? ` line ${ex.lineNumber.toLocaleString()}` : ''}:
        </Text>
        <Anchor
          component={Link}
          to={paths.log(ex.taskId, ex.runId, ex.log, ex.lineNumber)}
          className={classes.example}
          data-testid="cluster-example"
          title={ex.lineNumber ? `Open the log at line ${ex.lineNumber}` : 'Open the log'}
        >
          {ex.line}
        </Anchor>
        <TaskLinks tasks={cluster.members} label={`Tasks of cluster ${rank}`} />
      </Stack>
    </Paper>
  );
}

export interface ClusterListProps {
  clusters: readonly ClusterView[];
  unclassified: readonly TriageTask[];
  /** Makes a cluster's tasks the group's selection (absent: no bulk actions here). */
  onSelect?: (taskIds: string[]) => void;
}

/** Clusters of failures, biggest first, then the failed tasks no rule recognized. */
export function ClusterList({ clusters, unclassified, onSelect }: ClusterListProps) {
  return (
    <Stack gap="sm" data-testid="failure-clusters">
      {clusters.map((c, i) => (
        <ClusterCard
          key={`${c.rule}\n${c.signature}`}
          cluster={c}
          rank={i + 1}
          onSelect={onSelect}
        />
      ))}
      {unclassified.length > 0 && (
        <Paper withBorder p="sm" data-testid="unclassified">
          <Stack gap={6}>
            <Group gap="xs" wrap="nowrap" align="flex-start" justify="space-between">
              <Text size="sm">
                {unclassified.length.toLocaleString()} failed task
                {unclassified.length === 1 ? '' : 's'} without a recognized error line in the last
                64 KB of the log (or without a readable log):
              </Text>
              {onSelect && (
                <SelectTasks
                  tasks={unclassified}
                  onSelect={onSelect}
                  label={`Select the ${unclassified.length.toLocaleString()} unclassified failed task${unclassified.length === 1 ? '' : 's'} for bulk actions`}
                />
              )}
            </Group>
            <TaskLinks tasks={unclassified} label="Unclassified failed tasks" />
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
