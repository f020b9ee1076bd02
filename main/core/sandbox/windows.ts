// Windows back end: run the command through codex-windows-sandbox.exe
// (native-helpers/windows-sandbox), which launches it under a
// write-restricted token in a kill-on-close job object, after granting the
// token's per-run SID write access to the writable roots only.
import { statSync } from 'node:fs';
import path from 'node:path';
import { CODEX_SANDBOX_ENV, CODEX_SANDBOX_NETWORK_DISABLED_ENV, SandboxUnavailableError, type SandboxRequest } from './common.js';
import { findPackageRoot } from './linux.js';
import { computeWritableRoots } from './writableRoots.js';

export const WINDOWS_SANDBOX_EXE_ENV = 'CODEX_WINDOWS_SANDBOX_EXE';
export const WINDOWS_SANDBOX_HELPER_NAME = 'codex-windows-sandbox.exe';
/** Where native-helpers/build-windows.mjs puts the helper, relative to the package root. */
export const WINDOWS_SANDBOX_BUILD_PATH = path.join('native-helpers', 'windows-sandbox', 'build', WINDOWS_SANDBOX_HELPER_NAME);

export interface WindowsSandboxCommand {
  argv: string[];
  env: Record<string, string>;
}

/** Windows env names are case-insensitive; a plain object is not. */
function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return key === undefined ? undefined : env[key];
}

/**
 * The helper argv (no shell quoting: each element is one argument; the
 * helper quotes for CreateProcess itself) and the child env. The policy must
 * not be danger-full-access.
 */
export function buildWindowsSandboxCommand(req: SandboxRequest, helperPath: string): WindowsSandboxCommand {
  const { policy } = req;
  if (policy.mode === 'danger-full-access') throw new Error('buildWindowsSandboxCommand: danger-full-access is not sandboxed');
  if (req.argv.length === 0) throw new Error('buildWindowsSandboxCommand: empty argv');

  // Windows has no /tmp; its per-user temp dir is %TEMP% (or %TMP%), which
  // computeWritableRoots takes from TMPDIR.
  const tmp = envValue(req.env, 'TMPDIR') ?? envValue(req.env, 'TEMP') ?? envValue(req.env, 'TMP');
  const rootsEnv: Record<string, string | undefined> = { TMPDIR: tmp };
  const effective = policy.mode === 'workspace-write' ? { ...policy, excludeSlashTmp: true } : policy;

  const flags = ['--mode', policy.mode];
  const roots = computeWritableRoots(effective, req.cwd, rootsEnv);
  for (const r of roots) flags.push('--writable-root', r.root);
  for (const r of roots) {
    for (const p of r.protectedPaths) flags.push(p.createIfMissing ? '--protected-create' : '--protected', p.path);
  }
  const networkOn = policy.mode === 'workspace-write' && policy.networkAccess;
  if (networkOn) flags.push('--network');

  // The helper cannot block the network (README), so the network variable is
  // the only signal that network use is not allowed.
  const env: Record<string, string> = { ...req.env, [CODEX_SANDBOX_ENV]: 'windows-restricted-token' };
  if (!networkOn) env[CODEX_SANDBOX_NETWORK_DISABLED_ENV] = '1';
  return { argv: [helperPath, ...flags, '--', ...req.argv], env };
}

/**
 * danger-full-access is not sandboxed, but on Windows it still runs under the
 * helper's kill-on-close job object, so that what the command starts ends
 * with it and with the session.
 */
export function buildWindowsFullAccessCommand(req: SandboxRequest, helperPath: string): WindowsSandboxCommand {
  if (req.argv.length === 0) throw new Error('buildWindowsFullAccessCommand: empty argv');
  return { argv: [helperPath, '--mode', 'danger-full-access', '--', ...req.argv], env: req.env };
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds the helper: $CODEX_WINDOWS_SANDBOX_EXE if set (no fallback: a wrong
 * explicit path is an error), else a packaged app's resources dir, else the
 * build output under the package root. Throws SandboxUnavailableError when
 * none exists, so the command is refused rather than run unsandboxed.
 */
export function locateWindowsSandboxHelper(env: Record<string, string | undefined> = process.env): string {
  const override = env[WINDOWS_SANDBOX_EXE_ENV];
  if (override) {
    if (isFile(override)) return override;
    throw new SandboxUnavailableError(`${WINDOWS_SANDBOX_EXE_ENV}=${override} is not a file; refusing to run the command unsandboxed`);
  }
  const searched: string[] = [];
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) searched.push(path.join(resources, WINDOWS_SANDBOX_HELPER_NAME));
  const root = findPackageRoot();
  if (root) searched.push(path.join(root, WINDOWS_SANDBOX_BUILD_PATH));
  const found = searched.find(isFile);
  if (found) return found;
  throw new SandboxUnavailableError(
    `the Windows sandbox helper is missing (looked for ${searched.join(', ')}). ` +
      'Build it with `node native-helpers/build-windows.mjs` (needs mingw-w64). ' +
      'Refusing to run the command unsandboxed (use --sandbox danger-full-access to run without a sandbox)',
  );
}
