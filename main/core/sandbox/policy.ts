// Sandbox policies as Codex names them (`sandbox_mode` in config.toml, `-s` on the CLI).

export { SANDBOX_MODES, type SandboxMode } from '../../../shared/protocol/enums.js';

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
