import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';

// Module boundaries of style.md: arrows point down
// `ui → state → workers → export → train → (data, model, evaluation, cluster, metric) → common`, with testHook/ beside
// ui/. For each folder, the folders of src it may NOT import. import-x/no-restricted-paths resolves every import to a
// file, so the fence holds at any depth (`../../../state/x` as much as `../state`), for re-exports, type imports and
// dynamic import(). eslint.config.test.ts feeds it one upward import of each kind.
const MAY_NOT_IMPORT = {
  common: ['metric', 'cluster', 'evaluation', 'model', 'data', 'train', 'export', 'workers', 'state', 'ui', 'testHook'],
  metric: ['cluster', 'evaluation', 'model', 'data', 'train', 'export', 'workers', 'state', 'ui', 'testHook'],
  cluster: ['metric', 'evaluation', 'model', 'data', 'train', 'export', 'workers', 'state', 'ui', 'testHook'],
  evaluation: ['metric', 'model', 'data', 'train', 'export', 'workers', 'state', 'ui', 'testHook'],
  model: ['data', 'train', 'export', 'workers', 'state', 'ui', 'testHook'],
  data: ['model', 'train', 'export', 'workers', 'state', 'ui', 'testHook'],
  train: ['export', 'workers', 'state', 'ui', 'testHook'],
  export: ['workers', 'state', 'ui', 'testHook'],
  workers: ['state', 'ui', 'testHook'],
  state: ['ui', 'testHook'],
  testHook: ['ui'],
};
const ZONES = [
  ...Object.entries(MAY_NOT_IMPORT).flatMap(([folder, names]) =>
    names.map((name) => ({
      target: `./src/${folder}`,
      from: `./src/${name}`,
      message: `style.md boundary: src/${folder} may not import src/${name}.`,
    })),
  ),
  // Only ui/main.tsx installs the test hook; the rest of the UI never reads it.
  {
    target: ['./src/ui/*/**', './src/ui/!(main).{ts,tsx}'],
    from: './src/testHook',
    message: 'style.md boundary: only src/ui/main.tsx may import src/testHook.',
  },
];

// Packages a folder may not import, statically (no-restricted-imports) or with import() (no-restricted-syntax).
const PACKAGES = {
  react: {
    group: ['react', 'react-dom', 'react-dom/*'],
    source: '^react\\b',
    message: 'style.md: no React below ui/.',
  },
  tfjs: {
    group: ['@tensorflow/*'],
    source: '^@tensorflow\\b',
    message: 'style.md: cluster/, evaluation/ and common/ are plain TypeScript, no tfjs.',
  },
  plotly: { group: ['plotly.js*'], source: '^plotly\\.js', message: 'style.md: charts live in ui/.' },
};
// What the path fence cannot resolve, so it may not be written anywhere in src: an import() of a computed path, and
// a worker or asset loaded by URL (`new Worker(new URL('./x.ts', import.meta.url))`, which Vite bundles like an
// import) from outside the folder of the module that loads it.
const UNFENCEABLE = [
  {
    selector: 'ImportExpression[source.type!="Literal"]',
    message: 'style.md boundary: import() takes a literal path, so the layer fence can check it.',
  },
  {
    selector: 'NewExpression[callee.name="URL"][arguments.1.object.meta.name="import"][arguments.0.type!="Literal"]',
    message: 'style.md boundary: new URL(…, import.meta.url) takes a literal path, so the layer fence can check it.',
  },
  {
    selector: 'NewExpression[callee.name="URL"][arguments.1.object.meta.name="import"][arguments.0.value=/\\.\\./]',
    message:
      "style.md boundary: a worker or asset loaded with new URL(…, import.meta.url) lies in the loading module's folder ('./x.ts'): the fence cannot follow a URL.",
  },
];
const forbidPackages = (names) => ({
  'no-restricted-imports': [
    'error',
    { patterns: names.map((name) => ({ group: PACKAGES[name].group, message: PACKAGES[name].message })) },
  ],
  'no-restricted-syntax': [
    'error',
    ...UNFENCEABLE,
    ...names.map((name) => ({
      selector: `ImportExpression[source.value=/${PACKAGES[name].source}/]`,
      message: PACKAGES[name].message,
    })),
  ],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'bench/out', '.devkit'] },
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
  // The fence (above), and no import circle anywhere in src (style.md): a module never reaches itself through runtime
  // imports (static, re-exports and dynamic import()); type-only imports are erased and do not count.
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: ZONES }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  { files: ['src/common/**/*.{ts,tsx}'], rules: forbidPackages(['react', 'tfjs', 'plotly']) },
  { files: ['src/metric/**/*.{ts,tsx}'], rules: forbidPackages(['react', 'plotly']) },
  { files: ['src/cluster/**/*.{ts,tsx}'], rules: forbidPackages(['react', 'tfjs', 'plotly']) },
  { files: ['src/evaluation/**/*.{ts,tsx}'], rules: forbidPackages(['react', 'tfjs', 'plotly']) },
  {
    files: ['src/{model,data,train,export,workers,testHook}/**/*.{ts,tsx}'],
    rules: forbidPackages(['react', 'plotly']),
  },
  { files: ['src/state/**/*.{ts,tsx}'], rules: forbidPackages(['plotly']) },
  { files: ['src/ui/**/*.{ts,tsx}'], rules: forbidPackages([]) },
);
