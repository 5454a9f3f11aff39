// Type-aware rules that catch defects (floating or misused promises, `any` leaking into typed code, non-exhaustive
// switches); formatting is prettier's, layering is dependency-cruiser's (`npm run lint` runs all three).
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig([
  globalIgnores(['**/dist/', '**/node_modules/', 'coverage/', 'test-output/', 'scratch/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      // The project service picks each file's nearest tsconfig.json: src/web/client has its own (DOM, no node).
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // A rejected promise handed to something that ignores it, or a thenable where a value was meant.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // An async function without await is how an interface that returns a promise is met; not a defect.
      '@typescript-eslint/require-await': 'off',
      // `any` is caught where it is used (no-unsafe-*); naming it in a test double's type is not a defect.
      '@typescript-eslint/no-explicit-any': 'off',
      // Style, not defects.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      // Rampart matches control characters on purpose: to refuse them in user text and git ref names.
      'no-control-regex': 'off',
    },
  },
  {
    // Tests read JSON bodies and mocks as `any` on purpose; a wrong member there fails the test itself. Promise rules
    // stay: an unawaited assertion in a test passes whatever happens.
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
]);
