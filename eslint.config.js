// ESLint (flat config): the house rules a type-check does not enforce.
// - Rooms: which folder may import which (no-restricted-imports), checked file by
//   file as you type. tests/hygiene/layering.test.ts checks the same walls
//   transitively (a detour through a third file); this catches the direct import.
// - No explicit `any` in production code, and type-only imports spelled `import type`.
// typescript-eslint needs TypeScript's JS API, which TypeScript 7 no longer ships:
// `typescript` is the TypeScript 6 API package for it, and `tsc` comes from
// TypeScript 7 (`@typescript/native`), as the TypeScript 7 release notes advise.
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [...new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])))];
const noNode = (why) => ({ paths: [...NODE_BUILTINS.map((name) => ({ name, message: why })), { name: 'electron', message: why }], patterns: [] });

/** no-restricted-imports for the files `filesGlob` names, `depth` folders below the root: relative imports stay inside the `allowedTop` folders. */
function stayIn(filesGlob, depth, allowedTop, message, extra = { paths: [], patterns: [] }) {
  // From a file `depth` folders below the root, a specifier climbing `depth` times
  // reaches the root; what follows names the top folder it lands in.
  const up = '(\\.\\./)'.concat(`{${depth}}`);
  const allowed = allowedTop.map((t) => t.replace(/\//g, '\\/')).join('|');
  return {
    files: [filesGlob],
    rules: {
      'no-restricted-imports': ['error', { paths: extra.paths, patterns: [...extra.patterns, { regex: `^${up}(?!(${allowed})\\/)`, message }] }],
    },
  };
}

const ignores = [
  'node_modules/**',
  'dist/**',
  'renderer/dist/**',
  'release/**',
  'native-helpers/**/build/**',
  '.bench/**',
  '**/.cli-test-build/**',
  'bench/**/*.mjs',
  'scripts/**',
  'packaging/**',
];

export default tseslint.config(
  { ignores },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'require-yield': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Tests read JSON from real processes and sockets; `any` there is the shape
    // of untyped wire data. Production code names its types.
    files: ['tests/**', 'e2e/**', '**/*.test.ts', '**/*.test.tsx', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // The core (plain Node) never reaches into the CLI, the TUI, Electron, the desktop shell or IPC.
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The core runs without Electron (CLI, app-server).' }],
          patterns: [
            {
              regex: '^(\\.\\./)+(cli|tui|electron|desktop|ipc)/',
              message: 'The core does not import main/cli, main/tui, main/electron, main/desktop or main/ipc: move what both need into the core.',
            },
          ],
        },
      ],
    },
  },
  // Shared code (main, preload and renderer) imports nothing from Node and nothing outside shared/.
  ...[1, 2, 3].map((depth) =>
    stayIn(
      `shared/${'*/'.repeat(depth - 1)}*.ts`,
      depth,
      ['shared'],
      'shared/ imports only shared/ (it runs in main, preload and renderer).',
      noNode('shared/ runs in the renderer too: no Node builtins, no Electron.'),
    ),
  ),
  // The renderer (a sandboxed page) imports only renderer/ and shared/, so never the core, and no Node.
  ...[2, 3].map((depth) =>
    stayIn(
      `renderer/src/${'*/'.repeat(depth - 2)}*.{ts,tsx}`,
      depth,
      ['renderer', 'shared'],
      'The renderer imports only renderer/ and shared/ (never the core).',
      noNode('The renderer is a sandboxed page: no Node builtins, no Electron.'),
    ),
  ),
  // The browser build's bridge (renderer/web/) is a page too, like the renderer.
  stayIn(
    'renderer/web/*.ts',
    2,
    ['renderer', 'shared'],
    'The browser bridge imports only renderer/ and shared/.',
    noNode('The browser bridge runs in a page: no Node builtins.'),
  ),
  {
    // The renderer's unit tests run under vitest in Node.
    files: ['renderer/src/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // The sandboxed preload gets Electron's renderer-side modules and shared/ only.
  stayIn('preload/*.ts', 1, ['preload', 'shared'], 'The preload imports only shared/ (and electron).', {
    paths: NODE_BUILTINS.map((name) => ({ name, message: 'The preload is sandboxed: no Node builtins.' })),
    patterns: [],
  }),
);
