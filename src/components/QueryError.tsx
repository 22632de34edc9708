import { Alert, Button, Group, Text } from '@mantine/core';
import { isQueueError } from '../api';

export interface QueryErrorProps {
  error: unknown;
  /** What was being loaded, e.g. "task" or "artifacts". */
  what: string;
  onRetry?: () => void;
}

/** What went wrong and what to do, for any failed load. Never shows credentials. */
export function describeError(
  error: unknown,
  what: string,
): { title: string; detail: string; retry: boolean } {
  if (isQueueError(error)) {
    if (error.status === 404)
      return {
        title: `This ${what} does not exist`,
        detail: `${error.message} It may have expired.`,
        retry: false,
      };
    if (error.status === 401)
      return {
        title: 'Your credentials were refused',
        detail: `${error.message} Sign in again with valid credentials.`,
        retry: false,
      };
    if (error.status === 403)
      return {
        title: `You may not view this ${what}`,
        detail: `${error.message}\nSign in with a client that has these scopes.`,
        retry: false,
      };
    if (error.status === 0)
      return {
        title: `Could not load the ${what}`,
        detail: `${error.message}. Check the root URL in Settings and your connection.`,
        retry: true,
      };
    if (error.status >= 500)
      return { title: `The Queue failed to load the ${what}`, detail: error.message, retry: true };
    return { title: `Could not load the ${what}`, detail: error.message, retry: false };
  }
  return {
    title: `Could not load the ${what}`,
    detail: error instanceof Error ? error.message : String(error),
    retry: true,
  };
}

export function QueryError({ error, what, onRetry }: QueryErrorProps) {
  const { title, detail, retry } = describeError(error, what);
  return (
    <Alert color="red" title={title} role="alert">
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {detail}
      </Text>
      {onRetry && retry && (
        <Group mt="sm">
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Retry
          </Button>
        </Group>
      )}
    </Alert>
  );
}
