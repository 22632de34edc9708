import { Group, Loader, Text } from '@mantine/core';
import classes from './Shell.module.css';

/**
 * What shows while the first view's code loads: the header's look without its controls. The
 * real shell replaces this tree when the route is ready, so a control here would lose its state
 * (a sign-in dialog opened in the fallback vanished as the view arrived).
 */
export function ShellFallback() {
  return (
    <>
      <header className={classes.header}>
        <Group h="100%" px="md">
          <Text fw={700} style={{ whiteSpace: 'nowrap' }}>
            Queue Dashboard
          </Text>
        </Group>
      </header>
      <main className={classes.main} data-no-navbar>
        <Group justify="center" mt="xl" aria-busy="true">
          <Loader size="sm" aria-label="Loading" />
        </Group>
      </main>
    </>
  );
}
