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
import { JSONRPC_INTERNAL_ERROR, JSONRPC_INVALID_PARAMS } from './methods.js';

export interface ResolvedSandbox {
  policy: SandboxPolicy;
  /** The workspace root of a workspace-write policy; undefined for the other modes. */
  cwd?: string;
}

export const FULL_ACCESS: ResolvedSandbox = { policy: { mode: 'danger-full-access' } };

const invalid = (m: string) => new RpcError(JSONRPC_INVALID_PARAMS, `invalid params: ${m}`);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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

function parseOwnPolicy(raw: Record<string, unknown>): ResolvedSandbox {
  switch (raw.mode) {
    case 'danger-full-access':
      return FULL_ACCESS;
    case 'read-only':
      return { policy: { mode: 'read-only', networkAccess: false } };
    case 'workspace-write': {
      const roots = raw.writableRoots ?? [];
      if (!Array.isArray(roots) || roots.some((r) => typeof r !== 'string' || !isAbsolute(r))) {
        throw invalid('"sandbox.writableRoots" must be absolute paths');
      }
      const cwd = raw.cwd === undefined ? undefined : parsePathParam(raw.cwd, 'sandbox.cwd');
      return {
        policy: {
          mode: 'workspace-write',
          writableRoots: roots as string[],
          networkAccess: raw.networkAccess === true,
          excludeTmpdirEnvVar: raw.excludeTmpdirEnvVar === true,
          excludeSlashTmp: raw.excludeSlashTmp === true,
        },
        cwd,
      };
    }
    default:
      throw invalid(`unknown "sandbox.mode" ${JSON.stringify(raw.mode)} (read-only, workspace-write, danger-full-access)`);
  }
}

/**
 * Codex's PermissionProfile: {type: "disabled" | "external"} (no sandbox here)
 * or {type: "managed", file_system: {type: "unrestricted"} | {type: "restricted",
 * entries: [{path, access: read|write|deny}]}, network: "restricted" | "enabled"}.
 * Write entries become writable roots; `.git`/`.codex`/`.agents` stay read-only
 * by our own protected-path rules.
 */
function parseCodexContext(raw: Record<string, unknown>): ResolvedSandbox {
  const perms = raw.permissions;
  if (!isObject(perms)) throw invalid('"sandbox.permissions" must be an object');
  if (perms.type === 'disabled' || perms.type === 'external') return FULL_ACCESS;
  if (perms.type !== 'managed') throw invalid(`unknown "sandbox.permissions.type" ${JSON.stringify(perms.type)} (managed, disabled, external)`);
  const fsPolicy = perms.file_system;
  if (!isObject(fsPolicy)) throw invalid('"sandbox.permissions.file_system" must be an object');
  if (fsPolicy.type === 'unrestricted' || fsPolicy.type === 'external_sandbox') return FULL_ACCESS;
  if (fsPolicy.type !== 'restricted') throw invalid(`unknown "sandbox.permissions.file_system.type" ${JSON.stringify(fsPolicy.type)}`);
  const entries = fsPolicy.entries ?? [];
  if (!Array.isArray(entries)) throw invalid('"sandbox.permissions.file_system.entries" must be an array');

  const contextCwd = raw.cwd === undefined || raw.cwd === null ? undefined : parsePathParam(raw.cwd, 'sandbox.cwd');
  const wsRaw = raw.workspaceRoots ?? [];
  if (!Array.isArray(wsRaw)) throw invalid('"sandbox.workspaceRoots" must be an array');
  const workspaceRoots = wsRaw.map((r, i) => parsePathParam(r, `sandbox.workspaceRoots[${i}]`));
  if (workspaceRoots.length === 0 && contextCwd) workspaceRoots.push(contextCwd);

  const writable: string[] = [];
  let slashTmp = false;
  let tmpdir = false;
  for (const [i, e] of entries.entries()) {
    if (!isObject(e) || !isObject(e.path)) throw invalid(`"sandbox.permissions.file_system.entries[${i}]" must be {path, access}`);
    if (e.access !== 'write') continue;
    const p = e.path;
    if (p.type === 'path') {
      writable.push(parsePathParam(p.path, `sandbox.permissions.file_system.entries[${i}].path.path`));
    } else if (p.type === 'special' && isObject(p.value)) {
      const kind = p.value.kind;
      const subpath = typeof p.value.subpath === 'string' ? p.value.subpath : undefined;
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

/** Parses the optional `sandbox` parameter; absent or null = full access. */
export function parseSandboxParam(raw: unknown): ResolvedSandbox {
  if (raw === undefined || raw === null) return FULL_ACCESS;
  if (!isObject(raw)) throw invalid('"sandbox" must be an object');
  if ('permissions' in raw) return parseCodexContext(raw);
  return parseOwnPolicy(raw);
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
      : `it is outside the writable roots of the sandbox (${computeWritableRoots(sb.policy, sb.cwd ?? '/', process.env)
          .map((r) => r.root)
          .join(', ') || 'none'}) or inside a protected directory`;
  // Codex's sandboxed helper fails such writes with EROFS and -32603; keep both, and say why.
  throw new RpcError(JSONRPC_INTERNAL_ERROR, `Read-only file system (os error 30): ${method} refused to write ${target}: ${where}`);
}

/** Codex's FileSystemSandboxContext as sent on the wire (opaque beyond `permissions`). */
export type CodexSandboxContext = { permissions: unknown } & Record<string, unknown>;

const special = (kind: string, access: 'read' | 'write', subpath?: string) => ({
  path: { type: 'special', value: subpath ? { kind, subpath } : { kind } },
  access,
  ...(subpath ? { missing_path_behavior: 'skip' } : {}),
});

/**
 * Our SandboxPolicy in Codex 0.169's wire shape, so a policy means the same to
 * Codex's exec-server as to ours (which parses it back to the same policy).
 * danger-full-access is `null`: no sandbox, as Codex's client sends it.
 */
export function toCodexSandboxContext(policy: SandboxPolicy, cwd: string): CodexSandboxContext | null {
  if (policy.mode === 'danger-full-access') return null;
  const cwdUri = pathToFileURL(cwd).href;
  const entries: object[] = [special('root', 'read')];
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
