import { Alert, Button, Group, Modal, Stack, type ButtonProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeError, ErrorDetail } from './QueryError';

export interface ConfirmDialogProps {
  label: string;
  opened: boolean;
  onClose: () => void;
  onConfirm: () => void;
  pending: boolean;
  error: unknown;
  color?: ButtonProps['color'];
  children: ReactNode;
}

/** The dialog of {@link ConfirmAction}; loaded when first opened. */
export function ConfirmDialog({
  label,
  opened,
  onClose,
  onConfirm,
  pending,
  error,
  color,
  children,
}: ConfirmDialogProps) {
  const failure = error ? describeError(error, 'action') : undefined;
  return (
    <Modal opened={opened} onClose={() => !pending && onClose()} title={label} centered>
      <Stack>
        <div>{children}</div>
        {failure && (
          <Alert color="red" title={`${label} failed`} role="alert">
            <ErrorDetail description={failure} />
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={pending}>
            Close
          </Button>
          <Button color={color} loading={pending} onClick={() => !pending && onConfirm()}>
            {label}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
