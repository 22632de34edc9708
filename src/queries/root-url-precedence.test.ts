// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EMPTY_DASHBOARD_CONFIG,
  parseDashboardConfig,
  setDashboardConfig,
} from '../config/dashboard-config';
import { consumeRootUrlParam, defaultRootUrl, loadRootUrl, saveRootUrl } from './session-storage';

function configure(rootUrl: string) {
  const parsed = parseDashboardConfig({ rootUrl });
  if (!parsed.ok) throw new Error(parsed.error);
  setDashboardConfig(parsed.config);
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  window.history.replaceState(null, '', '/');
});
afterEach(() => {
  setDashboardConfig(EMPTY_DASHBOARD_CONFIG);
  vi.unstubAllEnvs();
});

describe('root URL precedence: ?rootUrl=, Settings, config, VITE_QUEUE_ROOT_URL, origin', () => {
  it('falls back to the page origin when nothing is set', () => {
    vi.stubEnv('VITE_QUEUE_ROOT_URL', '');
    expect(loadRootUrl()).toBe(window.location.origin);
  });

  it('prefers the build-time variable to the origin', () => {
    vi.stubEnv('VITE_QUEUE_ROOT_URL', 'https://built.example.com/');
    expect(loadRootUrl()).toBe('https://built.example.com');
  });

  it("prefers the configuration's rootUrl to the build-time variable", () => {
    vi.stubEnv('VITE_QUEUE_ROOT_URL', 'https://built.example.com');
    configure('https://config.example.com/');
    expect(defaultRootUrl()).toBe('https://config.example.com');
    expect(loadRootUrl()).toBe('https://config.example.com');
  });

  it('prefers Settings to the configuration', () => {
    vi.stubEnv('VITE_QUEUE_ROOT_URL', 'https://built.example.com');
    configure('https://config.example.com');
    saveRootUrl('https://settings.example.com');
    expect(loadRootUrl()).toBe('https://settings.example.com');
    // "Use default" in Settings returns to the configuration's deployment.
    saveRootUrl(undefined);
    expect(loadRootUrl()).toBe('https://config.example.com');
  });

  it('prefers ?rootUrl= to everything, for this tab, and takes it out of the address bar', () => {
    vi.stubEnv('VITE_QUEUE_ROOT_URL', 'https://built.example.com');
    configure('https://config.example.com');
    saveRootUrl('https://settings.example.com');
    window.history.replaceState(null, '', '/tasks/x?rootUrl=https%3A%2F%2Fparam.example.com&a=1');
    consumeRootUrlParam();
    expect(loadRootUrl()).toBe('https://param.example.com');
    expect(window.location.pathname + window.location.search).toBe('/tasks/x?a=1');
    expect(localStorage.getItem('queue-dashboard:root-url')).toBe('https://settings.example.com');
  });

  it('ignores an invalid ?rootUrl= and keeps the next choice', () => {
    configure('https://config.example.com');
    window.history.replaceState(null, '', '/?rootUrl=javascript:alert(1)');
    consumeRootUrlParam();
    expect(loadRootUrl()).toBe('https://config.example.com');
  });
});
