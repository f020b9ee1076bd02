// Linux back end: run the command through the codex-linux-sandbox helper
// (native-helpers/linux-sandbox), which applies a read-only mount namespace
// for protected paths, Landlock and seccomp, then execs the command.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SandboxPolicy } from './policy.js';
import { appCodexHome, computeWritableRoots, PROTECTED_NAMES, type WritableRoot } from './writableRoots.js';
import { gitScanCacheFile } from './gitScanCache.js';

export const LINUX_SANDBOX_EXE_ENV = 'CODEX_LINUX_SANDBOX_EXE';
/**
 * Set to 1 (in Codex's own environment) to run commands even when protected
 * paths (.git, .codex, …) cannot be made read-only because no mount
 * namespace is available; the helper then warns on stderr. Off by default:
 * such commands are refused.
 */
export const LINUX_SANDBOX_ALLOW_UNPROTECTED_ENV = 'CODEX_LINUX_SANDBOX_ALLOW_UNPROTECTED';
export const LINUX_SANDBOX_HELPER_NAME = 'codex-linux-sandbox';
/** Where native-helpers/build.mjs puts the helper, relative to the package root. */
export const LINUX_SANDBOX_BUILD_PATH = path.join('native-helpers', 'linux-sandbox', 'build', LINUX_SANDBOX_HELPER_NAME);

/** The package root: nearest ancestor of this module holding a package.json (works from source and from dist/). */
export function findPackageRoot(from: string = path.dirname(fileURLToPath(import.meta.url))): string | undefined {
  let dir = from;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export type HelperLookup = { found: true; path: string } | { found: false; searched: string[]; reason: string };

export function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the helper: $CODEX_LINUX_SANDBOX_EXE if set (no fallback: an
 * explicit path that is wrong is an error), else a packaged app's resources
 * dir, else the build output under the package root.
 */
export function locateLinuxSandboxHelper(env: Record<string, string | undefined> = process.env): HelperLookup {
  const override = env[LINUX_SANDBOX_EXE_ENV];
  if (override) {
    return isExecutable(override)
      ? { found: true, path: override }
      : { found: false, searched: [override], reason: `${LINUX_SANDBOX_EXE_ENV}=${override} is not an executable file` };
  }
  const searched: string[] = [];
  // Electron sets process.resourcesPath; a packaged app ships the helper there.
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) searched.push(path.join(resources, LINUX_SANDBOX_HELPER_NAME));
  const root = findPackageRoot();
  if (root) searched.push(path.join(root, LINUX_SANDBOX_BUILD_PATH));
  for (const candidate of searched) {
    if (isExecutable(candidate)) return { found: true, path: candidate };
  }
  return { found: false, searched, reason: 'the helper has not been built' };
}

/** Whether argv[0] names an executable file (relative to cwd, or found on env's PATH). */
export function commandResolvable(argv: readonly string[], cwd: string, env: Record<string, string | undefined>): boolean {
  const file = argv[0];
  if (!file) return false;
  const isFile = (p: string) => isExecutable(p) && statSync(p, { throwIfNoEntry: false })?.isFile() === true;
  if (file.includes('/')) return isFile(path.resolve(cwd, file));
  const dirs = (env['PATH'] ?? process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter);
  return dirs.some((d) => d !== '' && isFile(path.join(d, file)));
}

/** Helper flags for danger-full-access: no confinement, only the lifetime supervision. */
export const LINUX_FULL_ACCESS_FLAGS: readonly string[] = ['--mode', 'danger-full-access'];

export interface LinuxSandboxInvocation {
  /** Helper flags, without the helper path and without `--`. */
  flags: string[];
  roots: WritableRoot[];
}

/**
 * Translates a (non danger-full-access) policy into helper flags. `env` is
 * the command's environment (its $TMPDIR becomes a writable root).
 */
export function linuxSandboxFlags(
  policy: Exclude<SandboxPolicy, { mode: 'danger-full-access' }>,
  cwd: string,
  env: Record<string, string | undefined>,
  options: { allowUnprotected?: boolean } = {},
): LinuxSandboxInvocation {
  const flags: string[] = ['--mode', policy.mode];
  const codexHome = appCodexHome();
  const roots = computeWritableRoots(policy, cwd, env, codexHome);
  for (const r of roots) flags.push('--writable-root', r.root);
  for (const r of roots) {
    // Every protected name of every root, present or not: the helper keeps a
    // missing one from being created (a planted .git would run its hooks and
    // fsmonitor on the user's next git command).
    const paths = new Set([...r.protectedPaths.map((p) => p.path), ...PROTECTED_NAMES.map((n) => path.join(r.root, n))]);
    for (const p of paths) flags.push('--protected', p);
    if (r.scanNestedGit) flags.push('--scan-git', r.root);
  }
  const scanned = roots.filter((r) => r.scanNestedGit).map((r) => r.root);
  const cache = scanned.length > 0 ? gitScanCacheFile(scanned, codexHome) : undefined;
  if (cache) flags.push('--scan-cache', cache);
  if (policy.mode === 'workspace-write' && policy.networkAccess) flags.push('--network');
  if (options.allowUnprotected) flags.push('--allow-unprotected');
  return { flags, roots };
}
