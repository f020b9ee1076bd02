// The one place that turns (argv, policy) into the argv actually spawned.
// Every command the agent or `codex sandbox` runs passes through here.
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { SandboxPolicy } from './policy.js';
import { CODEX_SANDBOX_ENV, CODEX_SANDBOX_NETWORK_DISABLED_ENV, SandboxUnavailableError, type SandboxRequest, type SandboxedCommand } from './common.js';
import { buildSeatbeltCommand } from './seatbelt.js';
import { buildWindowsFullAccessCommand, buildWindowsSandboxCommand, locateWindowsSandboxHelper } from './windows.js';
import {
  LINUX_SANDBOX_ALLOW_UNPROTECTED_ENV,
  LINUX_FULL_ACCESS_FLAGS,
  LINUX_SANDBOX_BUILD_PATH,
  commandResolvable,
  linuxSandboxFlags,
  locateLinuxSandboxHelper,
} from './linux.js';

export {
  CODEX_SANDBOX_ENV,
  CODEX_SANDBOX_NETWORK_DISABLED_ENV,
  SandboxUnavailableError,
  type SandboxRequest,
  type SandboxType,
  type SandboxedCommand,
} from './common.js';

export function wrapCommandForSandbox(req: SandboxRequest): SandboxedCommand {
  const { policy } = req;
  if (policy.mode === 'danger-full-access') return wrapFullAccess(req);
  if (req.argv.length === 0) throw new Error('wrapCommandForSandbox: empty argv');

  if (process.platform === 'linux') {
    const helper = locateLinuxSandboxHelper();
    if (!helper.found) {
      throw new SandboxUnavailableError(
        `the Linux sandbox helper is missing (${helper.reason}; looked for ${helper.searched.join(', ')}). ` +
          `Build it with \`npm run build\` (or \`node native-helpers/build.mjs\`, output ${LINUX_SANDBOX_BUILD_PATH}). ` +
          'Refusing to run the command unsandboxed (use --sandbox danger-full-access to run without a sandbox)',
      );
    }
    const { flags } = linuxSandboxFlags(policy, req.cwd, req.env, {
      allowUnprotected: process.env[LINUX_SANDBOX_ALLOW_UNPROTECTED_ENV] === '1',
    });
    const env: Record<string, string> = { ...req.env, [CODEX_SANDBOX_ENV]: 'linux-landlock' };
    const networkOff = policy.mode === 'read-only' || !policy.networkAccess;
    if (networkOff) env[CODEX_SANDBOX_NETWORK_DISABLED_ENV] = '1';
    return { argv: [helper.path, ...flags, '--', ...req.argv], env, sandboxType: 'linux-landlock' };
  }

  if (process.platform === 'darwin') {
    const { argv, env } = buildSeatbeltCommand(req);
    return { argv, env, sandboxType: 'seatbelt' };
  }
  if (process.platform === 'win32') {
    const { argv, env } = buildWindowsSandboxCommand(req, locateWindowsSandboxHelper());
    return { argv, env, sandboxType: 'windows-restricted-token' };
  }

  throw new SandboxUnavailableError(
    `sandbox policy ${policy.mode} cannot be enforced on ${process.platform}; ` +
      'refusing to run the command unsandboxed (use --sandbox danger-full-access to run without a sandbox)',
  );
}

/**
 * Full access is not sandboxed, but on Linux it still goes through the
 * helper's lifetime-only mode so that what it starts dies with the session
 * and with the command (see native-helpers/linux-sandbox/README.md). Without
 * the helper (never built) it runs bare, as the escape hatch it always was.
 */
function wrapFullAccess(req: SandboxRequest): SandboxedCommand {
  // A command that cannot start is left bare, so the caller's own spawn
  // checks report it as before (a spawn error, not exit code 127).
  if (process.platform === 'linux' && commandResolvable(req.argv, req.cwd, req.env)) {
    const helper = locateLinuxSandboxHelper();
    if (helper.found) return { argv: [helper.path, ...LINUX_FULL_ACCESS_FLAGS, '--', ...req.argv], env: req.env, sandboxType: 'none' };
  }
  if (process.platform === 'win32' && req.argv.length > 0) {
    const helper = windowsHelperIfPresent();
    if (helper) return { ...buildWindowsFullAccessCommand(req, helper), sandboxType: 'none' };
  }
  return { argv: req.argv, env: req.env, sandboxType: 'none' };
}

/**
 * Runs argv under the policy with inherited stdio (`codex sandbox -- CMD`)
 * and resolves with its exit code; a signal death becomes 128 + signal
 * number, as shells report it. Rejects with SandboxUnavailableError, before
 * spawning anything, when the policy cannot be enforced.
 */
export function runUnderSandbox(argv: string[], policy: SandboxPolicy, cwd: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    let cmd: SandboxedCommand;
    try {
      cmd = wrapCommandForSandbox({ argv, cwd, env, policy });
    } catch (err) {
      reject(err);
      return;
    }
    const [file, ...args] = cmd.argv;
    if (!file) {
      reject(new Error('runUnderSandbox: empty argv'));
      return;
    }
    const child = spawn(file, args, { cwd, env: cmd.env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (code !== null) resolve(code);
      else resolve(128 + (signal ? (osConstants.signals[signal] ?? 0) : 0));
    });
  });
}

function windowsHelperIfPresent(): string | undefined {
  try {
    return locateWindowsSandboxHelper();
  } catch {
    return undefined; // never built: full access runs bare, as on Linux
  }
}
