// "Install 'codex' Command in PATH…" (macOS app menu, as in VS Code): a symlink
// <binDir>/codex -> the bundled launcher (<resources>/bin/codex). Decides from what
// is at the link path now and never replaces a codex it did not make. Electron-free:
// main/electron/cliMenu.ts only calls it and shows the outcome.
import { execFile } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

export const DEFAULT_BIN_DIR = '/usr/local/bin';
export const CLI_NAME = 'codex';
/** A line in packaging/bin/codex: a file holding it is one of our launchers (any copy of the app). */
export const LAUNCHER_MARKER = 'codex-desktop-launcher';

/** What is at <binDir>/codex now, relative to `launcher`. */
export type LinkState =
  | { kind: 'absent' }
  | { kind: 'current' }
  /** Our launcher, but another copy of the app (moved, renamed, or deleted: a dangling link). */
  | { kind: 'stale'; target: string }
  | { kind: 'foreign'; what: string };

export interface CliLinkOptions {
  /** The bundled launcher, <resources>/bin/codex. */
  launcher: string;
  binDir?: string;
  /** Whether this process may write in `dir`; tests replace it (they run as root). */
  canWrite?: (dir: string) => boolean;
  /** Runs a sh script with admin rights (macOS: runAsAdminOnMac). Missing: no elevation. */
  elevate?: (script: string) => Promise<void>;
}

export type CliLinkResult =
  | { status: 'installed' | 'updated' | 'unchanged' | 'removed' | 'absent'; link: string; launcher: string; previousTarget?: string }
  | { status: 'refused'; link: string; launcher: string; what: string }
  | { status: 'no-launcher' | 'cancelled'; link: string; launcher: string }
  | { status: 'failed'; link: string; launcher: string; error: string };

export function inspectCliLink(link: string, launcher: string): LinkState {
  let st;
  try {
    st = lstatSync(link);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
    throw err;
  }
  if (!st.isSymbolicLink()) return { kind: 'foreign', what: st.isDirectory() ? 'a directory' : 'a file, not a link to Codex Desktop' };
  const target = readlinkSync(link);
  const abs = resolve(dirname(link), target);
  if (existsSync(abs)) {
    // realpath: the same launcher reached through another spelling (e.g. a symlinked folder) is current.
    if (existsSync(launcher) && realpathSync(abs) === realpathSync(launcher)) return { kind: 'current' };
    return isOurLauncher(abs) ? { kind: 'stale', target } : { kind: 'foreign', what: `a link to ${target}` };
  }
  // Dangling: ours if it names a launcher at the same place inside some app bundle
  // (e.g. a deleted "Codex Desktop 2.app"); any other broken link is someone else's.
  return sameBundleTail(abs, launcher) ? { kind: 'stale', target } : { kind: 'foreign', what: `a broken link to ${target}` };
}

function isOurLauncher(file: string): boolean {
  try {
    const fd = openSync(file, 'r');
    try {
      const head = Buffer.alloc(512);
      const n = readSync(fd, head, 0, head.length, 0);
      return head.subarray(0, n).toString('utf8').includes(LAUNCHER_MARKER);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false; // a directory or unreadable: not a launcher
  }
}

/** Both paths end in the same <resources>/bin/codex and sit inside a .app bundle (macOS) or not at all. */
function sameBundleTail(a: string, launcher: string): boolean {
  const tail = (p: string) => resolve(p).split(sep).slice(-3).join(sep);
  const inApp = (p: string) =>
    resolve(p)
      .split(sep)
      .some((part) => part.endsWith('.app'));
  return tail(a) === tail(launcher) && inApp(a) === inApp(launcher);
}

function defaultCanWrite(dir: string): boolean {
  // A missing binDir is created in its nearest existing ancestor.
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  try {
    accessSync(d, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** POSIX single-quoting: the launcher path has a space ("Codex Desktop.app"). */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The admin-rights fallback's script: what linkDirectly does, in sh. */
export function linkScript(binDir: string, link: string, launcher: string): string {
  // rm + ln -s rather than ln -sf: if the link was replaced by a directory meanwhile, ln would write into it.
  return `set -e; mkdir -p ${shQuote(binDir)}; if [ -L ${shQuote(link)} ]; then rm -f ${shQuote(link)}; fi; ln -s ${shQuote(launcher)} ${shQuote(link)}`;
}

export function unlinkScript(link: string): string {
  return `set -e; if [ -L ${shQuote(link)} ]; then rm -f ${shQuote(link)}; fi`;
}

function linkDirectly(binDir: string, link: string, launcher: string): void {
  mkdirSync(binDir, { recursive: true });
  // Make the new link beside the old one and rename over it: never a moment without a codex.
  const tmp = join(binDir, `.${CLI_NAME}.tmp-${process.pid}`);
  rmSync(tmp, { force: true });
  symlinkSync(launcher, tmp);
  try {
    renameSync(tmp, link);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

async function withRights(dir: string, opts: CliLinkOptions, direct: () => void, script: string): Promise<'done' | 'cancelled'> {
  const canWrite = opts.canWrite ?? defaultCanWrite;
  if (canWrite(dir)) {
    direct();
    return 'done';
  }
  if (!opts.elevate) throw new Error(`no permission to write in ${dir}`);
  try {
    await opts.elevate(script);
  } catch (err) {
    if (err instanceof AdminCancelledError) return 'cancelled';
    throw err;
  }
  return 'done';
}

export async function installCliOnPath(opts: CliLinkOptions): Promise<CliLinkResult> {
  const binDir = opts.binDir ?? DEFAULT_BIN_DIR;
  const link = join(binDir, CLI_NAME);
  const launcher = resolve(opts.launcher);
  const base = { link, launcher };
  // Running from a build without the bundle layout (e.g. `npm run start:desktop`).
  if (!existsSync(launcher)) return { status: 'no-launcher', ...base };
  try {
    const state = inspectCliLink(link, launcher);
    if (state.kind === 'current') return { status: 'unchanged', ...base };
    if (state.kind === 'foreign') return { status: 'refused', ...base, what: state.what };
    const done = await withRights(binDir, opts, () => linkDirectly(binDir, link, launcher), linkScript(binDir, link, launcher));
    if (done === 'cancelled') return { status: 'cancelled', ...base };
    // Trust the file system, not the route taken (the admin script may have been refused).
    if (inspectCliLink(link, launcher).kind !== 'current') return { status: 'failed', ...base, error: `${link} was not created` };
    return state.kind === 'stale' ? { status: 'updated', ...base, previousTarget: state.target } : { status: 'installed', ...base };
  } catch (err) {
    return { status: 'failed', ...base, error: (err as Error).message };
  }
}

export async function removeCliFromPath(opts: CliLinkOptions): Promise<CliLinkResult> {
  const binDir = opts.binDir ?? DEFAULT_BIN_DIR;
  const link = join(binDir, CLI_NAME);
  const launcher = resolve(opts.launcher);
  const base = { link, launcher };
  try {
    const state = inspectCliLink(link, launcher);
    if (state.kind === 'absent') return { status: 'absent', ...base };
    if (state.kind === 'foreign') return { status: 'refused', ...base, what: state.what };
    const done = await withRights(binDir, opts, () => rmSync(link, { force: true }), unlinkScript(link));
    if (done === 'cancelled') return { status: 'cancelled', ...base };
    if (inspectCliLink(link, launcher).kind !== 'absent') return { status: 'failed', ...base, error: `${link} is still there` };
    return { status: 'removed', ...base };
  } catch (err) {
    return { status: 'failed', ...base, error: (err as Error).message };
  }
}

export class AdminCancelledError extends Error {}

/** AppleScript source that runs `script` in sh with the admin password prompt. */
export function adminAppleScript(script: string): string {
  return `do shell script "${script.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}" with administrator privileges`;
}

/** macOS: runs `script` as admin through osascript's password prompt (VS Code does the same). */
export function runAsAdminOnMac(script: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile('/usr/bin/osascript', ['-e', adminAppleScript(script)], (err, _stdout, stderr) => {
      if (!err) return resolvePromise();
      // -128 is AppleScript's "User canceled."
      if (/\(-128\)/.test(stderr)) return reject(new AdminCancelledError('cancelled'));
      reject(new Error(stderr.trim() || err.message));
    });
  });
}

export interface CliLinkMessage {
  type: 'info' | 'warning' | 'error';
  message: string;
  detail: string;
}

/** The dialog text for a result. */
export function describeCliLinkResult(r: CliLinkResult): CliLinkMessage {
  switch (r.status) {
    case 'installed':
      return {
        type: 'info',
        message: `'${CLI_NAME}' is now on your PATH`,
        detail: `${r.link} runs the codex CLI inside Codex Desktop. Open a new terminal and run \`${CLI_NAME} --help\`.`,
      };
    case 'updated':
      return {
        type: 'info',
        message: `'${CLI_NAME}' now runs this copy of Codex Desktop`,
        detail: `${r.link} pointed at ${r.previousTarget ?? 'an older copy'}; it now points at ${r.launcher}.`,
      };
    case 'unchanged':
      return { type: 'info', message: `'${CLI_NAME}' is already on your PATH`, detail: `${r.link} already points at ${r.launcher}.` };
    case 'removed':
      return { type: 'info', message: `'${CLI_NAME}' was removed from your PATH`, detail: `Removed ${r.link}.` };
    case 'absent':
      return { type: 'info', message: `'${CLI_NAME}' is not installed in PATH`, detail: `There is no ${r.link}.` };
    case 'refused':
      return {
        type: 'warning',
        message: `${r.link} already exists and is not Codex Desktop's`,
        detail: `It is ${r.what}. It was left alone. Remove it yourself (for example \`npm uninstall -g @openai/codex\` if it came from npm) and try again, or run ${r.launcher} directly.`,
      };
    case 'no-launcher':
      return {
        type: 'error',
        message: `This build has no bundled '${CLI_NAME}' launcher`,
        detail: `${r.launcher} does not exist. Use a packaged Codex Desktop (npm run package:dir).`,
      };
    case 'cancelled':
      return { type: 'info', message: 'Nothing was changed', detail: 'The administrator password prompt was cancelled.' };
    case 'failed':
      return { type: 'error', message: `Could not change ${r.link}`, detail: r.error };
  }
}
