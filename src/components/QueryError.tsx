import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { isQueueError } from '../api';
import { Markdown } from './Markdown';
import { SignInToView } from './SignInToView';

export interface QueryErrorProps {
  error: unknown;
  /** What was being loaded, e.g. "task" or "artifacts". */
  what: string;
  onRetry?: () => void;
}

export interface ErrorDescription {
  title: string;
  /** The service's message: Taskcluster writes Markdown (scope expressions in code blocks). */
  message: string;
  /** What to do about it, plain text. */
  advice?: string;
  retry: boolean;
}

/** What went wrong and what to do, for any failed load. Never shows credentials. */
export function describeError(error: unknown, what: string): ErrorDescription {
  if (isQueueError(error)) {
    if (error.status === 404)
      return {
        title: `This ${what} does not exist`,
        message: error.message,
        advice: 'It may have expired.',
        retry: false,
      };
    if (error.status === 401)
      return {
        title: 'Your credentials were refused',
        message: error.message,
        advice: 'Sign in again with valid credentials.',
        retry: false,
      };
    if (error.status === 403)
      return {
        title: `You may not view this ${what}`,
        message: error.message,
        advice: 'Sign in with a client that has these scopes.',
        retry: false,
      };
    if (error.status === 0)
      return {
        title: `Could not load the ${what}`,
        message: error.message,
        advice: 'Check the root URL in Settings and your connection.',
        retry: true,
      };
    if (error.status >= 500)
      return { title: `The Queue failed to load the ${what}`, message: error.message, retry: true };
    return { title: `Could not load the ${what}`, message: error.message, retry: false };
  }
  return {
    title: `Could not load the ${what}`,
    message: error instanceof Error ? error.message : String(error),
    retry: true,
  };
}

/** The body of an error: the service's Markdown message, then the advice. */
export function ErrorDetail({ description }: { description: ErrorDescription }) {
  return (
    <Stack gap={4}>
      <Text size="sm" component="div">
        <Markdown text={description.message} />
      </Text>
      {description.advice && <Text size="sm">{description.advice}</Text>}
    </Stack>
  );
}

export function QueryError({ error, what, onRetry }: QueryErrorProps) {
  // A missing scope degrades the panel to a sign-in line; the rest of the page stays.
  if (isQueueError(error) && error.status === 403)
    return <SignInToView what={`this ${what}`} message={error.message} />;
  const description = describeError(error, what);
  return (
    <Alert color="red" title={description.title} role="alert">
      <ErrorDetail description={description} />
      {onRetry && description.retry && (
        <Group mt="sm">
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Retry
          </Button>
        </Group>
      )}
    </Alert>
  );
}
