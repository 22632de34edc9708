import { Anchor, Badge, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { paths } from '../../../components/paths';
import type { ExceptionGroup } from '../../../queries/triage/failure-summary';
import classes from './Failures.module.css';

const SHOWN = 6;

function ReasonTasks({ group }: { group: ExceptionGroup }) {
  const [all, setAll] = useState(false);
  const shown = all ? group.tasks : group.tasks.slice(0, SHOWN);
  return (
    <Group gap={6} wrap="wrap">
      {shown.map((t) => (
        <Anchor
          key={`${t.taskId}/${t.runId}`}
          component={Link}
          to={paths.run(t.taskId, t.runId)}
          size="xs"
          className={classes.taskLink}
          title={t.final ? 'The task ended with this exception' : 'Retried after this exception'}
        >
          <bdi>{t.name}</bdi>
          {t.final ? '' : ' (retried)'}
        </Anchor>
      ))}
      {group.tasks.length > SHOWN && (
        <Anchor component="button" size="xs" onClick={() => setAll((a) => !a)}>
          {all ? 'fewer' : `+${(group.tasks.length - SHOWN).toLocaleString()} more`}
        </Anchor>
      )}
    </Group>
  );
}

/** Exception runs grouped by their reason, most frequent first. */
export function ExceptionsPanel({
  taskGroupId,
  groups,
}: {
  taskGroupId: string;
  groups: readonly ExceptionGroup[];
}) {
  const final = groups.reduce((n, g) => n + g.tasks.filter((t) => t.final).length, 0);
  return (
    <Paper withBorder p="sm" component="section" aria-label="Exceptions by reason">
      <Group justify="space-between" mb={6}>
        <Title order={2} size="h5">
          Exceptions by reason
        </Title>
        <Anchor
          component={Link}
          to={paths.groupTasks(taskGroupId, { states: ['exception'] })}
          size="sm"
        >
          {final.toLocaleString()} task{final === 1 ? '' : 's'} ended in an exception
        </Anchor>
      </Group>
      <Table data-testid="exceptions-by-reason" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Reason</Table.Th>
            <Table.Th ta="right">Runs</Table.Th>
            <Table.Th>Tasks</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {groups.map((g) => (
            <Table.Tr key={g.reason} data-reason={g.reason}>
              <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                <Badge
                  variant="light"
                  color={g.reason === 'canceled' ? 'gray' : 'orange'}
                  tt="none"
                  className={classes.reason}
                >
                  {g.reason}
                </Badge>
              </Table.Td>
              <Table.Td ta="right" style={{ verticalAlign: 'top' }}>
                <Text size="sm">{g.runs.toLocaleString()}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  <ReasonTasks group={g} />
                </Stack>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
