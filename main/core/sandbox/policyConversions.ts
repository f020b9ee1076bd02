// Every conversion of the core's SandboxPolicy: from the resolved config, to and
// from the app-server wire shape, and the wire shape in Codex's event serialisation.
import type { Config } from '../config/types.js';
import type { SandboxPolicy } from './policy.js';
import type { SandboxPolicyWire } from '../../../shared/protocol/types.js';

/** The sandbox policy a thread runs with, from the resolved config. */
export function sandboxPolicyFromConfig(config: Config): SandboxPolicy {
  switch (config.sandboxMode) {
    case 'danger-full-access':
      return { mode: 'danger-full-access' };
    case 'read-only':
      return { mode: 'read-only', networkAccess: false };
    case 'workspace-write': {
      const ww = config.sandboxWorkspaceWrite;
      return {
        mode: 'workspace-write',
        writableRoots: [...ww.writableRoots, ...config.additionalWritableRoots],
        networkAccess: ww.networkAccess,
        excludeTmpdirEnvVar: ww.excludeTmpdirEnvVar,
        excludeSlashTmp: ww.excludeSlashTmp,
      };
    }
  }
}

export function sandboxPolicyToWire(p: SandboxPolicy): SandboxPolicyWire {
  switch (p.mode) {
    case 'danger-full-access':
      return { type: 'dangerFullAccess' };
    case 'read-only':
      return { type: 'readOnly', networkAccess: false };
    case 'workspace-write':
      return {
        type: 'workspaceWrite',
        writableRoots: p.writableRoots,
        networkAccess: p.networkAccess,
        excludeTmpdirEnvVar: p.excludeTmpdirEnvVar,
        excludeSlashTmp: p.excludeSlashTmp,
      };
  }
}

export function sandboxPolicyFromWire(w: SandboxPolicyWire): SandboxPolicy {
  switch (w.type) {
    case 'dangerFullAccess':
      return { mode: 'danger-full-access' };
    case 'readOnly':
      return { mode: 'read-only', networkAccess: false };
    case 'workspaceWrite':
      return {
        mode: 'workspace-write',
        writableRoots: w.writableRoots,
        networkAccess: w.networkAccess,
        excludeTmpdirEnvVar: w.excludeTmpdirEnvVar,
        excludeSlashTmp: w.excludeSlashTmp,
      };
  }
}

/** Codex's SandboxPolicy serialisation (kebab-case tag, snake_case fields), as `codex mcp-server` events carry it. */
export function codexSandboxPolicy(p: SandboxPolicyWire): Record<string, unknown> {
  switch (p.type) {
    case 'dangerFullAccess':
      return { type: 'danger-full-access' };
    case 'readOnly':
      return { type: 'read-only', network_access: p.networkAccess };
    case 'workspaceWrite':
      return {
        type: 'workspace-write',
        writable_roots: p.writableRoots,
        network_access: p.networkAccess,
        exclude_tmpdir_env_var: p.excludeTmpdirEnvVar,
        exclude_slash_tmp: p.excludeSlashTmp,
      };
  }
}
