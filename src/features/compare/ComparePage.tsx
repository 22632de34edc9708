import { Alert, Anchor, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { isValidSlugId, QueueError } from '../../api';
import { CopyId } from '../../components/CopyId';
import { paths } from '../../components/paths';
import { QueryError } from '../../components/QueryError';
import type { CompareEntry, Comparison } from '../../queries/insight/compare';
import { insightKey } from '../../queries/insight/insight-client';
import { useInsight } from '../../queries/insight/useInsight';
import { useQueue } from '../../queries/queue-session';
import type { GroupSnapshot } from '../../queries/task-group/task-group-stream';
import { useTaskGroupStream } from '../../queries/task-group/useTaskGroupStream';
import classes from './Compare.module.css';
import { CompareSection, type SectionKind } from './CompareSection';

/** `/tasks/groups/:a/compare/:b`: what changed from group A to group B, task by task. */
export function ComparePage() {
  const { a = '', b = '' } = useParams();
  const bad = [a, b].filter((id) => !isValidSlugId(id));
  if (bad.length) {
    return (
      <Alert color="red" title="Not a valid task group ID" role="alert">
        <Text size="sm">
          {bad.map((id) => `“${id}”`).join(' and ')} {bad.length === 1 ? 'is' : 'are'} not a task
          group ID. IDs are 22-character slugids such as <code>ZtErGuitR2yAcL-lJG6_2A</code>. The
          comparison URL is /tasks/groups/&lt;A&gt;/compare/&lt;B&gt;.
        </Text>
      </Alert>
    );
  }
  return <CompareView key={`${a}/${b}`} a={a} b={b} />;
}

function useGroupName(stream: GroupSnapshot, id: string): string | undefined {
  return useMemo(
    () => stream.rows.find((r) => r.taskId === id)?.name,
    // `rows` grows in place: the version says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [stream.rows, stream.version, id],
  );
}

function CompareView({ a, b }: { a: string; b: string }) {
  const queue = useQueue();
  const sa = useTaskGroupStream(a);
  const sb = useTaskGroupStream(b);
  const nameA = useGroupName(sa, a);
  const nameB = useGroupName(sb, b);
  // Computed in the insight worker from the data the two loads feed it: no refetch.
  const state = useInsight<'compare'>({
    what: 'compare',
    key: insightKey(queue, a),
    other: insightKey(queue, b),
  });
  const comparison = state.result?.comparison;
  const loaded = sa.done && sb.done;
  const failed = sa.fatal || sb.fatal;
  const final = loaded && state.done && !!comparison;

  return (
    <Stack gap="md" className={classes.page}>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1} size="h3">
          Compare task groups
        </Title>
        <Button component={Link} to={paths.compare(b, a)} variant="default" size="xs">
          Swap A and B
        </Button>
      </Group>
      <div className={classes.sides}>
        <GroupHeader side="A" id={a} name={nameA} stream={sa} />
        <GroupHeader side="B" id={b} name={nameB} stream={sb} />
      </div>
      {a === b && (
        <Alert color="yellow" title="Both sides are the same task group" role="status">
          <Text size="sm">Every task matches itself: pick another group to compare with.</Text>
        </Alert>
      )}
      {state.error && (
        <Alert color="red" title="The comparison could not be computed" role="alert">
          <Text size="sm">{state.error}</Text>
        </Alert>
      )}
      {failed && !comparison ? null : !comparison ? (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm">Comparing…</Text>
        </Group>
      ) : (
        <Results
          comparison={comparison}
          sizes={state.result!.sizes}
          a={a}
          b={b}
          final={final}
          ms={state.ms}
        />
      )}
    </Stack>
  );
}

function GroupHeader({
  side,
  id,
  name,
  stream,
}: {
  side: 'A' | 'B';
  id: string;
  name?: string;
  stream: GroupSnapshot;
}) {
  const notFound = stream.fatal && stream.error?.status === 404;
  return (
    <Paper withBorder p="sm" className={classes.side} data-testid={`compare-side-${side}`}>
      <Group gap="xs" wrap="nowrap" align="baseline">
        <Text fw={700} className={classes.sideLetter} aria-label={`Group ${side}`}>
          {side}
        </Text>
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Anchor component={Link} to={paths.group(id)} fw={600} truncate>
            {name ? <bdi>{name}</bdi> : 'Task group'}
          </Anchor>
          <CopyId value={id} label={`task group ${side} ID`} />
          <Group
            gap={6}
            aria-live="polite"
            data-testid={`compare-progress-${side}`}
            data-loaded={stream.loaded}
            data-done={stream.done || undefined}
          >
            {!stream.done && !stream.fatal ? (
              <>
                <Loader size={12} />
                <Text size="xs">Loaded {stream.loaded.toLocaleString()} tasks…</Text>
              </>
            ) : (
              <Text size="xs" c="dimmed">
                {stream.loaded.toLocaleString()} tasks
              </Text>
            )}
          </Group>
        </Stack>
      </Group>
      {notFound ? (
        <Alert color="red" title={`Task group ${side} does not exist`} role="alert" mt="xs">
          <Text size="sm">
            No task group with ID {id} exists on this deployment. It may have expired.
          </Text>
        </Alert>
      ) : stream.fatal && stream.error ? (
        <QueryError
          error={new QueueError({ ...stream.error, method: 'listTaskGroup' })}
          what={`task group ${side}`}
        />
      ) : null}
    </Paper>
  );
}

const SECTIONS: { kind: SectionKind; title: (a: string, b: string) => string; hint: string }[] = [
  {
    kind: 'newlyFailing',
    title: () => 'Newly failing',
    hint: 'Completed in A, failed or exception in B.',
  },
  { kind: 'fixed', title: () => 'Fixed', hint: 'Failed or exception in A, completed in B.' },
  { kind: 'stillFailing', title: () => 'Still failing', hint: 'Failing in both.' },
  { kind: 'onlyA', title: (a) => `Only in ${a}`, hint: 'No task of that name in B.' },
  { kind: 'onlyB', title: (_, b) => `Only in ${b}`, hint: 'No task of that name in A.' },
  {
    kind: 'slower',
    title: () => 'Slower',
    hint: 'Completed in both and slower in B: the largest run-time regressions first (at most 50).',
  },
];

function Results({
  comparison,
  sizes,
  a,
  b,
  final,
  ms,
}: {
  comparison: Comparison;
  sizes: [number, number];
  a: string;
  b: string;
  final: boolean;
  ms?: number;
}) {
  const empty = sizes[0] === 0 && sizes[1] === 0;
  return (
    <Stack gap="md" data-testid="comparison" data-done={final || undefined}>
      <Text size="sm" c="dimmed" data-testid="compare-summary">
        {comparison.matched.toLocaleString()} tasks matched by name (where a name repeats, the task
        created last counts) · A {sizes[0].toLocaleString()} tasks, B {sizes[1].toLocaleString()}{' '}
        tasks{final ? '' : ' so far'}
        {ms !== undefined ? ` · compared in ${ms < 1 ? '< 1' : ms.toFixed(0)} ms` : ''}
      </Text>
      {empty && final ? (
        <Text c="dimmed">Both task groups are empty: there is nothing to compare.</Text>
      ) : (
        SECTIONS.map((s) => (
          <CompareSection
            key={s.kind}
            kind={s.kind}
            title={s.title(a, b)}
            hint={s.hint}
            entries={comparison[s.kind] as CompareEntry[]}
            final={final}
          />
        ))
      )}
    </Stack>
  );
}
