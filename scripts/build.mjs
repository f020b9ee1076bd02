// Bundles the CLI into one ESM file so `codex` starts fast (one file to load,
// no TypeScript at run time). Native modules stay external.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Start clean: stale chunks from earlier builds would otherwise pile up.
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'main/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // react-devtools-core: Ink loads it only when DEV=true, and it is not installed.
  external: ['@lydell/node-pty', 'electron', 'react-devtools-core'],
  // React and Ink ship development builds too (checks and warnings, several
  // times slower to load and run); a shipped CLI wants the production ones. This
  // replaces the text in bundled code only: the commands the agent runs still
  // see the user's NODE_ENV.
  define: { __CODEX_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  banner: {
    // Bundled CommonJS dependencies may call require(); give them one.
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

// The renderer (renderer/dist): `codex web` serves its browser build, Electron loads the same files.
{
  const { build: viteBuild } = await import('vite');
  // pluginTimings: no advice about slow plugins on a loaded machine.
  await viteBuild({
    configFile: new URL('../vite.renderer.config.ts', import.meta.url).pathname,
    logLevel: 'warn',
    build: { rolldownOptions: { checks: { pluginTimings: false } } },
  });
}

// thread/list's index check (optional: without it a fresh server's first folder filter stats the files itself).
await import('../native-helpers/build-rollout-check.mjs');
// The Linux sandbox helper: commands cannot run sandboxed without it.
await import('../native-helpers/build.mjs');
// The Windows sandbox helper, cross-compiled with mingw-w64 where it is installed
// (.ci/run installs it and requires the build to succeed).
if (process.platform !== 'win32') {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(
    process.execPath,
    [new URL('../native-helpers/build-windows.mjs', import.meta.url).pathname, ...(process.env.CODEX_REQUIRE_WINDOWS_HELPER ? ['--require'] : [])],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) process.exit(r.status ?? 1);
}
