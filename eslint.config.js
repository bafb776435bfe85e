// ESLint (flat config): typescript-eslint's recommended rules, no import cycles, and the layering rules of the
// design: @actions/* only at the edges (main.ts, the GitHub sinks and client, the installers and the Trivy DB
// cache), and no process.env below main.ts.
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import tseslint from 'typescript-eslint';

const ACTIONS_EDGES = [
  'src/main.ts',
  'src/workflow-commands.ts',
  'src/github/client.ts',
  'src/github/artifacts.ts',
  'src/github/summary.ts',
  'src/github/sinks.ts',
  'src/scanners/install/**',
  'src/scanners/trivy/db-cache.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.scanners/**', 'example/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly' } },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ACTIONS_EDGES,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@actions/*'], message: '@actions/* belongs at the edges: main.ts, the GitHub sinks and client, and the installers.' }] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    // workflow-commands.ts is @actions/core's input and output code (INPUT_*, GITHUB_OUTPUT), as the library reads them.
    ignores: ['src/main.ts', 'src/workflow-commands.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read the environment in main.ts (config/environment.ts parses it) and pass what is needed in.' },
      ],
    },
  },
);
