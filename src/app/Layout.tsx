import {
  ActionIcon,
  Badge,
  Burger,
  Group,
  Kbd,
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
import { useBulkJobs } from '../queries/bulk/bulk-jobs';
import classes from './Shell.module.css';

/**
 * Set on the fixed header: while a dialog locks the page's scrolling, the scroll-lock library
 * (loaded with the dialog) shifts elements with this class by the scrollbar's width, so the
 * header does not jump. A plain class name, so the shell does not load that library.
 */
const SCROLL_LOCK_OFFSET = 'right-scroll-bar-position';

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

// Shown only while this tab has bulk jobs, which start on a group page: loaded then.
const BulkJobNotice = lazy(() =>
  import('../features/task-group/BulkJobNotice').then((m) => ({ default: m.BulkJobNotice })),
);

const GoToSpotlight = lazy(() =>
  import('./GoToSpotlight').then((m) => ({ default: m.GoToSpotlight })),
);

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const session = useQueueSession();
  const hasBulkJobs = useBulkJobs().length > 0;
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
    <>
      <header className={`${classes.header} ${SCROLL_LOCK_OFFSET}`}>
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
      </header>
      <nav className={classes.navbar} aria-label="Main" data-opened={opened || undefined}>
        {NAV.map((item) => (
          <RouterNavLink
            key={item.to}
            className={classes.link}
            to={item.to}
            end={item.end}
            onClick={close}
          >
            {item.label}
          </RouterNavLink>
        ))}
      </nav>
      <main className={classes.main}>
        <ConnectivityBanner />
        <PrivateDeploymentNotice />
        {spotlightLoaded && (
          <Suspense fallback={null}>
            <GoToSpotlight />
          </Suspense>
        )}
        <Outlet />
        {hasBulkJobs && (
          <Suspense fallback={null}>
            <BulkJobNotice />
          </Suspense>
        )}
      </main>
    </>
  );
}
