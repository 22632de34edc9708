import { ActionIcon, CopyButton, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Icon } from './Icon';

/** An identifier in monospace with a copy button. */
export function CopyId({
  value,
  label,
  children,
}: {
  value: string;
  label: string;
  children?: ReactNode;
}) {
  return (
    <Group gap={4} wrap="nowrap">
      {children ?? (
        <Text ff="monospace" size="sm">
          {value}
        </Text>
      )}
      <CopyButton value={value} timeout={1500}>
        {({ copied, copy }) => (
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            size="sm"
            onClick={copy}
            aria-label={`Copy ${label}`}
          >
            <Icon name={copied ? 'check' : 'copy'} size={14} />
          </ActionIcon>
        )}
      </CopyButton>
    </Group>
  );
}
