import {
  Accordion,
  Alert,
  Box,
  Button,
  Code,
  Group,
  Modal,
  Radio,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { PRIORITIES, type TaskPriority } from '../../api';
import { startBulkJob } from '../../queries/bulk/start-bulk-job';
import {
  confirmLabel,
  previewBulk,
  TYPE_TO_CONFIRM_ABOVE,
  type BulkAction,
} from '../../queries/bulk/bulk-preview';
import type { Selection } from '../../queries/bulk/selection';
import { useQueue } from '../../queries/queue-session';
import { isUnresolved, type GroupRow } from '../../queries/task-group/group-rows';

const TITLES: Record<BulkAction, string> = {
  rerun: 'Rerun selected tasks',
  cancel: 'Cancel selected tasks',
  retrigger: 'Retrigger selected tasks',
  schedule: 'Schedule selected tasks',
  priority: 'Change priority of selected tasks',
};

/** Names shown per group before "and N more". */
const LIST_LIMIT = 200;

export interface BulkPreviewDialogProps {
  action: BulkAction;
  taskGroupId: string;
  selection: Selection;
  rows: readonly GroupRow[];
  complete: boolean;
  onClose: () => void;
}

/** What the action will do to each selected task, grouped with counts; nothing is called before Confirm. */
export function BulkPreviewDialog({
  action,
  taskGroupId,
  selection,
  rows,
  complete,
  onClose,
}: BulkPreviewDialogProps) {
  const queue = useQueue();
  const queryClient = useQueryClient();
  // The selection as it was when the dialog opened: live updates do not move the counts under the user.
  const [selected] = useState(() => selection.indices(rows.length).map((i) => rows[i]!));
  const [now] = useState(() => Date.now());
  const [priority, setPriority] = useState<TaskPriority>('high');
  const [typed, setTyped] = useState('');
  const wholeGroupPossible = useMemo(() => {
    if (action !== 'priority' || !complete) return false;
    const chosen = new Set(selected.map((r) => r.taskId));
    let unresolved = 0;
    for (const r of rows) {
      if (!isUnresolved(r.state)) continue;
      unresolved++;
      if (!chosen.has(r.taskId)) return false;
    }
    return unresolved > 0;
  }, [action, complete, selected, rows]);
  const [mode, setMode] = useState<'group' | 'tasks'>('group');
  const wholeGroup = wholeGroupPossible && mode === 'group';
  const preview = useMemo(
    () =>
      previewBulk({
        action,
        taskGroupId,
        selected,
        all: rows,
        newPriority: priority,
        now,
      }),
    [action, taskGroupId, selected, rows, priority, now],
  );
  const byId = useMemo(() => new Map(selected.map((r) => [r.taskId, r])), [selected]);
  const count = preview.apply.length;
  const mustType = count > TYPE_TO_CONFIRM_ABOVE;
  const typedOk = !mustType || typed.trim().replace(/[,\s]/g, '') === String(count);
  const schedulerId = selected[0]?.schedulerId ?? '-';

  const confirm = () => {
    startBulkJob(
      {
        queue,
        action,
        taskGroupId,
        tasks: preview.apply.map((taskId) => ({
          taskId,
          name: byId.get(taskId)?.name ?? taskId,
          priority: byId.get(taskId)?.priority,
        })),
        skipped: preview.skipped.map((s) => ({ ...s, name: byId.get(s.taskId)?.name ?? s.taskId })),
        newPriority: action === 'priority' ? priority : undefined,
        wholeGroup,
      },
      queryClient,
    );
    selection.clear();
    onClose();
  };

  return (
    <Modal opened onClose={onClose} title={TITLES[action]} size="lg">
      <Stack gap="sm">
        {action === 'priority' && (
          <Select
            label="New priority"
            data={[...PRIORITIES]}
            value={priority}
            onChange={(p) => p && setPriority(p as TaskPriority)}
            allowDeselect={false}
            w={220}
            comboboxProps={{ withinPortal: true }}
          />
        )}
        {wholeGroupPossible && (
          <Radio.Group
            label="The selection covers every unresolved task of this group"
            value={mode}
            onChange={(v) => setMode(v as 'group' | 'tasks')}
          >
            <Stack gap={4} mt={4}>
              <Radio
                value="group"
                label="One call for the whole group (changeTaskGroupPriority)"
                description={`Needs queue:change-task-group-priority:${schedulerId}/${taskGroupId}`}
              />
              <Radio value="tasks" label="One call per task (changeTaskPriority)" />
            </Stack>
          </Radio.Group>
        )}
        <Text size="sm">
          {selected.length} selected: {count} will change, {preview.skipped.length} will be skipped.
        </Text>
        <Accordion variant="contained" multiple data-testid="preview-groups">
          {preview.groups.map((g) => (
            <Accordion.Item key={g.key} value={g.key} data-apply={g.apply || undefined}>
              <Accordion.Control>
                <Text size="sm" c={g.apply ? undefined : 'dimmed'}>
                  <b>{g.taskIds.length}</b> {g.apply ? 'will ' : 'skipped: '}
                  {g.label}
                </Text>
              </Accordion.Control>
              <Accordion.Panel>
                {/* A block, not a flex column: flex items would shrink to fit the height and clip. */}
                <Box mah={220} style={{ overflowY: 'auto' }} role="list" aria-label="Tasks">
                  {g.taskIds.slice(0, LIST_LIMIT).map((id) => (
                    <Text key={id} size="xs" truncate title={id} role="listitem" lh="20px">
                      <bdi>{byId.get(id)?.name}</bdi>
                    </Text>
                  ))}
                  {g.taskIds.length > LIST_LIMIT && (
                    <Text size="xs" c="dimmed" lh="20px">
                      and {g.taskIds.length - LIST_LIMIT} more
                    </Text>
                  )}
                </Box>
              </Accordion.Panel>
            </Accordion.Item>
          ))}
        </Accordion>
        {preview.strandedDependents !== undefined && preview.strandedDependents > 0 && (
          <Alert color="orange" variant="light" data-testid="stranded">
            {preview.strandedDependents} dependent{' '}
            {preview.strandedDependents === 1 ? 'task' : 'tasks'} in this group will then never run
            (they require their dependencies to complete).
          </Alert>
        )}
        {(wholeGroup ? false : preview.scopes.length > 0) && (
          <div>
            <Text size="sm" fw={600}>
              Scopes the calls need
            </Text>
            <Stack gap={2} mt={4}>
              {preview.scopes.map((s) => (
                <Code key={s} block={false} style={{ whiteSpace: 'normal' }}>
                  {s}
                </Code>
              ))}
            </Stack>
          </div>
        )}
        {mustType && !wholeGroup && (
          <TextInput
            label={`Type ${count} to confirm`}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Close
          </Button>
          <Button
            color={action === 'cancel' ? 'red' : undefined}
            disabled={wholeGroup ? false : count === 0 || !typedOk}
            onClick={confirm}
          >
            {wholeGroup ? 'Change priority of the group' : confirmLabel(action, count)}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
