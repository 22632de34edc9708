import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The dashboard is a static SPA; the local Queue service serves `dist/` at `/`.
export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: {
      // @rjsf/core's test registry imports the Ajv validator, which cannot run under our CSP.
      '@rjsf/validator-ajv8': fileURLToPath(
        new URL('./src/components/actions/no-ajv-validator.ts', import.meta.url),
      ),
    },
  },
  server: {
    // `npm run dev` talks to a local Queue service on :8080 through this proxy, so the
    // page's origin stays a valid rootUrl during development too.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
});
