// AGENTS.md discovery (behaviour checked against Codex 0.169):
// - global: $CODEX_HOME/AGENTS.override.md, else AGENTS.md; trimmed; a blank
//   file counts as absent; not subject to the byte budget.
// - project: from the repo root (nearest ancestor of cwd holding a `.git` that
//   git accepts, see git/repoMarker.ts; none => cwd alone) down to cwd, the first existing file per
//   directory among AGENTS.override.md, AGENTS.md and the fallback names. Files
//   are kept verbatim, share one byte budget (the crossing file is cut, the
//   rest dropped, 0 disables), blank ones are skipped, and they are joined by
//   a blank line.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './types.js';
import { hasRepositoryMarkerAsync } from '../git/repoMarker.js';

export const AGENTS_MD = 'AGENTS.md';
export const AGENTS_OVERRIDE_MD = 'AGENTS.override.md';
export const PROJECT_DOC_SEPARATOR = '\n\n--- project-doc ---\n\n';

export type ProjectDocSettings = Pick<Config, 'codexHome' | 'cwd' | 'projectDocMaxBytes' | 'projectDocFallbackFilenames'>;

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.stat(p)).isFile(); // follows symlinks: a linked AGENTS.md counts
  } catch {
    return false;
  }
}

/** Nearest ancestor of `cwd` (itself included) that is a repository root, or undefined. */
export async function findProjectRoot(cwd: string): Promise<string | undefined> {
  let dir = path.resolve(cwd);
  for (;;) {
    if (await hasRepositoryMarkerAsync(dir)) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function candidateNames(fallbacks: readonly string[]): string[] {
  const names = [AGENTS_OVERRIDE_MD, AGENTS_MD];
  for (const f of fallbacks) {
    const name = f.trim();
    if (name !== '' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** The project doc files that apply to `cwd`, outermost first (at most one per directory). */
export async function discoverProjectDocPaths(cwd: string, fallbackFilenames: readonly string[] = []): Promise<string[]> {
  const start = path.resolve(cwd);
  const root = (await findProjectRoot(start)) ?? start;
  const dirs: string[] = [];
  for (let dir = start; ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === root || path.dirname(dir) === dir) break;
  }
  const names = candidateNames(fallbackFilenames);
  const found: string[] = [];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if (await isFile(candidate)) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** Reads at most `limit` bytes; invalid UTF-8 (including a cut character) becomes U+FFFD. */
async function readPrefix(file: string, limit: number): Promise<{ text: string; bytes: number } | undefined> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch {
    return undefined; // vanished or unreadable: treat as absent rather than failing the turn
  }
  try {
    const buf = Buffer.alloc(limit);
    let bytes = 0;
    while (bytes < limit) {
      const { bytesRead } = await handle.read(buf, bytes, limit - bytes, bytes);
      if (bytesRead === 0) break;
      bytes += bytesRead;
    }
    return { text: buf.subarray(0, bytes).toString('utf8'), bytes };
  } finally {
    await handle.close();
  }
}

/** Project docs for `cwd` under the byte budget, or undefined when there are none. */
export async function readProjectDocs(cwd: string, maxBytes: number, fallbackFilenames: readonly string[] = []): Promise<string | undefined> {
  if (maxBytes <= 0) return undefined;
  let remaining = maxBytes;
  const parts: string[] = [];
  for (const file of await discoverProjectDocPaths(cwd, fallbackFilenames)) {
    if (remaining <= 0) break;
    const read = await readPrefix(file, remaining);
    if (read === undefined || read.text.trim() === '') continue; // blank docs cost nothing
    parts.push(read.text);
    remaining -= read.bytes;
  }
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}

/** $CODEX_HOME/AGENTS.override.md, else AGENTS.md, trimmed; blank files are skipped. */
export async function readGlobalInstructions(codexHome: string): Promise<string | undefined> {
  for (const name of [AGENTS_OVERRIDE_MD, AGENTS_MD]) {
    let text: string;
    try {
      text = await fs.readFile(path.join(codexHome, name), 'utf8');
    } catch {
      continue;
    }
    const trimmed = text.trim();
    if (trimmed !== '') return trimmed;
  }
  return undefined;
}

export interface AgentsInstructions {
  global?: string;
  project?: string;
  /** global + separator + project, or whichever exists; undefined when neither. */
  text?: string;
}

export async function loadAgentsInstructions(config: ProjectDocSettings): Promise<AgentsInstructions> {
  const [global, project] = await Promise.all([
    readGlobalInstructions(config.codexHome),
    readProjectDocs(config.cwd, config.projectDocMaxBytes, config.projectDocFallbackFilenames),
  ]);
  const text = global !== undefined && project !== undefined ? global + PROJECT_DOC_SEPARATOR + project : (global ?? project);
  return {
    ...(global !== undefined ? { global } : {}),
    ...(project !== undefined ? { project } : {}),
    ...(text !== undefined ? { text } : {}),
  };
}

/** The merged AGENTS.md text sent to the model, or undefined when there is none. */
export async function loadUserInstructions(config: ProjectDocSettings): Promise<string | undefined> {
  return (await loadAgentsInstructions(config)).text;
}

/**
 * The user message wrapping the instructions. Codex names the cwd in the
 * heading only when project docs contributed; pass undefined for global-only.
 */
export function formatAgentsMessage(cwd: string | undefined, text: string): string {
  const heading = cwd === undefined ? '# AGENTS.md instructions' : `# AGENTS.md instructions for ${cwd}`;
  return `${heading}\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`;
}

/** loadAgentsInstructions + formatAgentsMessage with Codex's heading rule applied. */
export async function buildAgentsMessage(config: ProjectDocSettings): Promise<string | undefined> {
  const { project, text } = await loadAgentsInstructions(config);
  if (text === undefined) return undefined;
  return formatAgentsMessage(project !== undefined ? config.cwd : undefined, text);
}
