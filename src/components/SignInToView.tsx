import { Button, Code, Group, Paper, Stack, Text } from '@mantine/core';
import { useQueueSession } from '../queries/queue-session';
import { usePrivateDeployment } from '../queries/use-access';
import { Icon } from './Icon';
import { Markdown } from './Markdown';
import { requestSignIn } from './sign-in-request';

export interface SignInToViewProps {
  /** What signing in would show, e.g. "the claimed count". */
  what: string;
  /** The scope (or scope expression) that it needs, when known. */
  scope?: string;
  /** The deployment's own explanation (Taskcluster Markdown), when there is one. */
  message?: string;
}

/**
 * An inline line for a panel the visitor may not see: what signing in would show, the scope it
 * needs and a "Sign in to view" button. Never a red wall: the rest of the page stays useful.
 */
export function SignInToView({ what, scope, message }: SignInToViewProps) {
  const { clientId } = useQueueSession();
  const privateDeployment = usePrivateDeployment();
  const lead = clientId
    ? `${clientId} may not view ${what}.`
    : privateDeployment
      ? `This deployment requires sign-in to view ${what}.`
      : `Sign in to view ${what}.`;
  return (
    <Paper
      withBorder
      p="xs"
      radius="sm"
      role="note"
      aria-label={`Sign in to view ${what}`}
      data-testid="sign-in-to-view"
    >
      <Group gap="sm" wrap="nowrap" align="flex-start" justify="space-between">
        <Group gap="xs" wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
          <Text c="dimmed" mt={2} component="span">
            <Icon name="lock" size={14} />
          </Text>
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text size="sm">
              {lead}
              {scope && (
                <>
                  {' '}
                  {clientId ? 'It needs' : 'Needs'} the scope <Code>{scope}</Code>.
                </>
              )}
            </Text>
            {message && (
              <Text size="xs" c="dimmed" component="div">
                <Markdown text={message} />
              </Text>
            )}
          </Stack>
        </Group>
        <Button size="compact-sm" variant="light" onClick={requestSignIn} style={{ flexShrink: 0 }}>
          {clientId ? 'Sign in as another client' : 'Sign in to view'}
        </Button>
      </Group>
    </Paper>
  );
}
