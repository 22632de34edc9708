// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useQueueSession } from './queue-session';
import { QueueSessionProvider } from './QueueSessionProvider';

let session: ReturnType<typeof useQueueSession>;
function Probe() {
  const current = useQueueSession();
  // Tests read the latest session from outside React.
  useEffect(() => {
    session = current;
  });
  return <div data-testid="who">{current.clientId ?? 'anonymous'}</div>;
}

function mount() {
  const queryClient = new QueryClient();
  queryClient.setQueryData(['queue', 'task', 'x', 'status'], { cached: true });
  render(
    <QueryClientProvider client={queryClient}>
      <QueueSessionProvider>
        <Probe />
      </QueueSessionProvider>
    </QueryClientProvider>,
  );
  return queryClient;
}

const creds = { clientId: 'alice', accessToken: 'alice-secret-token' };

beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('QueueSessionProvider', () => {
  it('defaults to this origin and signs in for this tab only, clearing the cache', () => {
    const queryClient = mount();
    expect(session.rootUrl).toBe(window.location.origin);
    expect(session.customRootUrl).toBe(false);
    act(() => session.signIn({ ...creds, remember: false }));
    expect(screen.getByTestId('who').textContent).toBe('alice');
    expect(sessionStorage.getItem('queue-dashboard:credentials')).toContain('alice');
    expect(localStorage.getItem('queue-dashboard:credentials')).toBeNull();
    expect(queryClient.getQueryData(['queue', 'task', 'x', 'status'])).toBeUndefined();
    expect(session.client.credentials?.clientId).toBe('alice');
  });

  it('"remember on this device" keeps credentials in localStorage; sign-out removes them everywhere', () => {
    mount();
    act(() => session.signIn({ ...creds, remember: true }));
    expect(localStorage.getItem('queue-dashboard:credentials')).toContain('alice');
    act(() => session.signOut());
    expect(localStorage.getItem('queue-dashboard:credentials')).toBeNull();
    expect(sessionStorage.getItem('queue-dashboard:credentials')).toBeNull();
    expect(screen.getByTestId('who').textContent).toBe('anonymous');
  });

  it('never sends credentials to another deployment, and takes ?rootUrl= out of the address bar', () => {
    mount();
    act(() => session.signIn({ ...creds, remember: true }));
    act(() => session.setRootUrl('https://other.example.com'));
    expect(session.rootUrl).toBe('https://other.example.com');
    expect(session.customRootUrl).toBe(true);
    expect(session.clientId).toBeUndefined();
    expect(session.client.credentials).toBeUndefined();
    act(() => session.setRootUrl(undefined));
    expect(session.clientId).toBe('alice');
    cleanup();

    window.history.replaceState(
      null,
      '',
      '/tasks/x?rootUrl=https%3A%2F%2Fthird.example.com%2F&keep=1',
    );
    mount();
    expect(session.rootUrl).toBe('https://third.example.com');
    expect(session.clientId).toBeUndefined();
    expect(window.location.search).toBe('?keep=1');
  });

  it('ignores a rootUrl that is not an http(s) URL', () => {
    window.history.replaceState(null, '', '/?rootUrl=javascript:alert(1)');
    mount();
    expect(session.rootUrl).toBe(window.location.origin);
  });

  it('signs out when temporary credentials expire and says so', () => {
    vi.useFakeTimers();
    mount();
    const certificate = JSON.stringify({
      version: 1,
      scopes: [],
      start: Date.now(),
      expiry: Date.now() + 60_000,
      seed: 'x'.repeat(44),
      signature: 's',
    });
    act(() => session.signIn({ ...creds, certificate, remember: false }));
    expect(session.expires).toBeGreaterThan(Date.now());
    act(() => vi.advanceTimersByTime(61_000));
    expect(session.clientId).toBeUndefined();
    expect(session.expiredClientId).toBe('alice');
    expect(sessionStorage.getItem('queue-dashboard:credentials')).toBeNull();
  });
});
