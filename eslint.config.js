// Lint for the whole tree: typescript-eslint's recommended rules and a line limit of 120.
import js from '@eslint/js'
import stylistic from '@stylistic/eslint-plugin'
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

export default defineConfig(
  // Generated: openapi/openapi.json and the client's types (`npm run openapi`).
  globalIgnores(['dist/', 'coverage/', '.tap/', 'openapi/', 'clients/typescript/schema.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    plugins: { '@stylistic': stylistic },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Template literals are left whole: they are the HTML, CSV and messages the service writes.
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      '@stylistic/max-len': ['error', { code: 120, ignoreUrls: true, ignoreTemplateLiterals: true }],
    },
  },
  {
    // Tests read JSON answers of any shape, and match whole expected texts and patterns.
    files: ['test/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
      '@stylistic/max-len': ['error', {
        code: 120, ignoreUrls: true, ignoreTemplateLiterals: true, ignoreStrings: true, ignoreRegExpLiterals: true,
      }],
    },
  },
)
