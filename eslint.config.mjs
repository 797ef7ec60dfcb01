// Type-checked typescript-eslint, plus the architecture as rules: imports point down only, no
// cycles, no default exports. See ../shared/STYLE.md for the layering.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const layer = (target, from, message) => ({ target, from, message });

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'test/operations/generated.ts',
      'examples/web/src/gql/',
      'examples/clients/gql/',
      'examples/relay/src/__generated__/',
      // codegen.yml's document transform: loaded by path, in CommonJS.
      'scripts/*.cjs',
      '*.js',
      '*.mjs',
      // Hive Gateway's config for compose.yaml: plain JavaScript loaded inside the router's image.
      'deploy/compose/*.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
    rules: {
      'import-x/no-default-export': 'error',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            layer('./src/domain', './src/!(domain)/**', 'domain/ depends on nothing.'),
            layer(
              './src/upstream',
              [
                './src/schema',
                './src/resolvers',
                './src/loaders',
                './src/server.ts',
                './src/context.ts',
                './src/simulator',
              ],
              'upstream/ sees only domain/ and errors.',
            ),
            layer(
              './src/loaders',
              ['./src/schema', './src/resolvers', './src/server.ts', './src/simulator'],
              'loaders/ sit below the schema.',
            ),
            layer(
              './src/schema',
              ['./src/resolvers', './src/loaders', './src/upstream', './src/simulator'],
              'schema/ types see only domain/.',
            ),
            layer(
              './src/resolvers',
              ['./src/upstream/recordings-api-client.ts', './src/server.ts', './src/simulator'],
              'resolvers use loaders, not the client.',
            ),
            layer(
              './src/live',
              [
                './src/resolvers',
                './src/schema',
                './src/http',
                './src/server.ts',
                './src/simulator',
              ],
              'live/ knows provider events, not the schema or HTTP.',
            ),
            layer(
              './src/simulator',
              ['./src/!(simulator)/**', './src/!(simulator).ts'],
              'the simulator is the other side of the wire.',
            ),
            layer(
              './examples',
              './src',
              'examples are clients of the gateway: they know schema.graphql, not its code.',
            ),
          ],
        },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { varsIgnorePattern: '^_', argsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'examples/web/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
);
