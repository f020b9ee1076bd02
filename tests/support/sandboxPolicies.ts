// Sandbox policies the sandbox tests share (Linux helper and seatbelt profile).
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';

type WorkspaceWrite = Extract<SandboxPolicy, { mode: 'workspace-write' }>;
export const READ_ONLY: SandboxPolicy = { mode: 'read-only', networkAccess: false };
/** Workspace-write with only the cwd writable, so sibling temp dirs count as "outside". */
export function ww(extra: Partial<WorkspaceWrite> = {}): WorkspaceWrite {
  return {
    mode: 'workspace-write',
    writableRoots: [],
    networkAccess: false,
    excludeTmpdirEnvVar: true,
    excludeSlashTmp: true,
    ...extra,
  };
}
