// Lint rules, including the layering of ARCHITECTURE.md (on packages, and on every relative import by the path it resolves to):
//   src-shared imports nothing of ours and nothing platform-specific;
//   src-renderer imports only src-shared;
//   src-worker imports src-shared and never electron;
//   src-main/core never imports electron (only src-main/electron does).
import { dirname, relative, resolve, sep } from 'node:path';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';

const ROOT = import.meta.dirname;

/**
 * The layers of the code base, and what each may not reach, checked on the path an import resolves to, so that
 * a relative import (`../../node/x`) is held to the same rule as any other. Packages are restricted below with
 * no-restricted-imports.
 */
const LAYERS = [
  { layer: 'src-shared', forbidden: ['src-main', 'src-worker', 'src-renderer', 'tests', 'scripts', 'bench'], why: 'src-shared is pure TypeScript shared by every process: nothing of ours outside it.' },
  { layer: 'src-renderer', forbidden: ['src-main', 'src-worker', 'tests', 'scripts', 'bench'], why: 'The renderer holds views only and talks to the host through src-renderer/api; it may import src-shared only.' },
  { layer: 'src-worker', forbidden: ['src-main', 'src-renderer', 'tests', 'scripts', 'bench'], why: 'Workers import src-shared only and never open the app database.' },
  {
    layer: 'src-main/core',
    forbidden: ['src-main/electron', 'src-main/web', 'src-main/cli', 'src-main/node', 'src-renderer', 'src-worker', 'tests', 'scripts', 'bench'],
    why: 'The core runs under plain Node for every host: no host adapters and no worker code (workers run in their own processes).',
  },
  { layer: 'src-main/web', forbidden: ['src-main/electron', 'src-renderer', 'src-worker', 'tests', 'scripts', 'bench'], why: 'Node hosts never import electron or worker code.' },
  { layer: 'src-main/cli', forbidden: ['src-main/electron', 'src-renderer', 'src-worker', 'tests', 'scripts', 'bench'], why: 'Node hosts never import electron or worker code.' },
  { layer: 'src-main/node', forbidden: ['src-main/electron', 'src-renderer', 'src-worker', 'tests', 'scripts', 'bench'], why: 'Node hosts never import electron or worker code.' },
];

const inside = (path, folder) => path === folder || path.startsWith(folder + '/');

const layering = {
  meta: { type: 'problem', schema: [], messages: { crosses: '{{layer}} may not import {{target}}: {{why}}' } },
  create(context) {
    const file = relative(ROOT, context.filename).split(sep).join('/');
    const layer = LAYERS.find((l) => inside(file, l.layer));
    if (!layer) return {};
    const check = (node, specifier) => {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const target = relative(ROOT, resolve(dirname(context.filename), specifier)).split(sep).join('/');
      if (layer.forbidden.some((f) => inside(target, f))) context.report({ node, messageId: 'crosses', data: { layer: layer.layer, target, why: layer.why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

const ours = (...dirs) => dirs.flatMap((d) => [`**/${d}`, `**/${d}/**`]);
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'events', 'url', 'util', 'stream'];

function restrict(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] };
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'bench/results/**', '.demo/**', '.scratch/**'] },
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { cutover: { rules: { layering } } },
    rules: {
      'cutover/layering': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['src-shared/**'],
    rules: restrict(
      [...ours('src-main', 'src-worker', 'src-renderer', 'tests', 'scripts', 'bench'), ...nodeBuiltins, 'electron', 'vue', 'mysql2', 'mysql2/*', 'better-sqlite3'],
      'src-shared is pure TypeScript shared by every process: no platform modules and nothing of ours outside it.',
    ),
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [...ours('src-main', 'src-worker', 'tests', 'scripts', 'bench'), ...nodeBuiltins, 'electron', 'mysql2', 'mysql2/*', 'better-sqlite3'],
      'The renderer holds views only and talks to the host through src-renderer/api; it may import src-shared only.',
    ),
  },
  {
    files: ['src-worker/**'],
    rules: restrict(
      [...ours('src-main', 'src-renderer', 'tests', 'scripts', 'bench'), 'electron', 'better-sqlite3'],
      'Workers import src-shared only, never electron, and never open the app database.',
    ),
  },
  {
    // The change log is the Store's own SQLite file (read by Incr-Sync): the one database a worker opens.
    files: ['src-worker/changelog/**'],
    rules: restrict([...ours('src-main', 'src-renderer', 'tests', 'scripts', 'bench'), 'electron'], 'The change log module may use better-sqlite3, and nothing of the host.'),
  },
  {
    files: ['src-main/core/**'],
    rules: restrict(
      [...ours('src-renderer', 'src-worker', 'src-main/electron', 'src-main/web', 'src-main/cli', 'src-main/node', 'tests', 'scripts', 'bench'), 'electron'],
      'The core runs under plain Node for every host: no electron, no host adapters, no worker code (workers run in their own processes).',
    ),
  },
  {
    // The state database keeps each compiled statement by its text and hands it to every caller (state/db.ts):
    // a mode set on one (pluck, raw, expand, safeIntegers) would change what the others read, and one being iterated is busy.
    files: ['src-main/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^(pluck|raw|expand|safeIntegers|iterate)$/]",
          message: 'State database statements are shared by their text: read rows with get/all, and shape them in code.',
        },
      ],
    },
  },
  {
    files: ['src-main/web/**', 'src-main/cli/**', 'src-main/node/**'],
    rules: restrict([...ours('src-renderer', 'src-worker', 'src-main/electron', 'tests', 'scripts', 'bench'), 'electron'], 'Node hosts never import electron or worker code.'),
  },
);
