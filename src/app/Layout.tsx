import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Kbd,
  NavLink,
  Text,
  UnstyledButton,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { lazy, Suspense, useState } from 'react';
import { NavLink as RouterNavLink, Outlet } from 'react-router';
import { Icon } from '../components/Icon';
import { SignInControl } from '../features/settings/SignInControl';
import { useQueueSession } from '../queries/queue-session';
import { useAnonymousAccessProbe, useObserveQueryErrors } from '../queries/use-access';
import { ConnectivityBanner } from './ConnectivityBanner';
import { PrivateDeploymentNotice } from './PrivateDeploymentNotice';
import { BulkJobNotice } from '../features/task-group/BulkJobNotice';

function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={`Switch to ${next} mode`}
      title={`Switch to ${next} mode`}
      onClick={() => setColorScheme(next)}
    >
      <Icon name={computed === 'dark' ? 'sun' : 'moon'} size={18} />
    </ActionIcon>
  );
}

const NAV = [
  { to: '/', label: 'Home', end: true },
  { to: '/provisioners', label: 'Worker types', end: false },
  { to: '/settings', label: 'Settings', end: false },
];

const GoToSpotlight = lazy(() =>
  import('./GoToSpotlight').then((m) => ({ default: m.GoToSpotlight })),
);

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useQueueSession();
  useObserveQueryErrors();
  useAnonymousAccessProbe();
  // The spotlight loads on first use; afterwards it listens for Ctrl+K itself.
  const [spotlightLoaded, setSpotlightLoaded] = useState(false);
  const openSpotlight = () => {
    if (spotlightLoaded) void import('@mantine/spotlight').then((m) => m.spotlight.open());
    else setSpotlightLoaded(true);
  };
  useHotkeys(spotlightLoaded ? [] : [['mod+K', () => setSpotlightLoaded(true)]]);
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
              <Badge
                variant="outline"
                color="grape"
                size="lg"
                tt="none"
                maw={320}
                style={{ overflow: 'hidden' }}
                data-testid="root-url"
                title="Browsing another deployment (change it in Settings)"
              >
                {session.rootUrl}
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <UnstyledButton
              onClick={openSpotlight}
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
            <SignInControl hostsRequests />
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
        <ConnectivityBanner />
        <PrivateDeploymentNotice />
        {spotlightLoaded && (
          <Suspense fallback={null}>
            <GoToSpotlight />
          </Suspense>
        )}
        <Outlet />
        <BulkJobNotice />
      </AppShell.Main>
    </AppShell>
  );
}
