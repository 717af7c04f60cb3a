// ESLint: typescript-eslint with type information (no floating promises), plus the project's
// dependency direction (see ../shared/ARCHITECTURE.md and docs/decisions/) as import restrictions.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const testsOnly = { group: ['**/test/**', '**/test'], message: 'Nothing imports test/.' };
const noLocalOrInfra = [
  { group: ['**/local/**', '**/infra/**'], message: 'functions/ and workflows/ must not depend on local/ or infra/.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.mto-local/', 'coverage/', 'bench/results/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs', 'local/*/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [testsOnly] }],
      'no-restricted-properties': [
        'error',
        ...['describe', 'it', 'test'].flatMap((object) =>
          ['only', 'skip'].map((property) => ({ object, property, message: 'Focused or skipped tests never land.' })),
        ),
      ],
    },
  },
  {
    // Plain JavaScript (install scripts, the Lambda worker shim) has no types to check against.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The domain is pure: no AWS, no I/O, no clock or randomness source (time and ids are passed in).
    files: ['functions/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            testsOnly,
            ...noLocalOrInfra,
            { group: ['@aws-sdk/*', '@aws-lambda-powertools/*', '@middy/*', '@slack/*', 'aws-cdk-lib', 'aws-cdk-lib/*'], message: 'functions/domain is pure: no AWS or Lambda libraries.' },
            { group: ['node:*', 'fs', 'http', 'https', 'net', 'crypto', 'child_process'], message: 'functions/domain is pure: no I/O, clock or randomness; pass them in.' },
            { group: ['**/adapters/**', '**/steps/**', '**/http/**', '**/shared/**'], message: 'functions/domain depends on nothing else in functions/.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'functions/domain does no I/O.' },
        { name: 'process', message: 'functions/domain reads no environment; config is passed in.' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'functions/domain takes the time as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'functions/domain takes the time as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'functions/domain takes ids and randomness as arguments.' },
      ],
    },
  },
  {
    files: ['functions/**/*.ts', 'workflows/**/*.ts'],
    ignores: ['functions/domain/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testsOnly, ...noLocalOrInfra] }] },
  },
  {
    // The engine knows Amazon States Language and the Step Functions API, nothing about orders.
    files: ['local/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [testsOnly, { group: ['**/functions/**', '**/infra/**', '**/workflows/**'], message: 'local/engine is generic: it must not know the application.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/unbound-method': 'off',
      // vitest's asymmetric matchers (expect.any, expect.stringMatching) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
