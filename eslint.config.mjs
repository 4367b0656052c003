// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const CONTEXTS = [
  'platform',
  'identity',
  'tutoring',
  'scheduling',
  'billing',
  'messaging',
  'analytics',
];

/**
 * A context reaches another only through its public entry `@etutors/<context>`, or, for event
 * contracts, `@etutors/<context>/events` (which loads nothing but the platform).
 */
const PUBLIC_ENTRY_MESSAGE =
  'Import a context only through @etutors/<context>, or its event contracts through @etutors/<context>/events.';
const boundaryPatterns = [
  {
    group: ['@etutors/*/*', '!@etutors/*/events', '@etutors/platform/*'],
    message: PUBLIC_ENTRY_MESSAGE,
  },
  {
    group: ['**/libs/*/src/**', '../../*/src/**', '../../../*/src/**'],
    message: 'Import another lib only through its public entry (@etutors/<context>).',
  },
];

/** Bull is the platform job driver's business; contexts use the JobQueue port. */
const bullPatterns = [
  {
    group: ['bull', '@nestjs/bull', 'bullmq'],
    message: 'Use JobQueue / @JobHandler from @etutors/platform, never Bull directly.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-restricted-imports': ['error', { patterns: [...boundaryPatterns, ...bullPatterns] }],
    },
  },
  // Nest resolves constructor parameters from emitted type metadata: those imports must stay values.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  // The job driver is the one place Bull may be imported.
  {
    files: ['libs/platform/src/jobs/drivers/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: boundaryPatterns }] },
  },
  // Inside a lib, its own files are reached relatively; the rule above still guards other libs.
  ...CONTEXTS.map((context) => ({
    files: [`libs/${context}/src/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...bullPatterns,
            {
              group: ['@etutors/*/*', '!@etutors/*/events', '@etutors/platform/*'],
              message: PUBLIC_ENTRY_MESSAGE,
            },
            {
              group: [`@etutors/${context}`, `@etutors/${context}/*`],
              message:
                'Inside a context, import its own files relatively, not through its public entry.',
            },
            {
              group: ['../../../*/src/**', '../../*/src/**', '**/libs/**'],
              message: 'Reach another context only through @etutors/<context>.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['libs/platform/src/jobs/drivers/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Tests may reach into a lib's internals (drivers, pure policies) to test them directly.
  {
    files: ['test/**/*.ts', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: bullPatterns }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // The bench baseline reuses the compiled search query on purpose: the same SQL on both sides.
  {
    files: ['bench/**/*.mjs'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Jest's global setup runs outside its module map and loads sources by file name.
  {
    files: ['test/support/global-setup.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
