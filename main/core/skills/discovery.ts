// Finds skills as Codex 0.169 does: every SKILL.md (up to 6 directories deep,
// hidden entries skipped) under the skill roots, in Codex's scan order —
// each project `.codex/skills` (nearest cwd first, trusted or not), then
// `$CODEX_HOME/skills` (user), `$CODEX_HOME/skills/.system` (system),
// `/etc/codex/skills` (admin), then each `.agents/skills` from cwd up to the
// project root. Listed system first, then repo, user and admin, by name.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/types.js';
import { findProjectRoot, projectRootMarkers } from '../config/projectLayers.js';
import { extractFrontMatter, parseFrontMatter } from './frontMatter.js';

export type SkillScope = 'user' | 'repo' | 'system' | 'admin';

export interface Skill {
  name: string;
  description: string;
  /** `metadata.short-description` (legacy), when set. */
  shortDescription: string | null;
  /** The SKILL.md, symlinks resolved. */
  path: string;
  scope: SkillScope;
  /** The skill root it was found under. */
  root: string;
  /** False when agents/openai.yaml says `policy: allow_implicit_invocation: false`: not listed to the model. */
  implicitInvocation: boolean;
}

export interface SkillError {
  path: string;
  message: string;
}

export interface SkillRoot {
  path: string;
  scope: SkillScope;
}

const SKILL_FILE = 'SKILL.md';
const MAX_NAME_LEN = 64;
const MAX_DESCRIPTION_LEN = 1024;
const MAX_SCAN_DEPTH = 6;
const MAX_DIRS_PER_ROOT = 2000;
const SCOPE_ORDER: SkillScope[] = ['system', 'repo', 'user', 'admin'];
export const ADMIN_SKILLS_DIR = '/etc/codex/skills';

/** The roots for a thread's config, in Codex's scan order (which also names their r0, r1… aliases). */
export function skillRoots(config: Pick<Config, 'codexHome' | 'cwd' | 'projectLayers' | 'raw'>, adminDir = ADMIN_SKILLS_DIR): SkillRoot[] {
  const roots: SkillRoot[] = [];
  for (const layer of [...config.projectLayers].reverse()) roots.push({ path: path.join(layer.dotCodexFolder, 'skills'), scope: 'repo' });
  roots.push({ path: path.join(config.codexHome, 'skills'), scope: 'user' });
  roots.push({ path: path.join(config.codexHome, 'skills', '.system'), scope: 'system' });
  roots.push({ path: adminDir, scope: 'admin' });
  const projectRoot = findProjectRoot(config.cwd, projectRootMarkers(config.raw));
  for (let dir = config.cwd; ; dir = path.dirname(dir)) {
    roots.push({ path: path.join(dir, '.agents', 'skills'), scope: 'repo' });
    if (dir === projectRoot || path.dirname(dir) === dir) break;
  }
  return roots;
}

export function loadSkills(roots: readonly SkillRoot[]): { skills: Skill[]; errors: SkillError[] } {
  const skills: Skill[] = [];
  const errors: SkillError[] = [];
  for (const root of roots) scanRoot(root, skills, errors);
  const seen = new Set<string>();
  const unique = skills.filter((s) => !seen.has(s.path) && seen.add(s.path));
  unique.sort((a, b) => SCOPE_ORDER.indexOf(a.scope) - SCOPE_ORDER.indexOf(b.scope) || cmp(a.name, b.name) || cmp(a.path, b.path));
  return { skills: unique, errors };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function scanRoot(root: SkillRoot, skills: Skill[], errors: SkillError[]): void {
  let base: string;
  try {
    base = fs.realpathSync(root.path);
    if (!fs.statSync(base).isDirectory()) return;
  } catch {
    return;
  }
  // Codex writes system skills itself and does not follow links there.
  const followLinks = root.scope !== 'system';
  const visited = new Set([base]);
  const queue: [string, number][] = [[base, 0]];
  while (queue.length) {
    const [dir, depth] = queue.shift()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        if (!followLinks) continue;
        try {
          isDir = fs.statSync(full).isDirectory();
        } catch {
          continue;
        }
        if (!isDir) continue;
      }
      if (isDir) {
        if (depth + 1 > MAX_SCAN_DEPTH || visited.size >= MAX_DIRS_PER_ROOT) continue;
        let real: string;
        try {
          real = fs.realpathSync(full);
        } catch {
          continue;
        }
        if (!visited.has(real)) {
          visited.add(real);
          queue.push([real, depth + 1]);
        }
        continue;
      }
      if (entry.isFile() && entry.name === SKILL_FILE) {
        const parsed = parseSkillFile(full);
        if ('message' in parsed) {
          if (root.scope !== 'system') errors.push({ path: full, message: parsed.message });
        } else skills.push({ ...parsed, scope: root.scope, root: root.path });
      }
    }
  }
}

/** Name, description and the resolved path of one SKILL.md, or why it is not a skill (Codex's messages). */
export function parseSkillFile(file: string): Omit<Skill, 'scope' | 'root'> | { message: string } {
  let contents: string;
  try {
    contents = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { message: `failed to read file: ${(err as Error).message}` };
  }
  const fm = extractFrontMatter(contents);
  if (fm === null) return { message: 'missing YAML frontmatter delimited by ---' };
  let fields: Record<string, string>;
  try {
    fields = parseFrontMatter(fm);
  } catch (err) {
    return { message: `invalid YAML: ${(err as Error).message}` };
  }
  const name = singleLine(fields.name ?? '');
  const description = singleLine(fields.description ?? '');
  for (const [field, value, max] of [
    ['name', name, MAX_NAME_LEN],
    ['description', description, MAX_DESCRIPTION_LEN],
  ] as const) {
    if (!value) return { message: `missing field \`${field}\`` };
    if ([...value].length > max) return { message: `invalid ${field}: exceeds maximum length of ${max} characters` };
  }
  let real = file;
  try {
    real = fs.realpathSync(file);
  } catch {
    // keep the path as found
  }
  const short = singleLine(fields['metadata.short-description'] ?? '');
  return { name, description, shortDescription: short || null, path: real, implicitInvocation: allowsImplicitInvocation(path.dirname(file)) };
}

/** `policy.allow_implicit_invocation` of the skill's agents/openai.yaml (default true; an unreadable file changes nothing). */
function allowsImplicitInvocation(skillDir: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(path.join(skillDir, 'agents', 'openai.yaml'), 'utf8');
  } catch {
    return true;
  }
  return !/^policy:[ \t]*\r?\n(?:[ \t]+.*\r?\n)*?[ \t]+allow_implicit_invocation:[ \t]*false\b/m.test(text);
}

/** Codex's sanitize_single_line: whitespace runs become one space. */
function singleLine(s: string): string {
  return s.split(/\s+/).filter(Boolean).join(' ');
}
