import { lazy, Suspense, useEffect, useState } from 'react';
import { attachNotifier, onNoticeWaiting, type Notice } from './notify';

const Loaded = lazy(async () => {
  const [m] = await Promise.all([
    import('@mantine/notifications'),
    import('@mantine/notifications/styles.css'),
  ]);
  function LoadedNotifications() {
    useEffect(() => {
      const show = (n: Notice) =>
        void m.notifications.show({ title: n.title, message: n.message, color: n.color });
      for (const n of attachNotifier(show)) show(n);
    }, []);
    return <m.Notifications position="bottom-right" />;
  }
  return { default: LoadedNotifications };
});

/** Loads and mounts the notifications package the first time something is notified. */
export function NotificationsHost() {
  const [needed, setNeeded] = useState(false);
  useEffect(() => onNoticeWaiting(() => setNeeded(true)), []);
  if (!needed) return null;
  return (
    <Suspense fallback={null}>
      <Loaded />
    </Suspense>
  );
}
