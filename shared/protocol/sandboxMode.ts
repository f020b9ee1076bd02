// A thread's sandbox on the wire (SandboxPolicyWire) and the mode that names it
// (config.toml's `sandbox_mode`, the pickers): the one place every front end
// converts between the two. The core's own SandboxPolicy conversions live in
// main/core/sandbox/policyConversions.ts.
import type { SandboxMode } from './enums.js';
import type { SandboxPolicyWire } from './types.js';

export function sandboxModeOf(policy: SandboxPolicyWire): SandboxMode {
  return policy.type === 'dangerFullAccess' ? 'danger-full-access' : policy.type === 'readOnly' ? 'read-only' : 'workspace-write';
}

/** The plain policy a mode picked by the user asks for (no extra roots, no network). */
export function sandboxPolicyFor(mode: SandboxMode): SandboxPolicyWire {
  if (mode === 'danger-full-access') return { type: 'dangerFullAccess' };
  if (mode === 'read-only') return { type: 'readOnly', networkAccess: false };
  return { type: 'workspaceWrite', writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false };
}
