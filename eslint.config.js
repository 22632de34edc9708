import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginQuery from '@tanstack/eslint-plugin-query';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      '.data',
      'test-results',
      'playwright-report',
      'bench-results',
      'reports',
      '.scratch',
      // Ajv standalone output (npm run schemas); schemas.test.ts checks that it is current.
      'src/schemas/generated',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginQuery.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // The Queue client is deliberately not part of query keys: the cache is cleared whenever
      // the client changes (QueueSessionProvider), so keys stay ['queue', …] as designed.
      '@tanstack/query/exhaustive-deps': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The client must stay browser-safe and framework-free.
    files: ['src/api/**/*.ts'],
    ignores: ['src/api/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', '@tanstack/*', '@mantine/*'],
              message: 'src/api must not import React or UI libraries.',
            },
            {
              group: ['node:*', 'crypto', 'http', 'https', 'url', 'buffer', 'fs', 'path'],
              message: 'src/api must not import Node built-ins.',
            },
            {
              group: ['../queries/*', '../features/*', '../app/*', '../components/*'],
              message: 'src/api is the bottom layer.',
            },
          ],
        },
      ],
    },
  },
  {
    // The runtime configuration is read by every layer above the client, so it imports none of them.
    files: ['src/config/**/*.ts'],
    ignores: ['src/config/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-*', '@tanstack/*', '@mantine/*', 'node:*'],
              message: 'src/config is plain, browser-safe code.',
            },
            {
              group: ['../queries/*', '../features/*', '../app/*', '../components/*'],
              message: 'src/config sits below queries, features and app.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/queries/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../features/*', '../app/*'],
              message: 'queries sit below features and app.',
            },
          ],
        },
      ],
    },
  },
  {
    // Features never import each other; they share through components/ and queries/.
    files: ['src/features/*/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // A feature file sits at src/features/<area>/File.tsx: one `../` reaches another feature.
            { regex: '^\\.\\./(?!\\.\\./)', message: 'Features must not import other features.' },
            { regex: '^\\.\\./\\.\\./app/', message: 'Features must not import the app layer.' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'eslint.config.js',
      'vite.config.ts',
      'vitest.config.ts',
      'playwright.config.ts',
      'e2e/deployment/playwright.config.ts',
      '**/*.d.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
