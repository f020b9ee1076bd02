// Which commands may run without asking (known safe: read-only tools with no
// option that writes or executes) and which always need approval (dangerous:
// forced deletion). Same lists and rules as Codex (reference §6); the script of
// `bash|zsh|sh -c|-lc` is looked into with the tokenizer in shellLex.ts.
import { ASSIGNMENT, baseName, extractCommandsLoosely, parsePlainCommands, shellScriptOf } from './shellLex.js';

const ALWAYS_SAFE = new Set([
  'cat',
  'cd',
  'cut',
  'echo',
  'expr',
  'false',
  'grep',
  'head',
  'id',
  'ls',
  'nl',
  'paste',
  'pwd',
  'rev',
  'seq',
  'stat',
  'tail',
  'tr',
  'true',
  'uname',
  'uniq',
  'wc',
  'which',
  'whoami',
]);

/** GNU coreutils only: on other systems these names may be something else. */
const LINUX_ONLY_SAFE = new Set(['numfmt', 'tac']);

const UNSAFE_FIND_OPTIONS = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fls', '-fprint', '-fprint0', '-fprintf']);

/** `sed -n` addresses that only print: "N p" or "N,M p". */
const SED_PRINT_RANGE = /^\d+(,\d+)?p$/;

function isSafeBase64(args: readonly string[]): boolean {
  // -o/--output writes a file; also reject the attached forms (-oFILE, --output=FILE).
  return !args.some((a) => a === '-o' || a === '--output' || a.startsWith('--output=') || (a.startsWith('-o') && !a.startsWith('--')));
}

function isSafeRipgrep(args: readonly string[]): boolean {
  for (const a of args) {
    // --pre runs a program per file; --hostname-bin runs one; -z/--search-zip runs decompressors.
    if (a === '--pre' || a.startsWith('--pre=') || a === '--hostname-bin' || a.startsWith('--hostname-bin=')) return false;
    if (a === '--search-zip' || a === '-z') return false;
    // Stricter than an exact match: -z bundled in a short-option cluster (-iz).
    if (/^-[A-Za-z]+$/.test(a) && a.includes('z')) return false;
  }
  return true;
}

/** Safe when run directly (no shell in between). */
function isSafeToExec(argv: readonly string[]): boolean {
  const first = argv[0];
  if (!first) return false;
  const name = baseName(first);
  const args = argv.slice(1);
  if (ALWAYS_SAFE.has(name)) return true;
  if (LINUX_ONLY_SAFE.has(name)) return process.platform === 'linux';
  switch (name) {
    case 'base64':
      return isSafeBase64(args);
    case 'find':
      return !args.some((a) => UNSAFE_FIND_OPTIONS.has(a));
    case 'rg':
      return isSafeRipgrep(args);
    case 'sed':
      // Exactly `sed -n <range>p [file]`.
      return argv.length >= 3 && argv.length <= 4 && args[0] === '-n' && SED_PRINT_RANGE.test(args[1]!);
    default:
      return false;
  }
}

/**
 * True when `argv` only reads: a known-safe command, or a `bash|zsh|sh -lc|-c`
 * script made only of plain known-safe commands joined by && || ; |.
 */
export function isKnownSafeCommand(argv: readonly string[]): boolean {
  if (isSafeToExec(argv)) return true;
  const script = shellScriptOf(argv);
  if (script === undefined) return false;
  const commands = parsePlainCommands(script);
  return commands !== null && commands.length > 0 && commands.every(isSafeToExec);
}

// --- dangerous ----------------------------------------------------------------

/** sudo options that take a value, so the word after them is not the command. */
const SUDO_OPTIONS_WITH_VALUE = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '-R']);

function stripSudo(argv: readonly string[]): readonly string[] {
  let rest = argv;
  while (rest.length > 0 && baseName(rest[0]!) === 'sudo') {
    let i = 1;
    while (i < rest.length && rest[i]!.startsWith('-')) {
      if (rest[i] === '--') {
        i++;
        break;
      }
      i += SUDO_OPTIONS_WITH_VALUE.has(rest[i]!) ? 2 : 1;
    }
    rest = rest.slice(i);
  }
  return rest;
}

function hasForceFlag(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false; // after this, "-f" is a file name
    if (a === '--force') return true;
    if (/^-[A-Za-z]+$/.test(a) && a.includes('f')) return true; // -f, -rf, -fr, -Rfv …
  }
  return false;
}

function isDangerousExec(argv: readonly string[], depth: number): boolean {
  let cmd = argv;
  while (cmd.length > 0 && ASSIGNMENT.test(cmd[0]!)) cmd = cmd.slice(1);
  cmd = stripSudo(cmd);
  if (cmd.length === 0) return false;
  if (baseName(cmd[0]!) === 'rm' && hasForceFlag(cmd.slice(1))) return true;
  const script = shellScriptOf(cmd);
  return script !== undefined && depth < 4 && isDangerousScript(script, depth + 1);
}

function isDangerousScript(script: string, depth: number): boolean {
  return extractCommandsLoosely(script).some((c) => isDangerousExec(c, depth));
}

/**
 * True for commands that always need approval: `rm` with a force flag, also
 * behind sudo or anywhere inside a shell script (control flow, $( ), subshells).
 */
export function isDangerousCommand(argv: readonly string[]): boolean {
  return isDangerousExec(argv, 0);
}
