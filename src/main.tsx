// First of all (on import): take a sign-in redirect's code or token off the URL and the history.
import './queries/oauth-callback';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadRoute } from './app/router';
import { loadDashboardConfig } from './config/dashboard-config';

// The runtime configuration chooses the default deployment, so it must be in place before the
// router is created and runs its first loader. One embedded in the page is installed at once;
// otherwise it is fetched, which never rejects and waits at most 1 s (a slower file still adds
// its sign-in clients when it arrives).
const configured = loadDashboardConfig();

// The view's code (and a log's content) load while a fetched configuration is on its way.
preloadRoute(window.location.pathname);

void configured.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
