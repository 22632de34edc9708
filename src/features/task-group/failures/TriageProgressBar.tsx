import { Button, Group, Loader, Progress, Text } from '@mantine/core';
import type { TriageState } from '../../../queries/triage/useTriage';

export interface TriageProgressBarProps {
  state: TriageState & { cancel: () => void; restart: () => void };
  total: number;
  /** The group is still loading: triage starts when it is in. */
  waiting: boolean;
}

/** Progress of reading the failed tasks' log tails, with cancel and resume. */
export function TriageProgressBar({ state, total, waiting }: TriageProgressBarProps) {
  const p = state.progress;
  const done = p?.done ?? 0;
  const status = state.error
    ? 'error'
    : state.canceled
      ? 'canceled'
      : p?.finished
        ? 'done'
        : state.running || waiting
          ? 'running'
          : 'idle';
  return (
    <Group
      gap="sm"
      wrap="nowrap"
      data-testid="triage-progress"
      data-state={status}
      data-elapsed-ms={p?.finished ? Math.round(p.elapsedMs) : undefined}
      aria-live="polite"
    >
      {status === 'running' && <Loader size="xs" />}
      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
        {waiting && !p
          ? 'Waiting for the group to load…'
          : status === 'done'
            ? `Read ${total.toLocaleString()} log tail${total === 1 ? '' : 's'} in ${(p!.elapsedMs / 1000).toFixed(1)} s`
            : status === 'canceled'
              ? `Canceled after ${done.toLocaleString()} of ${total.toLocaleString()} logs`
              : status === 'error'
                ? `Triage stopped: ${state.error}`
                : p?.locating
                  ? 'Finding the examples’ line numbers…'
                  : `Reading log tails: ${done.toLocaleString()} of ${total.toLocaleString()}`}
      </Text>
      {(status === 'running' || status === 'canceled') && (
        <Progress
          value={total ? (done / total) * 100 : 0}
          size="sm"
          style={{ flex: 1, maxWidth: 320 }}
          aria-label="Log tails read"
        />
      )}
      {status === 'running' && !waiting && (
        <Button size="compact-xs" variant="default" onClick={state.cancel}>
          Cancel
        </Button>
      )}
      {(status === 'canceled' || status === 'error') && (
        <Button size="compact-xs" variant="default" onClick={state.restart}>
          Resume
        </Button>
      )}
    </Group>
  );
}
