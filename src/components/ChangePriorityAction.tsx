import { Stack, Text } from '@mantine/core';
import { lazy, useState, type ReactNode } from 'react';
import { PRIORITIES, type TaskPriority } from '../api';
import { ConfirmAction } from './ConfirmAction';

// Loaded with the dialog (ConfirmAction preloads both when the user reaches for the button).
const loadSelect = () => import('./PrioritySelect');
const PrioritySelect = lazy(() => loadSelect().then((m) => ({ default: m.PrioritySelect })));

export interface ChangePriorityActionProps {
  /** The priority now, preselected and named; absent for a group (its tasks may differ). */
  current?: TaskPriority;
  onConfirm: (priority: TaskPriority) => Promise<unknown>;
  pending: boolean;
  error: unknown;
  onReset: () => void;
  disabledReason?: string;
  /** What the change applies to and what it does. */
  children: ReactNode;
  /** See ConfirmAction. */
  defaultOpened?: boolean;
  autoFocus?: boolean;
}

/** `Change priority`: a dialog with the priority levels (highest first) and the current one. */
export function ChangePriorityAction({
  current,
  onConfirm,
  pending,
  error,
  onReset,
  disabledReason,
  children,
  defaultOpened,
  autoFocus,
}: ChangePriorityActionProps) {
  const [choice, setChoice] = useState<TaskPriority | null>(current ?? null);
  const [missing, setMissing] = useState(false);
  // The 2016 API's `normal` is still a task's priority on older deployments: keep it choosable.
  const levels: string[] = [...PRIORITIES];
  if (current && !levels.includes(current)) levels.push(current);
  return (
    <ConfirmAction
      label="Change priority"
      disabledReason={disabledReason}
      defaultOpened={defaultOpened}
      autoFocus={autoFocus}
      preload={() => void loadSelect()}
      pending={pending}
      error={error}
      onReset={() => {
        onReset();
        setMissing(false);
        setChoice(current ?? null);
      }}
      onConfirm={async () => {
        if (!choice) {
          setMissing(true);
          throw new Error('no priority chosen');
        }
        await onConfirm(choice);
      }}
    >
      <Stack gap="sm">
        {children}
        {current && (
          <Text size="sm">
            Current priority: <b>{current}</b>
          </Text>
        )}
        <PrioritySelect
          levels={levels}
          current={current}
          value={choice}
          onChange={(v) => {
            setChoice(v);
            setMissing(false);
          }}
          missing={missing}
        />
      </Stack>
    </ConfirmAction>
  );
}
