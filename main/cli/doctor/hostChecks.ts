// Doctor checks of this machine: the sandbox (kernel support, through the
// helper's own --probe), the Electron binary the desktop app needs, and which
// `codex` the PATH finds.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findPackageRoot, locateLinuxSandboxHelper } from '../../core/sandbox/linux.js';
import { LAUNCHER_MARKER } from '../../desktop/cliOnPath.js';
import { check, type DoctorCheck } from './types.js';

export function sandboxCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DoctorCheck {
  if (platform === 'darwin') {
    const ok = existsSync('/usr/bin/sandbox-exec');
    return check(
      'sandbox.support',
      ok ? 'ok' : 'fail',
      ok ? 'Seatbelt (sandbox-exec) is available' : '/usr/bin/sandbox-exec is missing',
      {},
      ok ? null : 'Commands cannot be sandboxed on this Mac.',
    );
  }
  if (platform !== 'linux') return check('sandbox.support', 'ok', `not inspected on ${platform}`);
  const helper = locateLinuxSandboxHelper(env);
  if (!helper.found) {
    return check(
      'sandbox.support',
      'fail',
      'the Linux sandbox helper is missing',
      { reason: helper.reason, searched: helper.searched.join(', ') },
      'Build it with `node native-helpers/build.mjs` (needs a C compiler), or reinstall the app. Sandboxed commands are refused until then.',
    );
  }
  let probe: string;
  try {
    probe = execFileSync(helper.path, ['--probe'], { encoding: 'utf8', timeout: 5000 });
  } catch (err) {
    return check(
      'sandbox.support',
      'fail',
      'the sandbox helper does not run',
      { helper: helper.path, error: (err as Error).message.split('\n')[0]! },
      'Rebuild the helper: node native-helpers/build.mjs',
    );
  }
  const fields = Object.fromEntries([...probe.matchAll(/^(\w+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  const abi = Number(fields.landlock_abi ?? 0);
  const details: Record<string, string> = { helper: helper.path, kernel: readKernel(), ...fields };
  if (!(abi >= 1))
    return check(
      'sandbox.support',
      'fail',
      'this kernel has no Landlock: commands cannot be sandboxed',
      details,
      'Use a kernel with Landlock (5.13+, CONFIG_SECURITY_LANDLOCK, lsm=landlock), or run with --sandbox danger-full-access knowingly.',
    );
  if (fields.mount_namespace !== 'yes') {
    return check(
      'sandbox.support',
      'warn',
      `Landlock ABI ${abi}, but no mount namespace: protected paths (.git, .codex) cannot be made read-only`,
      details,
      'Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1), or such commands are refused.',
    );
  }
  return check('sandbox.support', 'ok', `Landlock ABI ${abi} with a mount namespace`, details);
}

function readKernel(): string {
  try {
    return readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** The Electron binary of a development checkout (node_modules/electron), as the `electron` package finds it. */
function electronBinary(root: string | undefined): string | undefined {
  if (!root) return undefined;
  const pkg = join(root, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const bin = join(pkg, 'dist', rel);
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

export function electronCheck(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): DoctorCheck {
  const display = platform !== 'linux' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
  const details: Record<string, string> = {};
  if (platform === 'linux')
    details.display = env.WAYLAND_DISPLAY
      ? `WAYLAND_DISPLAY=${env.WAYLAND_DISPLAY}`
      : env.DISPLAY
        ? `DISPLAY=${env.DISPLAY}`
        : 'none (no DISPLAY or WAYLAND_DISPLAY)';
  // The packaged app runs this CLI with its own Electron binary as Node.
  const running = process.versions.electron;
  const bin = running ? process.execPath : electronBinary(findPackageRoot());
  if (bin) details.electron = running ? `${bin} (v${running}, running this CLI)` : bin;
  const headless = 'The codex CLI works without it (headless).';
  if (!bin) {
    return check(
      'desktop.electron',
      'warn',
      'no Electron binary: the desktop app cannot start here',
      details,
      `Install the desktop app package, or in a checkout run \`node node_modules/electron/install.js\` (downloads Electron). ${headless}`,
    );
  }
  if (!display)
    return check(
      'desktop.electron',
      'warn',
      'Electron is installed but there is no display for the desktop app',
      details,
      `Run it in a graphical session (or under xvfb-run). ${headless}`,
    );
  return check('desktop.electron', 'ok', 'the desktop app can start', details);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** What a `codex` found on PATH is: Codex Desktop's launcher or CLI, or another program. */
function describeCodex(file: string): { ours: boolean; what: string } {
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    // keep the path as found
  }
  let head = '';
  try {
    head = readFileSync(real, 'utf8').slice(0, 4096);
  } catch {
    // unreadable: not ours to judge
  }
  if (head.includes(LAUNCHER_MARKER)) return { ours: true, what: `Codex Desktop launcher (${real})` };
  const root = findPackageRoot();
  if (root && real === join(root, 'bin', 'codex.js')) return { ours: true, what: `this CLI (${real})` };
  if (real.includes(`${join('@openai', 'codex')}`)) return { ours: false, what: `OpenAI's Codex CLI (${real})` };
  return { ours: false, what: real };
}

export function cliOnPathCheck(env: NodeJS.ProcessEnv): DoctorCheck {
  const found = (env.PATH ?? '')
    .split(delimiter)
    .filter((d) => d !== '')
    .map((d) => join(d, 'codex'))
    .filter(isExecutable);
  const unique = [...new Set(found)];
  if (unique.length === 0) {
    return check(
      'cli.path',
      'warn',
      'no `codex` on PATH',
      {},
      'Install the desktop app package (it links /usr/bin/codex), or on macOS use "Install \'codex\' Command in PATH" in the app menu.',
    );
  }
  const described = unique.map((f) => ({ file: f, ...describeCodex(f) }));
  const details = Object.fromEntries(described.map((d, i) => [i === 0 ? 'codex (first on PATH)' : `codex (#${i + 1})`, `${d.file}: ${d.what}`]));
  if (!described[0]!.ours) {
    return check(
      'cli.path',
      'warn',
      "the first `codex` on PATH is not Codex Desktop's",
      details,
      "Put the desktop app's bin directory earlier on PATH, or remove the other codex.",
    );
  }
  return check('cli.path', 'ok', "Codex Desktop's `codex` is first on PATH", details);
}
