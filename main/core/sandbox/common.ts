// Types and errors shared by every platform's sandbox back end (kept apart
// from index.ts so the back ends can import them without a cycle).
import type { SandboxPolicy } from './policy.js';

export type SandboxType = 'none' | 'linux-landlock' | 'seatbelt' | 'windows-restricted-token';

export interface SandboxRequest {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  policy: SandboxPolicy;
}

export interface SandboxedCommand {
  argv: string[];
  env: Record<string, string>;
  sandboxType: SandboxType;
}

/** The policy asked for cannot be enforced here: the command must not run. */
export class SandboxUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxUnavailableError';
  }
}

/**
 * Names the mechanism a command runs under (`seatbelt`, `linux-landlock`,
 * `windows-restricted-token`: the SandboxType). Codex sets it only on macOS;
 * we set it everywhere so tools and tests can tell they are confined.
 */
export const CODEX_SANDBOX_ENV = 'CODEX_SANDBOX';

/** Set in the child env whenever the sandbox keeps the command off the network (all platforms, as Codex does). */
export const CODEX_SANDBOX_NETWORK_DISABLED_ENV = 'CODEX_SANDBOX_NETWORK_DISABLED';
