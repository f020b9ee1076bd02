// Sandbox policies as Codex names them (`sandbox_mode` in config.toml, `-s` on the CLI).

export type SandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';

export const SANDBOX_MODES: readonly SandboxMode[] = ['read-only', 'workspace-write', 'danger-full-access'];

export type SandboxPolicy =
  | { mode: 'danger-full-access' }
  | { mode: 'read-only'; networkAccess: false }
  | {
      mode: 'workspace-write';
      /** Extra writable roots besides cwd: `--add-dir` and `[sandbox_workspace_write].writable_roots`. */
      writableRoots: string[];
      networkAccess: boolean;
      excludeTmpdirEnvVar: boolean;
      excludeSlashTmp: boolean;
    };
