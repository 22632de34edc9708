import { Button, CloseButton, Group, Paper, Progress, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { paths } from '../../components/paths';
import { bulkJobSeen, markBulkJobSeen, useBulkJobs } from '../../queries/bulk/bulk-jobs';
import { confirmLabel } from '../../queries/bulk/bulk-preview';

/**
 * While the user is elsewhere in the app, bulk jobs show their progress here with a link back to
 * their results (on their group's page). A job that ends meanwhile stays, with its outcome, until
 * the user has seen its results or closes it: failures must not pass unnoticed.
 */
export function BulkJobNotice() {
  const jobs = useBulkJobs();
  const { pathname } = useLocation();
  const shown = jobs.filter(
    (j) => pathname !== paths.group(j.taskGroupId) && (j.active || !bulkJobSeen(j)),
  );
  if (!shown.length) return null;
  return (
    <Paper
      withBorder
      shadow="md"
      p="sm"
      role="status"
      aria-label="Bulk actions in progress"
      style={{ position: 'fixed', right: 16, bottom: 16, zIndex: 300, width: 340 }}
    >
      {shown.map((job) => {
        const c = job.counts();
        const calls = c.total - c.skipped;
        const label = job.wholeGroup ? 'Group priority' : confirmLabel(job.action, calls);
        return (
          <div key={job.id} data-job-state={job.state}>
            <Group justify="space-between" gap="xs" wrap="nowrap">
              <Text size="sm" fw={600} truncate>
                {label}
                {job.active ? '' : job.state === 'stopped' ? ': stopped' : ': finished'}
              </Text>
              <Group gap={4} wrap="nowrap">
                <Button
                  component={Link}
                  to={paths.group(job.taskGroupId)}
                  size="compact-xs"
                  variant="subtle"
                >
                  View results
                </Button>
                {!job.active && (
                  <CloseButton
                    size="sm"
                    aria-label={`Close the notice of ${label}`}
                    onClick={() => markBulkJobSeen(job)}
                  />
                )}
              </Group>
            </Group>
            <Text size="xs" c={!job.active && c.failed ? 'red' : 'dimmed'}>
              {c.done + c.failed} of {calls} · {c.failed} failed
              {c.skipped ? ` · ${c.skipped} skipped` : ''}
            </Text>
            <Progress
              value={calls ? ((c.done + c.failed) / calls) * 100 : 100}
              size="sm"
              color={c.failed ? 'orange' : undefined}
              animated={job.active}
            />
          </div>
        );
      })}
    </Paper>
  );
}
