import {
  Button,
  Group,
  Loader,
  Popover,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { taskQuery } from '../queries/queue-queries';
import { useQueue, useQueueSession } from '../queries/queue-session';
import { loadRecent } from '../queries/recent-items';
import { parseGroupRef } from './parse-group-ref';
import { paths } from './paths';
import classes from './CompareWith.module.css';
import { describeError } from './QueryError';

export interface CompareWithPopoverProps {
  taskGroupId: string;
  compact: boolean;
  /** Open at once: the stand-in was pressed before this code arrived. */
  defaultOpened: boolean;
  /** Take the keyboard focus: the stand-in had it. */
  autoFocus: boolean;
}

/** The popover of {@link CompareWith}; loaded when the user reaches for its button. */
export function CompareWithPopover({
  taskGroupId,
  compact,
  defaultOpened,
  autoFocus,
}: CompareWithPopoverProps) {
  const [opened, setOpened] = useState(defaultOpened);
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      shadow="md"
      width={380}
      trapFocus
      withArrow
    >
      <Popover.Target>
        <Button
          variant={compact ? 'subtle' : 'default'}
          size={compact ? 'compact-xs' : 'sm'}
          onClick={() => setOpened((o) => !o)}
          aria-label={compact ? `Compare task group ${taskGroupId} with…` : undefined}
          aria-expanded={opened}
          autoFocus={autoFocus}
        >
          Compare with…
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        {opened && <CompareForm taskGroupId={taskGroupId} onClose={() => setOpened(false)} />}
      </Popover.Dropdown>
    </Popover>
  );
}

function CompareForm({ taskGroupId, onClose }: { taskGroupId: string; onClose: () => void }) {
  const navigate = useNavigate();
  const queue = useQueue();
  const client = useQueryClient();
  const { rootUrl } = useQueueSession();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  const [looking, setLooking] = useState(false);
  const recent = useMemo(
    () => loadRecent(rootUrl).filter((r) => r.kind === 'group' && r.id !== taskGroupId),
    [rootUrl, taskGroupId],
  );

  const go = (other: string) => {
    if (other === taskGroupId) {
      setError('That is this task group: pick another one to compare with.');
      return;
    }
    onClose();
    void navigate(paths.compare(taskGroupId, other));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ref = parseGroupRef(value);
    if (ref.kind === 'invalid') return setError(ref.reason);
    setError(undefined);
    if (ref.kind === 'group') return go(ref.id);
    // A pasted task URL means that task's group.
    setLooking(true);
    try {
      const task = await client.fetchQuery(taskQuery(queue, ref.taskId));
      go(task.taskGroupId);
    } catch (err) {
      setError(`Could not find that task's group: ${describeError(err, 'task').title}.`);
    } finally {
      setLooking(false);
    }
  };

  return (
    <Stack gap="xs">
      <form onSubmit={(e) => void submit(e)}>
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label="Task group to compare with"
            placeholder="Task group ID or URL"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={error}
            style={{ flex: 1 }}
            size="xs"
            spellCheck={false}
            data-autofocus
          />
          <Button type="submit" size="xs" loading={looking}>
            Compare
          </Button>
        </Group>
      </form>
      {looking && (
        <Group gap={6}>
          <Loader size="xs" />
          <Text size="xs">Looking up the task's group…</Text>
        </Group>
      )}
      {recent.length > 0 && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            Recent task groups
          </Text>
          {recent.slice(0, 6).map((r) => (
            <UnstyledButton key={r.id} onClick={() => go(r.id)} className={classes.recent}>
              <Text size="sm" truncate>
                {r.name ?? r.id}
              </Text>
              <Text size="xs" c="dimmed" ff="monospace">
                {r.id}
                {r.total !== undefined ? ` · ${r.total.toLocaleString()} tasks` : ''}
              </Text>
            </UnstyledButton>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
