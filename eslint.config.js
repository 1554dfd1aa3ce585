// Lint rules for the suite. Checks stay pure: they may not import the HTTP
// client, the test runner or the reference server (style.md, rule 2).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'reports/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Prettier (npm run format) lays the code out at this width; only text it cannot break (strings,
      // template literals, regular expressions, URLs, comments) may run past it.
      'max-len': [
        'error',
        { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true, ignoreComments: true },
      ],
    },
  },
  {
    files: ['lib/checks/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['undici', 'vitest', 'vitest/*', 'node:http', 'node:net', 'fast-check'],
              message: 'Checks are pure functions of a recorded exchange: only the harness does I/O.',
            },
            {
              group: ['**/http/**', '**/runner/**', '**/reference-server/**', '**/suite-kit/**'],
              message: 'Checks may not reach into the harness or the reference server.',
            },
          ],
        },
      ],
    },
  },
);
