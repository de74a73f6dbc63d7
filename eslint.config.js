import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';

// Module boundaries of style.md: arrows point down `ui → state → train → (model, data, metric, cluster) → common`.
// Each folder lists what it may NOT import; the rule fails lint when a boundary is crossed.
const folder = (name) => [`../${name}/*`, `../../${name}/*`, `../${name}`, `../../${name}`];
const forbid = (names, extra = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...names.map((name) => ({
          group: folder(name),
          message: `style.md boundary: this folder may not import src/${name}.`,
        })),
        ...extra,
      ],
    },
  ],
});
const NO_REACT = [{ group: ['react', 'react-dom', 'react-dom/*'], message: 'style.md: no React below ui/.' }];
const NO_TFJS = [
  { group: ['@tensorflow/*'], message: 'style.md: cluster/ and common/ are plain TypeScript, no tfjs.' },
];
const NO_PLOTLY = [{ group: ['plotly.js*'], message: 'style.md: charts live in ui/.' }];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'bench/out'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node, ...globals.worker } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // No import circle anywhere in src (style.md): a module never reaches itself through runtime imports (static,
  // re-exports and dynamic import()); type-only imports are erased and do not count.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: forbid(
      ['metric', 'cluster', 'model', 'data', 'train', 'workers', 'state', 'ui', 'testHook'],
      [...NO_REACT, ...NO_TFJS, ...NO_PLOTLY],
    ),
  },
  {
    files: ['src/metric/**/*.ts'],
    rules: forbid(['cluster', 'model', 'data', 'train', 'workers', 'state', 'ui', 'testHook'], [...NO_REACT, ...NO_PLOTLY]),
  },
  {
    files: ['src/cluster/**/*.ts'],
    rules: forbid(
      ['metric', 'model', 'data', 'train', 'workers', 'state', 'ui', 'testHook'],
      [...NO_REACT, ...NO_TFJS, ...NO_PLOTLY],
    ),
  },
  {
    files: ['src/model/**/*.ts'],
    rules: forbid(['data', 'train', 'workers', 'state', 'ui', 'testHook'], [...NO_REACT, ...NO_PLOTLY]),
  },
  {
    files: ['src/data/**/*.ts'],
    rules: forbid(['model', 'train', 'workers', 'state', 'ui', 'testHook'], [...NO_REACT, ...NO_PLOTLY]),
  },
  { files: ['src/train/**/*.ts'], rules: forbid(['workers', 'state', 'ui', 'testHook'], [...NO_REACT, ...NO_PLOTLY]) },
  { files: ['src/workers/**/*.ts'], rules: forbid(['state', 'ui', 'testHook'], [...NO_REACT, ...NO_PLOTLY]) },
  { files: ['src/state/**/*.ts'], rules: forbid(['ui', 'testHook'], [...NO_PLOTLY]) },
  // The test hook sits beside ui/: it reads the stores it is handed, and only ui/main.tsx installs it.
  { files: ['src/testHook/**/*.ts'], rules: forbid(['ui'], [...NO_REACT, ...NO_PLOTLY]) },
  { files: ['src/ui/**/*.{ts,tsx}'], ignores: ['src/ui/main.tsx'], rules: forbid(['testHook']) },
);
