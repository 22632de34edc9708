import { Stack, Text, Title } from '@mantine/core';

export function HomePage() {
  return (
    <Stack maw={720}>
      <Title order={1}>Taskcluster Queue</Title>
      <Text c="dimmed">
        Browse task groups, inspect tasks and their runs, open artifacts and logs, and watch
        worker-type backlogs.
      </Text>
    </Stack>
  );
}
