import '@mantine/spotlight/styles.css';
import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Kbd,
  NavLink,
  Text,
  Tooltip,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Spotlight, spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { useMemo, useState } from 'react';
import { NavLink as RouterNavLink, Outlet, useNavigate } from 'react-router';
import { parseTarget } from '../features/home/parse-target';
import { Icon } from '../components/Icon';
import { SignInControl } from '../features/settings/SignInControl';
import { useQueueSession } from '../queries/queue-session';

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} mode`}>
      <ActionIcon
        variant="default"
        size="lg"
        aria-label={`Switch to ${next} mode`}
        onClick={() => setColorScheme(next)}
      >
        <Icon name={computed === 'dark' ? 'sun' : 'moon'} size={18} />
      </ActionIcon>
    </Tooltip>
  );
}

const NAV = [
  { to: '/', label: 'Home', end: true },
  { to: '/provisioners', label: 'Worker types', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

function GoToSpotlight() {
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const actions = useMemo<SpotlightActionData[]>(() => {
    const target = parseTarget(query);
    const nav = NAV.map((n) => ({
      id: `nav:${n.to}`,
      label: n.label,
      description: 'Go to page',
      onClick: () => navigate(n.to),
    }));
    if (target.kind === 'id') {
      return [
        {
          id: 'task',
          label: `Open task ${target.id}`,
          onClick: () => navigate(`/tasks/${target.id}`),
        },
        {
          id: 'group',
          label: `Open task group ${target.id}`,
          onClick: () => navigate(`/tasks/groups/${target.id}`),
        },
      ];
    }
    if (target.kind === 'path')
      return [{ id: 'path', label: `Open ${target.path}`, onClick: () => navigate(target.path) }];
    return nav;
  }, [query, navigate]);
  return (
    <Spotlight
      actions={actions}
      query={query}
      onQueryChange={setQuery}
      shortcut={['mod + K']}
      nothingFound="Paste a task ID, a task group ID or a Taskcluster URL"
      searchProps={{
        placeholder: 'Task ID, task group ID or Taskcluster URL…',
        'aria-label': 'Go to',
      }}
      filter={(q, list) =>
        parseTarget(q).kind === 'invalid'
          ? (list as SpotlightActionData[]).filter((a) =>
              a.label?.toLowerCase().includes(q.toLowerCase()),
            )
          : list
      }
    />
  );
}

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useQueueSession();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 200, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Toggle navigation"
            />
            <Text
              fw={700}
              component={RouterNavLink}
              to="/"
              c="var(--mantine-color-text)"
              style={{ whiteSpace: 'nowrap', textDecoration: 'none' }}
            >
              Queue Dashboard
            </Text>
            {session.customRootUrl && (
              <Tooltip label="Browsing another deployment (change it in Settings)">
                <Badge
                  variant="outline"
                  color="grape"
                  size="lg"
                  tt="none"
                  maw={320}
                  style={{ overflow: 'hidden' }}
                  data-testid="root-url"
                >
                  {session.rootUrl}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <UnstyledButton
              onClick={() => spotlight.open()}
              aria-label="Go to a task or task group (Ctrl+K)"
              visibleFrom="md"
            >
              <Group
                gap={6}
                px="sm"
                py={4}
                style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 4 }}
              >
                <Text size="sm" c="dimmed">
                  Go to…
                </Text>
                <Kbd size="xs">Ctrl</Kbd>
                <Kbd size="xs">K</Kbd>
              </Group>
            </UnstyledButton>
            <SignInControl />
            <ColorSchemeToggle />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            component={RouterNavLink}
            to={item.to}
            end={item.end}
            label={item.label}
            onClick={close}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <GoToSpotlight />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
