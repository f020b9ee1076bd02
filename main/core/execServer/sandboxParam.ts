// The optional `sandbox` of process/start and fs/* calls, in either shape a
// client may send: our SandboxPolicy ({mode, writableRoots, …}) or Codex
// 0.169's FileSystemSandboxContext ({permissions: PermissionProfile, cwd,
// workspaceRoots, …}). Both become one SandboxPolicy plus the directory that
// policy treats as the workspace (always writable under workspace-write).
import { isAbsolute, join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RpcError } from '../server/rpcError.js';
import { computeWritableRoots } from '../sandbox/writableRoots.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { resolveWriteTarget } from '../tools/patchTool.js';
import {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_PARAMS,
  parseSandboxWire,
  type CodexSandboxContext,
  type CodexSandboxContextInput,
  type FileSystemEntry,
  type OwnSandboxPolicy,
} from './methods.js';

export interface ResolvedSandbox {
  policy: SandboxPolicy;
  /** The workspace root of a workspace-write policy; undefined for the other modes. */
  cwd?: string;
}

export const FULL_ACCESS: ResolvedSandbox = { policy: { mode: 'danger-full-access' } };

const invalid = (m: string) => new RpcError(JSONRPC_INVALID_PARAMS, `invalid params: ${m}`);

/** A file:// URI or an absolute path → absolute native path; `field` names the parameter in errors. */
export function parsePathParam(raw: unknown, field: string): string {
  if (typeof raw !== 'string' || !raw) throw invalid(`"${field}" must be a file:// URI or an absolute path`);
  let path = raw;
  if (/^[a-z][a-z0-9+.-]*:/i.test(raw) && !/^[a-z]:[\\/]/i.test(raw)) {
    if (!raw.startsWith('file:')) throw invalid(`"${field}": unsupported URI scheme in ${JSON.stringify(raw)} (expected file://)`);
    try {
      path = fileURLToPath(raw);
    } catch (err) {
      throw invalid(`"${field}": bad file URI ${JSON.stringify(raw)}: ${(err as Error).message}`);
    }
  }
  if (!isAbsolute(path)) throw invalid(`"${field}" must be absolute, got ${JSON.stringify(raw)}`);
  return resolve(path);
}

function resolveOwnPolicy(raw: OwnSandboxPolicy): ResolvedSandbox {
  switch (raw.mode) {
    case 'danger-full-access':
      return FULL_ACCESS;
    case 'read-only':
      return { policy: { mode: 'read-only', networkAccess: false } };
    case 'workspace-write': {
      if (raw.writableRoots.some((r) => !isAbsolute(r))) throw invalid('"sandbox.writableRoots" must be absolute paths');
      return {
        policy: {
          mode: 'workspace-write',
          writableRoots: raw.writableRoots,
          networkAccess: raw.networkAccess === true,
          excludeTmpdirEnvVar: raw.excludeTmpdirEnvVar === true,
          excludeSlashTmp: raw.excludeSlashTmp === true,
        },
        cwd: raw.cwd === undefined ? undefined : parsePathParam(raw.cwd, 'sandbox.cwd'),
      };
    }
  }
}

/**
 * Codex's PermissionProfile: {type: "disabled" | "external"} (no sandbox here)
 * or {type: "managed", file_system: {type: "unrestricted"} | {type: "restricted",
 * entries: [{path, access: read|write|deny}]}, network: "restricted" | "enabled"}.
 * Write entries become writable roots; `.git`/`.codex`/`.agents` stay read-only
 * by our own protected-path rules.
 */
function resolveCodexContext(raw: CodexSandboxContext): ResolvedSandbox {
  const perms = raw.permissions;
  if (perms.type !== 'managed') return FULL_ACCESS;
  const fsPolicy = perms.file_system;
  if (fsPolicy.type !== 'restricted') return FULL_ACCESS;

  const contextCwd = raw.cwd === undefined || raw.cwd === null ? undefined : parsePathParam(raw.cwd, 'sandbox.cwd');
  const workspaceRoots = raw.workspaceRoots.map((r, i) => parsePathParam(r, `sandbox.workspaceRoots[${i}]`));
  if (workspaceRoots.length === 0 && contextCwd) workspaceRoots.push(contextCwd);

  const writable: string[] = [];
  let slashTmp = false;
  let tmpdir = false;
  for (const [i, e] of fsPolicy.entries.entries()) {
    if (e.access !== 'write') continue;
    const p = e.path;
    if (p.type === 'path') {
      writable.push(parsePathParam(p.path, `sandbox.permissions.file_system.entries[${i}].path.path`));
    } else if (p.type === 'special') {
      const { kind } = p.value;
      const subpath = p.value.subpath ?? undefined;
      if (kind === 'root') return FULL_ACCESS;
      if (kind === 'project_roots' || kind === 'current_working_directory') writable.push(...workspaceRoots.map((r) => (subpath ? join(r, subpath) : r)));
      else if (kind === 'slash_tmp') slashTmp = true;
      else if (kind === 'tmpdir') tmpdir = true;
      // minimal / unknown kinds grant nothing writable here.
    }
    // Glob write entries are not honoured (refusing is the safe direction).
  }
  if (writable.length === 0 && !slashTmp && !tmpdir) return { policy: { mode: 'read-only', networkAccess: false } };
  const networkAccess = perms.network === 'enabled';
  const cwd = writable[0] ?? (slashTmp ? '/tmp' : process.env.TMPDIR || '/tmp');
  return {
    policy: { mode: 'workspace-write', writableRoots: writable.slice(1), networkAccess, excludeSlashTmp: !slashTmp, excludeTmpdirEnvVar: !tmpdir },
    cwd,
  };
}

/** Parses the optional `sandbox` parameter of `method`; absent or null = full access. */
export function parseSandboxParam(raw: unknown, method: string): ResolvedSandbox {
  const wire = parseSandboxWire(method, raw);
  if (!wire) return FULL_ACCESS;
  return wire.kind === 'codex' ? resolveCodexContext(wire.context) : resolveOwnPolicy(wire.policy);
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Whether a write to `target` is allowed: inside a writable root the command
 * sandbox would grant (same computation, symlinks resolved) and not inside one
 * of its protected paths (.git, .codex, .agents).
 */
export function isWriteAllowed(target: string, sb: ResolvedSandbox): boolean {
  if (sb.policy.mode === 'danger-full-access') return true;
  if (sb.policy.mode === 'read-only' || !sb.cwd) return false;
  const real = resolveWriteTarget(target);
  const roots = computeWritableRoots(sb.policy, sb.cwd, process.env);
  return roots.some((r) => isInside(r.root, real) && !r.protectedPaths.some((p) => isInside(p.path, real)));
}

/** Refuses a write outside the writable roots with an error naming the path and the policy. */
export function assertWritable(target: string, sb: ResolvedSandbox, method: string): void {
  if (isWriteAllowed(target, sb)) return;
  const where =
    sb.policy.mode === 'read-only'
      ? 'the sandbox is read-only'
      : `it is outside the writable roots of the sandbox (${
          computeWritableRoots(sb.policy, sb.cwd ?? '/', process.env)
            .map((r) => r.root)
            .join(', ') || 'none'
        }) or inside a protected directory`;
  // Codex's sandboxed helper fails such writes with EROFS and -32603; keep both, and say why.
  throw new RpcError(JSONRPC_INTERNAL_ERROR, `Read-only file system (os error 30): ${method} refused to write ${target}: ${where}`);
}

export type { CodexSandboxContext, CodexSandboxContextInput };

const special = (kind: string, access: 'read' | 'write', subpath?: string): FileSystemEntry => ({
  path: { type: 'special', value: subpath ? { kind, subpath } : { kind } },
  access,
  ...(subpath ? { missing_path_behavior: 'skip' } : {}),
});

/**
 * Our SandboxPolicy in Codex 0.169's wire shape, so a policy means the same to
 * Codex's exec-server as to ours (which parses it back to the same policy).
 * danger-full-access is `null`: no sandbox, as Codex's client sends it.
 */
export function toCodexSandboxContext(policy: SandboxPolicy, cwd: string): CodexSandboxContextInput | null {
  if (policy.mode === 'danger-full-access') return null;
  const cwdUri = pathToFileURL(cwd).href;
  const entries: FileSystemEntry[] = [special('root', 'read')];
  let network = 'restricted';
  if (policy.mode === 'workspace-write') {
    entries.push(special('project_roots', 'write'));
    for (const r of policy.writableRoots) entries.push({ path: { type: 'path', path: resolve(cwd, r) }, access: 'write' });
    if (!policy.excludeSlashTmp) entries.push(special('slash_tmp', 'write'));
    if (!policy.excludeTmpdirEnvVar) entries.push(special('tmpdir', 'write'));
    for (const name of ['.git', '.agents', '.codex']) entries.push(special('project_roots', 'read', name));
    if (policy.networkAccess) network = 'enabled';
  }
  return {
    permissions: { type: 'managed', file_system: { type: 'restricted', entries }, network },
    cwd: cwdUri,
    workspaceRoots: [cwdUri],
    windowsSandboxLevel: 'disabled',
    useLegacyLandlock: false,
  };
}
