import { Button, Group, Paper, Progress, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { paths } from '../../components/paths';
import { useBulkJobs } from '../../queries/bulk/bulk-jobs';
import { confirmLabel } from '../../queries/bulk/bulk-preview';

/**
 * While the user is elsewhere in the app, running bulk jobs show their progress here with a link
 * back to their results (on their group's page).
 */
export function BulkJobNotice() {
  const jobs = useBulkJobs();
  const { pathname } = useLocation();
  const shown = jobs.filter((j) => j.active && pathname !== paths.group(j.taskGroupId));
  if (!shown.length) return null;
  return (
    <Paper
      withBorder
      shadow="md"
      p="sm"
      role="status"
      aria-label="Bulk actions in progress"
      style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 300, width: 320 }}
    >
      {shown.map((job) => {
        const c = job.counts();
        const calls = c.total - c.skipped;
        return (
          <div key={job.id}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={600}>
                {job.wholeGroup ? 'Group priority' : confirmLabel(job.action, calls)}
              </Text>
              <Button
                component={Link}
                to={paths.group(job.taskGroupId)}
                size="compact-xs"
                variant="subtle"
              >
                View results
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {c.done + c.failed} of {calls} · {c.failed} failed
            </Text>
            <Progress
              value={calls ? ((c.done + c.failed) / calls) * 100 : 100}
              size="sm"
              animated
            />
          </div>
        );
      })}
    </Paper>
  );
}
