import { Alert, Group, Loader, Text } from '@mantine/core';
import { useConnectivity } from '../queries/use-connectivity';

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/**
 * A quiet line above the page while the Queue fails to answer: "retrying" for passing failures,
 * "offline" once it has been unreachable for a few seconds, then, once it answers again, how
 * long it was offline (the views refetch by themselves). Never replaces the page.
 */
export function ConnectivityBanner() {
  const { state, dismiss } = useConnectivity();
  if (state.kind === 'online') return null;
  if (state.kind === 'retrying')
    return (
      <Group gap="xs" mb="xs" role="status" aria-live="polite" data-connectivity="retrying">
        <Loader size={12} color="gray" />
        <Text size="sm" c="dimmed">
          Retrying: the Queue did not answer
          {state.status ? ` (HTTP ${state.status})` : ''}. What is shown stays until it does.
        </Text>
      </Group>
    );
  if (state.kind === 'offline')
    return (
      <Alert
        color="yellow"
        variant="light"
        mb="xs"
        role="status"
        aria-live="polite"
        data-connectivity="offline"
        title="Offline: the Queue cannot be reached"
      >
        <Group gap="xs">
          <Loader size={12} color="yellow" />
          <Text size="sm">
            What is shown may be out of date. The page reconnects by itself; no need to reload.
          </Text>
        </Group>
      </Alert>
    );
  return (
    <Alert
      color="green"
      variant="light"
      mb="xs"
      role="status"
      aria-live="polite"
      data-connectivity="recovered"
      title="Back online"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={dismiss}
    >
      <Text size="sm">
        The Queue was unreachable for {duration(state.offlineMs)}; this page has been refreshed.
      </Text>
    </Alert>
  );
}
