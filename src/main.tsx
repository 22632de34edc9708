// First of all (on import): take a sign-in redirect's code or token off the URL and the history.
import './queries/oauth-callback';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
