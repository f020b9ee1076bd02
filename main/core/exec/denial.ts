// Whether a failed sandboxed command most likely hit the sandbox (Codex's
// heuristic, reference §5), so an on-failure approval policy can offer to rerun
// it without the sandbox.
import { constants as osConstants } from 'node:os';
import type { SandboxType } from '../sandbox/index.js';

const DENIAL_KEYWORDS = ['operation not permitted', 'permission denied', 'read-only file system', 'seccomp', 'sandbox', 'landlock', 'failed to write file'];

/** Exit codes that mean "usage error / not found / not executable", not a sandbox denial. */
const QUICK_REJECT_EXIT_CODES = new Set([2, 126, 127]);

const SIGSYS = osConstants.signals.SIGSYS;

/**
 * Whether a failed sandboxed command most likely hit the sandbox (so on-failure
 * may offer an unsandboxed retry). `sandboxType` 'none' ⇒ never; any other value
 * (including a generic 'sandboxed') counts as sandboxed.
 */
export function isLikelySandboxDenial(
  exitCode: number | null | undefined,
  output: string | readonly string[],
  sandboxType: SandboxType | (string & {}),
): boolean {
  if (sandboxType === 'none' || exitCode === 0) return false;
  const texts = typeof output === 'string' ? [output] : output;
  for (const t of texts) {
    const lower = t.toLowerCase();
    if (DENIAL_KEYWORDS.some((k) => lower.includes(k))) return true;
  }
  if (exitCode === null || exitCode === undefined) return false;
  if (QUICK_REJECT_EXIT_CODES.has(exitCode)) return false;
  // A seccomp rule that kills with SIGSYS shows up as 128+SIGSYS from the shell.
  const seccompCapable = sandboxType === 'linux-landlock' || (sandboxType === 'sandboxed' && process.platform === 'linux');
  return seccompCapable && SIGSYS !== undefined && exitCode === 128 + SIGSYS;
}
