import { Alert, Button, Group, Modal, Stack, Text, Tooltip, type ButtonProps } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { describeError } from './QueryError';

export interface ConfirmActionProps {
  /** Button text; the confirm button in the dialog says the same. */
  label: string;
  /** What will happen, shown in the dialog. */
  children: ReactNode;
  onConfirm: () => Promise<unknown>;
  pending: boolean;
  error: unknown;
  onReset: () => void;
  /** Why the action is unavailable; disables the button and explains on hover or focus. */
  disabledReason?: string;
  color?: ButtonProps['color'];
}

/** A button that asks for confirmation, explains the effect, and cannot be submitted twice. */
export function ConfirmAction({
  label,
  children,
  onConfirm,
  pending,
  error,
  onReset,
  disabledReason,
  color,
}: ConfirmActionProps) {
  const [opened, { open, close }] = useDisclosure(false);
  const button = (
    <Button
      variant="light"
      color={color}
      onClick={() => {
        onReset();
        open();
      }}
      disabled={!!disabledReason}
      // A disabled button gets no focus or hover: the wrapper keeps the explanation reachable.
      aria-describedby={disabledReason ? `${label.replace(/\s+/g, '-')}-why` : undefined}
    >
      {label}
    </Button>
  );
  const failure = error ? describeError(error, 'action') : undefined;
  return (
    <>
      {disabledReason ? (
        <Tooltip label={disabledReason} withArrow multiline w={260}>
          <span tabIndex={0} style={{ display: 'inline-block' }}>
            {button}
            <span id={`${label.replace(/\s+/g, '-')}-why`} style={{ display: 'none' }}>
              {disabledReason}
            </span>
          </span>
        </Tooltip>
      ) : (
        button
      )}
      <Modal opened={opened} onClose={() => !pending && close()} title={label} centered>
        <Stack>
          <div>{children}</div>
          {failure && (
            <Alert color="red" title={`${label} failed`} role="alert">
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {failure.detail}
              </Text>
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={pending}>
              Close
            </Button>
            <Button
              color={color}
              loading={pending}
              onClick={() => {
                if (pending) return;
                onConfirm().then(close, () => undefined);
              }}
            >
              {label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
