import { Box, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { TaskRun } from '../../api';
import { formatDuration, formatTime } from '../../components/format';
import { STATE_COLORS } from '../../components/state-colors';
import classes from './RunTimeline.module.css';
import { layoutTimeline, type Segment } from './timeline-layout';

export interface RunTimelineProps {
  runs: readonly TaskRun[];
  selectedRunId?: number;
  onSelect: (runId: number) => void;
}

function segmentColor(s: Segment): string {
  if (s.tone === 'waited') return 'var(--mantine-color-gray-4)';
  if (s.tone === 'pending') return 'var(--mantine-color-yellow-5)';
  return `var(--mantine-color-${STATE_COLORS[s.tone]}-6)`;
}

function RunTooltip({ run }: { run: TaskRun }) {
  const rows: [string, string][] = [
    ['State', run.state],
    ['Created because', run.reasonCreated],
    ['Resolved because', run.reasonResolved ?? '—'],
    ['Scheduled', formatTime(run.scheduled)],
    ['Started', formatTime(run.started)],
    ['Resolved', formatTime(run.resolved)],
    ['Worker', run.workerId ? `${run.workerGroup}/${run.workerId}` : '—'],
    ['Taken until', formatTime(run.takenUntil)],
  ];
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700}>
        Run {run.runId}
      </Text>
      {rows.map(([k, v]) => (
        <Text size="xs" key={k}>
          {k}: {v}
        </Text>
      ))}
    </Stack>
  );
}

/** One lane per run on a shared time axis; a lane is a button that selects its run. */
export function RunTimeline({ runs, selectedRunId, onSelect }: RunTimelineProps) {
  const live = runs.some((r) => r.state === 'pending' || r.state === 'running');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [live]);
  const layout = layoutTimeline(runs, now);
  if (!runs.length) {
    return (
      <Text size="sm" c="dimmed">
        No runs yet: the task is waiting for its dependencies or to be scheduled.
      </Text>
    );
  }
  return (
    <Stack gap={4} aria-label="Run timeline" role="group">
      <Box className={classes.axis} aria-hidden>
        {layout.ticks.map((t) => (
          <span key={t.at} className={classes.tick} style={{ left: `${t.left}%` }}>
            {t.label}
          </span>
        ))}
      </Box>
      {layout.lanes.map(({ run, segments }) => {
        const selected = run.runId === selectedRunId;
        const running = segments.find((s) => s.kind === 'running');
        return (
          <Tooltip
            key={run.runId}
            label={<RunTooltip run={run} />}
            withArrow
            position="top-start"
            openDelay={150}
            events={{ hover: true, focus: true, touch: true }}
          >
            <UnstyledButton
              className={classes.lane}
              data-selected={selected || undefined}
              aria-pressed={selected}
              aria-label={`Run ${run.runId}: ${run.state}${run.reasonResolved ? ` (${run.reasonResolved})` : ''}, created by ${run.reasonCreated}${running ? `, ran ${formatDuration(running.to - running.from)}` : ''}`}
              onClick={() => onSelect(run.runId)}
            >
              <Group gap="xs" wrap="nowrap">
                <Text size="xs" ff="monospace" w={44} className={classes.label}>
                  run {run.runId}
                </Text>
                <Box className={classes.track}>
                  {segments.map((s) => (
                    <span
                      key={s.kind}
                      className={classes.segment}
                      data-open={s.open || undefined}
                      data-kind={s.kind}
                      style={{
                        left: `${s.left}%`,
                        width: `${s.width}%`,
                        background: segmentColor(s),
                      }}
                    />
                  ))}
                </Box>
                <Text size="xs" w={150} className={classes.label}>
                  {run.state}
                  {run.reasonResolved && run.reasonResolved !== run.state
                    ? ` · ${run.reasonResolved}`
                    : ''}
                </Text>
              </Group>
            </UnstyledButton>
          </Tooltip>
        );
      })}
      <Group gap="md" mt={4} aria-hidden>
        <Text size="xs" c="dimmed">
          <span className={classes.legend} style={{ background: 'var(--mantine-color-gray-4)' }} />{' '}
          waited for a worker
        </Text>
        <Text size="xs" c="dimmed">
          <span
            className={classes.legend}
            style={{ background: 'var(--mantine-color-yellow-5)' }}
          />{' '}
          pending now
        </Text>
        <Text size="xs" c="dimmed">
          <span className={classes.legend} style={{ background: 'var(--mantine-color-blue-6)' }} />{' '}
          ran (coloured by outcome)
        </Text>
      </Group>
    </Stack>
  );
}
