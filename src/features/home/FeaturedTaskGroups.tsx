import { Anchor, Card, Code, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { FeaturedTaskGroup } from '../../config/dashboard-config';

/** The task groups the deployment's configuration points newcomers to; titles are plain text. */
export function FeaturedTaskGroups({ groups }: { groups: FeaturedTaskGroup[] }) {
  if (groups.length === 0) return null;
  return (
    <Card withBorder component="section" aria-labelledby="featured-task-groups">
      <Title order={2} size="h5" mb="xs" id="featured-task-groups">
        Featured task groups
      </Title>
      <Table>
        <Table.Tbody>
          {groups.map((g, i) => (
            <Table.Tr key={`${i}:${g.taskGroupId}`}>
              <Table.Td>
                {/* Titles come from the deployment's configuration: long ones wrap anywhere. */}
                <Anchor
                  component={Link}
                  to={`/tasks/groups/${g.taskGroupId}`}
                  size="sm"
                  style={{ overflowWrap: 'anywhere' }}
                >
                  <bdi>{g.title}</bdi>
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="xs" c="dimmed">
                  <Code>{g.taskGroupId}</Code>
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
