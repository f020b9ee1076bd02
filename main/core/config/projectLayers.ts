// A repository's own `.codex/config.toml` files, as Codex 0.169 layers them: one
// layer per `.codex/` folder from the project root (nearest ancestor holding a
// `project_root_markers` entry, default `.git`) down to cwd, nearer folders
// winning. A layer counts only when its project is trusted in the user's
// config (`[projects."<dir>"] trust_level = "trusted"`, looked up for the
// folder's directory, then the project root, then the git repository root);
// otherwise it is read but disabled, with Codex's reason.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { isTable, type TomlTable } from './table.js';
import { parseToml } from './tomlFile.js';
import { findRepositoryRoot } from '../git/repoMarker.js';

export interface ProjectLayer {
  /** The `.codex` folder (Codex's `ConfigLayerSource::Project.dotCodexFolder`). */
  dotCodexFolder: string;
  /** Its config.toml (which may not exist). */
  file: string;
  /** The parsed file ({} when missing or, for an untrusted project, unparsable). */
  config: TomlTable;
  /** Raw text, for the layer's version; null when the file does not exist. */
  text: string | null;
  /** Why the layer is ignored (the project is not trusted); null when it applies. */
  disabledReason: string | null;
}

type TrustLevel = 'trusted' | 'untrusted';

/** Codex's message when a project's config was ignored (printed as a warning). */
export const UNTRUSTED_PROJECT_WARNING =
  'Untrusted project-local configuration is disabled. Run `codex exec --trust` to allow project configuration and MCP servers for this and future chats in the project, including MCP commands outside the sandbox. Explicitly untrusted projects must have their trust setting updated first.';

/** `project_root_markers` from the user's merged config: default `.git`; `[]` makes cwd the root. */
export function projectRootMarkers(merged: TomlTable): string[] {
  const raw = merged.project_root_markers;
  if (raw === undefined) return ['.git'];
  if (!Array.isArray(raw) || raw.some((m) => typeof m !== 'string')) {
    throw new ConfigError('project_root_markers must be an array of strings', { keyPath: 'project_root_markers' });
  }
  return raw as string[];
}

/** Nearest ancestor of cwd (itself included) holding one of the markers; cwd when none does. */
export function findProjectRoot(cwd: string, markers: readonly string[]): string {
  if (markers.length === 0) return cwd;
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    if (markers.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    if (path.dirname(dir) === dir) return cwd;
  }
}

/** The repository a trust entry names: a linked worktree's main checkout, else the repository root. */
export function repoRootForTrust(cwd: string): string | undefined {
  const root = findRepositoryRoot(cwd);
  if (!root) return undefined;
  try {
    const marker = path.join(root, '.git');
    if (fs.statSync(marker).isFile()) {
      const gitdir = path.resolve(root, fs.readFileSync(marker, 'utf8').slice('gitdir:'.length).trim());
      // <main>/.git/worktrees/<name>
      if (path.basename(path.dirname(gitdir)) === 'worktrees' && path.basename(path.dirname(path.dirname(gitdir))) === '.git') {
        return path.dirname(path.dirname(path.dirname(gitdir)));
      }
    }
  } catch {
    // unreadable marker: the repository root itself
  }
  return root;
}

/** `[projects."<path>"] trust_level` entries of the user's config. */
function trustLevels(merged: TomlTable): Map<string, TrustLevel> {
  const out = new Map<string, TrustLevel>();
  const projects = merged.projects;
  if (!isTable(projects)) return out;
  for (const [key, entry] of Object.entries(projects)) {
    const level = isTable(entry) ? entry.trust_level : undefined;
    if (level === 'trusted' || level === 'untrusted') out.set(key, level);
  }
  return out;
}

export interface ProjectTrust {
  projectRoot: string;
  repoRoot: string | undefined;
  /** The entry `codex exec --trust` writes: the repository root, else the project root. */
  trustKey: string;
  /** The trust level for a directory: its own entry, else the project root's, else the repository's. */
  levelFor(dir: string): { level: TrustLevel | undefined; key: string };
}

export function projectTrust(cwd: string, merged: TomlTable): ProjectTrust {
  const projectRoot = findProjectRoot(cwd, projectRootMarkers(merged));
  const repoRoot = repoRootForTrust(cwd);
  const levels = trustLevels(merged);
  const trustKey = repoRoot ?? projectRoot;
  return {
    projectRoot,
    repoRoot,
    trustKey,
    levelFor(dir) {
      for (const key of [dir, projectRoot, repoRoot]) {
        if (key !== undefined && levels.has(key)) return { level: levels.get(key), key };
      }
      return { level: undefined, key: trustKey };
    },
  };
}

/** Codex's disabled reason for a layer in `dir`, or null when that directory is trusted. */
function disabledReason(trust: ProjectTrust, dir: string, userConfigFile: string): string | null {
  const { level, key } = trust.levelFor(dir);
  if (level === 'trusted') return null;
  if (level === 'untrusted') return `${key} is marked as untrusted in ${userConfigFile}. To load config.toml, mark it trusted.`;
  return `To load config.toml, add ${key} as a trusted project in ${userConfigFile}.`;
}

/**
 * The `.codex/` layers between the project root and cwd, lowest precedence first.
 * CODEX_HOME itself is never a project layer. A trusted project's unparsable file
 * is an error naming it; an untrusted one's is ignored (it would not apply anyway).
 */
export function loadProjectLayers(opts: { cwd: string; codexHome: string; userConfigFile: string; merged: TomlTable }): ProjectLayer[] {
  const trust = projectTrust(opts.cwd, opts.merged);
  const dirs: string[] = [];
  for (let dir = opts.cwd; ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (dir === trust.projectRoot || path.dirname(dir) === dir) break;
  }
  dirs.reverse();
  const home = realOrSelf(opts.codexHome);
  const layers: ProjectLayer[] = [];
  for (const dir of dirs) {
    const dotCodex = path.join(dir, '.codex');
    if (!isDirectory(dotCodex) || dotCodex === opts.codexHome || realOrSelf(dotCodex) === home) continue;
    const file = path.join(dotCodex, 'config.toml');
    const reason = disabledReason(trust, dir, opts.userConfigFile);
    let text: string | null = null;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new ConfigError(`Failed to read project config file ${file}: ${(err as Error).message}`, { source: file, cause: err });
    }
    let config: TomlTable = {};
    if (text !== null) {
      try {
        config = parseToml(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
      } catch (err) {
        if (reason === null) throw err;
      }
    }
    // Codex disables only a layer whose config.toml exists; an empty `.codex/` has nothing to ignore.
    layers.push({ dotCodexFolder: dotCodex, file, config: resolvePathsAgainst(config, dotCodex), text, disabledReason: text === null ? null : reason });
  }
  return layers;
}

/**
 * Relative paths in a project's config are relative to its `.codex` folder, as Codex
 * resolves them when it reads the layer (not to CODEX_HOME, where the user's file lives):
 * `sandbox_workspace_write.writable_roots` and the instruction files.
 */
function resolvePathsAgainst(config: TomlTable, dotCodex: string): TomlTable {
  const out: TomlTable = { ...config };
  const sww = config.sandbox_workspace_write;
  if (isTable(sww) && Array.isArray(sww.writable_roots)) {
    out.sandbox_workspace_write = { ...sww, writable_roots: sww.writable_roots.map((r) => (typeof r === 'string' ? path.resolve(dotCodex, r) : r)) };
  }
  for (const key of ['model_instructions_file', 'experimental_instructions_file']) {
    if (typeof config[key] === 'string') out[key] = path.resolve(dotCodex, config[key]);
  }
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The notice for ignored project files: Codex's warning, then each file and how to trust it. */
export function untrustedProjectNotice(layers: readonly ProjectLayer[]): string | undefined {
  const ignored = layers.filter((l) => l.disabledReason !== null);
  if (ignored.length === 0) return undefined;
  return [UNTRUSTED_PROJECT_WARNING, ...ignored.map((l) => `Ignored ${l.file}: ${l.disabledReason}`)].join('\n');
}
