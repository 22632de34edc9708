import { Button, Tooltip } from '@mantine/core';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { BulkAction } from '../../queries/bulk/bulk-preview';
import type { Selection } from '../../queries/bulk/selection';
import { signedOutReason, useQueueSession } from '../../queries/queue-session';
import type { GroupRow } from '../../queries/task-group/group-rows';

const loadDialog = () => import('./BulkPreviewDialog');
const BulkPreviewDialog = lazy(() => loadDialog().then((m) => ({ default: m.BulkPreviewDialog })));

const BUTTONS: { action: BulkAction; label: string; color?: string }[] = [
  { action: 'rerun', label: 'Rerun selected' },
  { action: 'cancel', label: 'Cancel selected', color: 'red' },
  { action: 'retrigger', label: 'Retrigger selected' },
  { action: 'schedule', label: 'Schedule selected' },
  { action: 'priority', label: 'Change priority\u2026' },
];

export interface BulkActionsProps {
  taskGroupId: string;
  selection: Selection;
  rows: readonly GroupRow[];
  /** Every row is loaded: "the whole unresolved group" can be known. */
  complete: boolean;
}

/** The selection bar's actions; each opens a preview before anything is called. */
export function BulkActions({ taskGroupId, selection, rows, complete }: BulkActionsProps) {
  const session = useQueueSession();
  const [action, setAction] = useState<BulkAction>();
  const signedOut = signedOutReason(session, 'act on tasks');
  // These buttons show once something is selected: the dialog's code (Modal, Radio, the job
  // runner) and the results' load then, before the first click, and not with the task list.
  useEffect(() => {
    void loadDialog();
    void import('./BulkJobResults');
  }, []);
  return (
    <>
      {BUTTONS.map((b) => (
        <Tooltip key={b.action} label={signedOut} disabled={!signedOut}>
          <Button
            size="xs"
            // Bordered buttons stand out on the bar's tinted background (light ones vanish in it).
            variant={b.color ? 'light' : 'default'}
            color={b.color}
            data-disabled={signedOut ? true : undefined}
            onClick={(e) => (signedOut ? e.preventDefault() : setAction(b.action))}
            aria-disabled={signedOut ? true : undefined}
          >
            {b.label}
          </Button>
        </Tooltip>
      ))}
      {action && (
        <Suspense fallback={null}>
          <BulkPreviewDialog
            action={action}
            taskGroupId={taskGroupId}
            selection={selection}
            rows={rows}
            complete={complete}
            onClose={() => setAction(undefined)}
          />
        </Suspense>
      )}
    </>
  );
}
