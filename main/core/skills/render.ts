// How skills reach the model, in Codex 0.169's words: the `<skills_instructions>`
// developer section listing every skill with a short path through the skill
// roots table, and for each `$name` the user writes, the skill's SKILL.md as its
// own user message after theirs.
import fs from 'node:fs';
import path from 'node:path';
import type { Skill } from './discovery.js';
import { HOW_TO_USE_SKILLS } from './howToUse.js';

const PREAMBLE =
  '## Skills\nA skill is a set of local instructions to follow that is stored in a `SKILL.md` file. Below is the list of skills that can be used. Each entry includes a name, description, and a short path that can be expanded into an absolute path using the skill roots table.\n';

/**
 * The developer section, or undefined without skills. `rootOrder` is the scan
 * order of the roots (their aliases r0, r1… follow it); roots no listed skill
 * lives under are left out.
 */
export function renderSkillsSection(allSkills: readonly Skill[], rootOrder: readonly string[]): string | undefined {
  // A skill whose agents/openai.yaml forbids implicit use is not listed (it still answers to `$name`).
  const skills = allSkills.filter((s) => s.implicitInvocation);
  if (skills.length === 0) return undefined;
  const used = rootOrder.filter((r, i) => rootOrder.indexOf(r) === i && skills.some((s) => s.root === r));
  const alias = new Map(used.map((r, i) => [r, `r${i}`]));
  const lines = ['<skills_instructions>', PREAMBLE + '### Skill roots'];
  for (const r of used) lines.push(`- \`${alias.get(r)}\` = \`${realOrSelf(r)}\``);
  lines.push('### Available skills');
  for (const s of skills) lines.push(`- ${s.name}: ${s.description} (file: ${shortPath(s, alias)})`);
  lines.push(HOW_TO_USE_SKILLS);
  return `${lines.join('\n')}\n</skills_instructions>`;
}

function shortPath(s: Skill, alias: Map<string, string>): string {
  const rel = path.relative(realOrSelf(s.root), s.path);
  const a = alias.get(s.root);
  return a && !rel.startsWith('..') ? `${a}/${rel}` : s.path;
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

/** The skills a message names with `$name`, in the order named, each once; unknown names are plain text. */
export function mentionedSkills(text: string, skills: readonly Skill[]): Skill[] {
  const out: Skill[] = [];
  for (const m of text.matchAll(/(?<![\w$])\$([A-Za-z0-9_:-]+)/g)) {
    const name = m[1]!.replace(/[-:]+$/, '');
    const skill = skills.find((s) => s.name === name);
    if (skill && !out.includes(skill)) out.push(skill);
  }
  return out;
}

/** The user message Codex adds for an invoked skill: its name, path and whole SKILL.md. */
export function skillInjectionText(skill: Skill): string | undefined {
  let contents: string;
  try {
    contents = fs.readFileSync(skill.path, 'utf8');
  } catch {
    return undefined;
  }
  return `<skill>\n<name>${skill.name}</name>\n<path>${skill.path}</path>\n${contents}\n</skill>`;
}
