import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { isQueueError } from '../api';
import { NotificationsHost } from '../components/NotificationsHost';
import { QueueSessionProvider } from '../queries/QueueSessionProvider';
import { createAppRouter } from './router';
import { theme } from './theme';

export function App() {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 10_000,
            // Focus must never reload large data; live views poll on their own.
            refetchOnWindowFocus: false,
            // The client already retried 5xx and network failures; 4xx answers are final.
            retry: (count, error) =>
              !(isQueueError(error) && error.status >= 400 && error.status < 500) && count < 1,
          },
        },
      }),
  );
  const [router] = useState(createAppRouter);
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <NotificationsHost />
      <QueryClientProvider client={queryClient}>
        <QueueSessionProvider>
          <RouterProvider router={router} />
        </QueueSessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
