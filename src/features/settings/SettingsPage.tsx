import { Button, Card, Code, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useQueueSession } from '../../queries/queue-session';
import { normalizeRootUrl } from '../../config/root-url';
import { defaultRootUrl } from '../../queries/session-storage';
import { CachedDataCard } from './CachedDataCard';
import { SignInControl } from './SignInControl';

export function SettingsPage() {
  const session = useQueueSession();
  const [value, setValue] = useState(session.rootUrl);
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const normalized = normalizeRootUrl(value);
    if (!normalized) {
      setError(
        'Enter an absolute http(s) URL without credentials, query or fragment, e.g. https://community-tc.services.mozilla.com',
      );
      return;
    }
    setError(undefined);
    session.setRootUrl(normalized === defaultRootUrl() ? undefined : normalized);
  };
  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        Settings
      </Title>
      <Card withBorder>
        <form onSubmit={submit}>
          <Stack>
            <Title order={2} size="h4">
              Deployment
            </Title>
            <Text size="sm" c="dimmed">
              The root URL of the Taskcluster deployment to browse. The default is the one this
              dashboard is configured with, else this page's own origin, where the local Queue
              service answers. Links can set it for one tab with <Code>?rootUrl=…</Code>.
            </Text>
            <TextInput
              label="Root URL"
              value={value}
              onChange={(e) => setValue(e.currentTarget.value)}
              error={error}
              spellCheck={false}
            />
            <Group>
              <Button type="submit">Save</Button>
              <Button
                variant="default"
                onClick={() => {
                  setValue(defaultRootUrl());
                  setError(undefined);
                  session.setRootUrl(undefined);
                }}
              >
                Use default ({defaultRootUrl()})
              </Button>
            </Group>
            <Text size="sm">
              Now browsing <Code>{session.rootUrl}</Code>. Credentials belong to one root URL:
              switching never sends them to another deployment.
            </Text>
          </Stack>
        </form>
      </Card>
      <Card withBorder>
        <Stack>
          <Title order={2} size="h4">
            Credentials
          </Title>
          <Text size="sm" c="dimmed">
            {session.clientId
              ? `Signed in as ${session.clientId}.`
              : 'Not signed in: public data only. Sign in to see private artifacts and to cancel, rerun or schedule tasks.'}
          </Text>
          <Group>
            <SignInControl />
          </Group>
        </Stack>
      </Card>
      <CachedDataCard />
    </Stack>
  );
}
