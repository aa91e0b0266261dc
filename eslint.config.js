import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/**', '.cache/**', 'data/**', 'dashboard/public/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The app uses the engine as its users would: by package name, through its entry points.
    files: ['**/*.ts'],
    ignores: ['pipeline/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/pipeline', '**/pipeline/**'],
              message:
                'import the engine by name: @incident-pipeline/dataflow (or its /kafka, /sinks, /avro, /testing entry points)',
            },
          ],
        },
      ],
    },
  },
)
