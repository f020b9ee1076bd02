// Where exec_command's processes run. The unified exec manager talks only to
// this interface: the local backend is the sandboxed spawner of this machine;
// remote backends (main/core/environments/) start processes on an exec-server.
import { resolveExecutable, spawnCommand, type SpawnOptions, type SpawnedProcess } from './spawner.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import type { PatchFs } from '../tools/applyPatch/patchFs.js';

export const LOCAL_ENVIRONMENT_ID = 'local';

export interface ProcessBackend {
  /** `local`, or the id of the exec-server environment the processes run in. */
  readonly environmentId: string;
  /** The shell to launch: the requested one if the backend has it, else its default. */
  resolveShell(requested: string | undefined, env: Record<string, string>): Promise<string>;
  /**
   * Starts a process under opts.sandboxPolicy. Rejects with SpawnError when it
   * could not be created and SandboxUnavailableError when the policy cannot be
   * enforced; in both cases nothing ran.
   */
  spawn(opts: SpawnOptions): Promise<SpawnedProcess>;
  /**
   * The environment's files for tools that edit them (apply_patch); absent =
   * this machine's. With a policy, the environment refuses writes it forbids.
   */
  fileSystem?(sandbox: { policy: SandboxPolicy; cwd: string } | undefined): PatchFs;
}

export function localProcessBackend(fallbackShell = '/bin/bash'): ProcessBackend {
  return {
    environmentId: LOCAL_ENVIRONMENT_ID,
    resolveShell: async (requested, env) => resolveShell(requested, env, fallbackShell),
    spawn: async (opts) => spawnCommand(opts),
  };
}

/** The local shell to launch: the requested one if it exists, else $SHELL, else the fallback. */
export function resolveShell(requested: string | undefined, env: Record<string, string>, fallback = '/bin/bash'): string {
  for (const candidate of [requested, env.SHELL, process.env.SHELL, fallback, '/bin/sh']) {
    if (!candidate) continue;
    const found = resolveExecutable(candidate, env);
    if (found) return candidate.includes('/') ? candidate : found;
  }
  return fallback;
}
