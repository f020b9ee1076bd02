// macOS back end: run the command under Seatbelt via /usr/bin/sandbox-exec
// with a profile generated from the policy.
//
// Security rule of this file: paths never appear in the profile text. Every
// writable root and protected path is handed to sandbox-exec as a `-D`
// parameter and referenced from the profile as `(param "NAME")`, so a
// directory name full of quotes and parentheses cannot add rules.
import { CODEX_SANDBOX_ENV, CODEX_SANDBOX_NETWORK_DISABLED_ENV, type SandboxRequest } from './common.js';
import { computeWritableRoots } from './writableRoots.js';

/** Fixed path on purpose: a `sandbox-exec` found on $PATH could be anything. */
export const SANDBOX_EXEC_PATH = '/usr/bin/sandbox-exec';

// Base rules every sandboxed command needs, whatever the policy. Written for
// this project from Apple's SBPL operation names; `(deny default)` first so
// anything not listed below is refused.
const BASE_PROFILE = `(version 1)
(deny default)

; A shell must be able to start programs, and child processes inherit the sandbox.
(allow process-exec)
(allow process-fork)
; Signals and process inspection only within this sandbox (not the app, not other user processes).
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))

; Read-only sysctls that libc, language runtimes and build tools query.
(allow sysctl-read
  (sysctl-name "hw.activecpu")
  (sysctl-name "hw.availcpu")
  (sysctl-name "hw.byteorder")
  (sysctl-name "hw.cachelinesize")
  (sysctl-name "hw.logicalcpu")
  (sysctl-name "hw.logicalcpu_max")
  (sysctl-name "hw.machine")
  (sysctl-name "hw.memsize")
  (sysctl-name "hw.model")
  (sysctl-name "hw.ncpu")
  (sysctl-name "hw.pagesize")
  (sysctl-name "hw.physicalcpu")
  (sysctl-name "hw.physicalcpu_max")
  (sysctl-name-prefix "hw.optional.")
  (sysctl-name-prefix "hw.perflevel")
  (sysctl-name "kern.argmax")
  (sysctl-name "kern.hostname")
  (sysctl-name "kern.maxfilesperproc")
  (sysctl-name "kern.osproductversion")
  (sysctl-name "kern.osrelease")
  (sysctl-name "kern.ostype")
  (sysctl-name "kern.osversion")
  (sysctl-name "kern.secure_kernel")
  (sysctl-name "kern.usrstack64")
  (sysctl-name "kern.version")
  (sysctl-name-prefix "kern.proc.pid.")
  (sysctl-name "machdep.cpu.brand_string")
  (sysctl-name-prefix "machdep.cpu.")
  (sysctl-name "sysctl.proc_cputype")
  (sysctl-name "vm.loadavg"))

; Device files programs write to without meaning to change anything.
(allow file-write-data file-ioctl
  (literal "/dev/null")
  (literal "/dev/zero")
  (literal "/dev/dtracehelper")
  (literal "/dev/tty"))

; Terminals: commands run under a pty (the app's terminal, interactive tools).
(allow pseudo-tty)
(allow file-read* file-write* file-ioctl
  (literal "/dev/ptmx")
  (regex #"^/dev/ttys[0-9]+$"))

; POSIX semaphores and shared memory (Python multiprocessing, compilers, databases).
(allow ipc-posix-sem)
(allow ipc-posix-shm-read-data ipc-posix-shm-read-metadata
  ipc-posix-shm-write-create ipc-posix-shm-write-data ipc-posix-shm-write-unlink)

; Mach services a shell and common tools look up: user/group lookups,
; notifications, preferences, logging.
(allow mach-lookup
  (global-name "com.apple.system.opendirectoryd.libinfo")
  (global-name "com.apple.system.opendirectoryd.membership")
  (global-name "com.apple.system.notification_center")
  (global-name "com.apple.cfprefsd.daemon")
  (global-name "com.apple.cfprefsd.agent")
  (global-name "com.apple.logd")
  (global-name "com.apple.system.logger")
  (global-name "com.apple.diagnosticd"))
(allow user-preference-read)

; Reads are not restricted (as in Codex): the command sees what the user sees.
(allow file-read*)
`;

// Only with network access: sockets plus the daemons name resolution and TLS
// certificate checks go through.
const NETWORK_PROFILE = `
; Network access granted by the policy.
(allow network-outbound)
(allow network-inbound)
(allow network-bind)
(allow system-socket)
(allow mach-lookup
  (global-name "com.apple.dnssd.service")
  (global-name "com.apple.SystemConfiguration.DNSConfiguration")
  (global-name "com.apple.SystemConfiguration.configd")
  (global-name "com.apple.networkd")
  (global-name "com.apple.trustd")
  (global-name "com.apple.trustd.agent")
  (global-name "com.apple.ocspd"))
`;

export interface SeatbeltCommand {
  argv: string[];
  env: Record<string, string>;
}

/**
 * Wraps req.argv in sandbox-exec. The policy must not be danger-full-access
 * (that runs unwrapped; wrapCommandForSandbox handles it).
 */
export function buildSeatbeltCommand(req: SandboxRequest): SeatbeltCommand {
  const { policy } = req;
  if (policy.mode === 'danger-full-access') throw new Error('buildSeatbeltCommand: danger-full-access is not sandboxed');
  if (req.argv.length === 0) throw new Error('buildSeatbeltCommand: empty argv');

  const params: string[] = [];
  const writeClauses: string[] = [];
  computeWritableRoots(policy, req.cwd, req.env).forEach((r, i) => {
    const rootParam = `WRITABLE_ROOT_${i}`;
    params.push(`-D${rootParam}=${r.root}`);
    // subpath matches the path itself too, and matching is by path, so a
    // missing protected path (the cwd's `.codex`) cannot be created either.
    const excludes = r.protectedPaths.map((p, j) => {
      const name = `${rootParam}_EXCLUDED_${j}`;
      params.push(`-D${name}=${p.path}`);
      return `(require-not (subpath (param "${name}")))`;
    });
    writeClauses.push(excludes.length === 0 ? `(subpath (param "${rootParam}"))` : `(require-all (subpath (param "${rootParam}")) ${excludes.join(' ')})`);
  });

  let profile = BASE_PROFILE;
  if (writeClauses.length > 0) {
    profile += `\n; Writable roots of the policy, minus their protected paths.\n(allow file-write*\n  ${writeClauses.join('\n  ')})\n`;
  }
  const networkOn = policy.mode === 'workspace-write' && policy.networkAccess;
  if (networkOn) profile += NETWORK_PROFILE;

  const env: Record<string, string> = { ...req.env, [CODEX_SANDBOX_ENV]: 'seatbelt' };
  if (!networkOn) env[CODEX_SANDBOX_NETWORK_DISABLED_ENV] = '1';
  return { argv: [SANDBOX_EXEC_PATH, '-p', profile, ...params, '--', ...req.argv], env };
}
