// One linter for the whole tree. The domain boundary is enforced here (and again by a unit test):
// domain/ may import only itself, zod and ts-pattern (and domain/calendar/ luxon, for zone arithmetic), and may not
// read the clock or randomness.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'backups/**', '.tmp/**', 'monitoring/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|ts-pattern$|\\.{1,2}/).*',
              message: 'domain/ may import only zod, ts-pattern and its own files.',
            },
            {
              regex: '^(\\.\\./)+(application|adapters|projections|infra|tests|scripts)(/|$)',
              message: 'domain/ must not depend on outer layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'domain/ gets time from the command, not the clock.' },
        { name: 'crypto', message: 'domain/ gets ids from the command, not randomness.' },
        { name: 'process', message: 'domain/ is pure.' },
        { name: 'fetch', message: 'domain/ does no I/O.' },
        { name: 'setTimeout', message: 'domain/ does not schedule.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'domain/ gets randomness from nowhere.' },
      ],
    },
  },
  {
    // The school calendar needs time-zone arithmetic; luxon builds every DateTime from given numbers here.
    files: ['domain/calendar/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!zod$|ts-pattern$|luxon$|\\.{1,2}/).*',
              message: 'domain/calendar/ may import only zod, ts-pattern, luxon and domain files.',
            },
            {
              regex: '^(\\.\\./)+(application|adapters|projections|infra|tests|scripts)(/|$)',
              message: 'domain/ must not depend on outer layers.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
