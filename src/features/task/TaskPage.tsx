import {
  Alert,
  Anchor,
  Button,
  Card,
  CopyButton,
  Grid,
  Group,
  Loader,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { isValidSlugId, type TaskDefinition, type TaskRun } from '../../api';
import { formatTime } from '../../components/format';
import { JsonTree } from '../../components/JsonTree';
import { PanelBoundary } from '../../components/PanelBoundary';
import { paths } from '../../components/paths';
import { QueryError } from '../../components/QueryError';
import { StateBadge } from '../../components/StateBadge';
import { statusQuery, taskQuery } from '../../queries/queue-queries';
import { useQueue, useQueueSession } from '../../queries/queue-session';
import { rememberRecent } from '../../queries/recent-items';
import { ArtifactsPanel } from './ArtifactsPanel';
import { DependenciesPanel } from './DependenciesPanel';
import { DependentsPanel } from './DependentsPanel';
import { RunTimeline } from './RunTimeline';
import { TaskActions } from './TaskActions';
import { ActionsMenu } from '../../components/actions/ActionsMenu';
import { useOverriddenBuiltIns } from '../../queries/actions/use-in-tree-actions';
import { TaskDetails } from './TaskDetails';
import { WhyPending } from './WhyPending';

export function TaskPage() {
  const { taskId = '', runId } = useParams();
  if (!isValidSlugId(taskId)) {
    return (
      <Alert color="red" title="Not a valid task ID" role="alert">
        <Text size="sm">
          “{taskId}” is not a task ID. Task IDs are 22-character slugids such as{' '}
          <code>ZtErGuitR2yAcL-lJG6_2A</code>.
        </Text>
      </Alert>
    );
  }
  const run = runId === undefined ? undefined : /^\d+$/.test(runId) ? Number(runId) : NaN;
  return <TaskView key={taskId} taskId={taskId} runParam={run} />;
}

function Section({
  title,
  children,
  extra,
}: {
  title: string;
  children: React.ReactNode;
  extra?: React.ReactNode;
}) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          {title}
        </Title>
        {extra}
      </Group>
      <PanelBoundary title={title}>{children}</PanelBoundary>
    </Card>
  );
}

/** A panel whose data failed to load (the reason is shown once, above the panels). */
function Unavailable() {
  return (
    <Text size="sm" c="dimmed">
      Not available.
    </Text>
  );
}

function RunSummary({ run }: { run: TaskRun }) {
  const rows: [string, string][] = [
    ['Created because', run.reasonCreated],
    ['Resolved because', run.reasonResolved ?? '—'],
    ['Scheduled', formatTime(run.scheduled)],
    ['Started', formatTime(run.started)],
    ['Resolved', formatTime(run.resolved)],
    ['Worker', run.workerId ? `${run.workerGroup} / ${run.workerId}` : '—'],
    ['Taken until', formatTime(run.takenUntil)],
  ];
  return (
    <Group gap="lg" mt="sm" wrap="wrap">
      {rows.map(([k, v]) => (
        <div key={k}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            {k}
          </Text>
          <Text size="sm">{v}</Text>
        </div>
      ))}
    </Group>
  );
}

function PayloadSection({ task }: { task: TaskDefinition }) {
  const text = JSON.stringify(task.payload, null, 2);
  return (
    <Section
      title="Payload"
      extra={
        <Group gap="xs">
          <CopyButton value={text}>
            {({ copied, copy }) => (
              <Button size="compact-xs" variant="subtle" onClick={copy}>
                {copied ? 'Copied' : 'Copy payload'}
              </Button>
            )}
          </CopyButton>
        </Group>
      }
    >
      <JsonTree value={task.payload} />
    </Section>
  );
}

function TaskView({ taskId, runParam }: { taskId: string; runParam?: number }) {
  const queue = useQueue();
  const { rootUrl } = useQueueSession();
  const navigate = useNavigate();
  const task = useQuery(taskQuery(queue, taskId));
  const overridden = useOverriddenBuiltIns(task.data);
  const status = useQuery(statusQuery(queue, taskId));
  const runs = status.data?.status.runs ?? [];
  const latest = runs.length ? runs.length - 1 : undefined;
  const [artifactRun, setArtifactRun] = useState<'selected' | 'latest'>('selected');
  const selectedRun =
    runParam !== undefined && Number.isInteger(runParam) && runParam < runs.length
      ? runParam
      : latest;
  const artifactsFor = artifactRun === 'latest' ? latest : selectedRun;

  const name = task.data?.metadata.name;
  const state = status.data?.status.state;
  useEffect(() => {
    if (name) rememberRecent(rootUrl, { kind: 'task', id: taskId, name, state });
  }, [rootUrl, taskId, name, state]);

  const notFound = (task.error as { status?: number } | null)?.status === 404;
  if (task.isError && notFound) {
    return (
      <Alert color="red" title="This task does not exist" role="alert">
        <Text size="sm">
          No task with ID {taskId} exists on {rootUrl}. It may have expired, or it belongs to
          another deployment (check the root URL in Settings).
        </Text>
      </Alert>
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          {task.isPending ? (
            <Skeleton h={30} w={420} />
          ) : (
            <Title order={1} size="h3" style={{ wordBreak: 'break-word' }}>
              {name !== undefined ? <bdi>{name}</bdi> : taskId}
            </Title>
          )}
          <Group gap="xs">
            {state && <StateBadge state={state} size="md" />}
            {status.isFetching && !status.isPending && (
              <Loader size={12} aria-label="Refreshing status" />
            )}
            <Anchor component={Link} to={paths.definition(taskId)} size="sm">
              Full definition
            </Anchor>
          </Group>
        </Stack>
        <Group gap="xs" align="center">
          {task.data && (
            <ActionsMenu taskGroupId={task.data.taskGroupId} taskId={taskId} task={task.data} />
          )}
          {status.data && (
            <TaskActions status={status.data.status} task={task.data} overridden={overridden} />
          )}
        </Group>
      </Group>

      {task.isError && (
        <QueryError error={task.error} what="task" onRetry={() => void task.refetch()} />
      )}
      {status.isError && (
        <QueryError error={status.error} what="task status" onRetry={() => void status.refetch()} />
      )}
      {runParam !== undefined && runs.length > 0 && selectedRun !== runParam && (
        <Alert color="yellow" title="No such run">
          <Text size="sm">
            This task has runs 0 to {runs.length - 1}; showing run {selectedRun}.
          </Text>
        </Alert>
      )}
      {task.data && status.data && (
        <WhyPending taskId={taskId} task={task.data} status={status.data.status} />
      )}

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Section title="Runs">
              {status.isError ? (
                <Unavailable />
              ) : status.isPending ? (
                <Skeleton h={60} />
              ) : (
                <>
                  <RunTimeline
                    runs={runs}
                    selectedRunId={selectedRun}
                    onSelect={(r) => navigate(paths.run(taskId, r))}
                  />
                  {selectedRun !== undefined && runs[selectedRun] && (
                    <RunSummary run={runs[selectedRun]} />
                  )}
                </>
              )}
            </Section>
            <Section
              title="Artifacts"
              extra={
                latest !== undefined && selectedRun !== latest ? (
                  <SegmentedControl
                    size="xs"
                    value={artifactRun}
                    onChange={(v) => setArtifactRun(v as 'selected' | 'latest')}
                    data={[
                      { value: 'selected', label: `Run ${selectedRun}` },
                      { value: 'latest', label: `Latest (run ${latest})` },
                    ]}
                  />
                ) : latest !== undefined ? (
                  <Text size="xs" c="dimmed">
                    Run {latest} (latest)
                  </Text>
                ) : null
              }
            >
              {status.isError ? (
                <Unavailable />
              ) : artifactsFor === undefined ? (
                <Text size="sm" c="dimmed">
                  No runs, so no artifacts yet.
                </Text>
              ) : (
                <ArtifactsPanel key={artifactsFor} taskId={taskId} runId={artifactsFor} />
              )}
            </Section>
            {task.data && <PayloadSection task={task.data} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <Section title="Details">
              {task.data && status.data ? (
                <TaskDetails taskId={taskId} task={task.data} status={status.data.status} />
              ) : task.isError || status.isError ? (
                <Unavailable />
              ) : (
                <Skeleton h={240} />
              )}
            </Section>
            <Section title="Dependencies">
              {task.data ? (
                <DependenciesPanel task={task.data} taskId={taskId} />
              ) : task.isError ? (
                <Unavailable />
              ) : (
                <Skeleton h={40} />
              )}
            </Section>
            <Section title="Dependents">
              <DependentsPanel taskId={taskId} />
            </Section>
            {task.data && Object.keys(task.data.extra).length > 0 && (
              <Section title="Extra">
                <JsonTree value={task.data.extra} openDepth={1} />
              </Section>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
