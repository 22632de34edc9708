// First of all (on import): take a sign-in redirect's code or token off the URL and the history.
import './queries/oauth-callback';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { preloadRoute } from './app/router';
import { loadDashboardConfig } from './config/dashboard-config';

// The view's code loads while the configuration does (the router that would load it waits).
preloadRoute(window.location.pathname);

// The runtime configuration chooses the default deployment, so it must be in place before the
// router is created and runs its first loader. It never rejects and waits at most 1 s (a slower
// file still adds its sign-in clients when it arrives).
void loadDashboardConfig().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
