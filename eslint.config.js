import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', 'web/dist/', 'out/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is the pure core: it must not reach into the rest of the project.
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['../formats/*', '../db/*', '../jobs/*', '../auth/*', '../server/*', '../cli/*',
                  '../../formats/*', '../../db/*', '../../jobs/*', '../../auth/*', '../../server/*', '../../cli/*'],
          message: 'src/engine imports nothing of the rest of the project.' },
      ] }],
    },
  },
);
