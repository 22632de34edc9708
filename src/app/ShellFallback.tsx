import { AppShell, Group, Loader, Text } from '@mantine/core';

/**
 * What shows while the first view's code loads: the header's look without its controls. The
 * real shell replaces this tree when the route is ready, so a control here would lose its state
 * (a sign-in dialog opened in the fallback vanished as the view arrived).
 */
export function ShellFallback() {
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md">
          <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
            Queue Dashboard
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Group justify="center" mt="xl" aria-busy="true">
          <Loader size="sm" aria-label="Loading" />
        </Group>
      </AppShell.Main>
    </AppShell>
  );
}
