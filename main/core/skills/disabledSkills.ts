// Which skills the user turned off: `[[skills.config]]` entries with
// `enabled = false` in their config (config.toml and `-c` overrides; Codex reads
// no project layer for this), by SKILL.md path or by name. A later entry for the
// same selector wins. Disabled skills stay in skills/list (enabled: false) but are
// not listed to the model and cannot be invoked with $name.
import type { Config } from '../config/types.js';
import { normalizeSkillPath, skillConfigEntries } from '../config/skillsConfigEdit.js';
import type { Skill } from './discovery.js';

export interface DisabledSkills {
  paths: Set<string>;
  names: Set<string>;
}

export function disabledSkills(config: Pick<Config, 'raw' | 'warnings'>): DisabledSkills {
  const byPath = new Map<string, boolean>();
  const byName = new Map<string, boolean>();
  let entries: ReturnType<typeof skillConfigEntries> = [];
  try {
    entries = skillConfigEntries(config.raw, 'config');
  } catch (err) {
    // Codex warns and keeps every skill on.
    config.warnings.push(`invalid skills config: ${(err as Error).message}`);
  }
  for (const e of entries) {
    if (typeof e.enabled !== 'boolean') continue;
    if (typeof e.path === 'string') byPath.set(normalizeSkillPath(e.path), e.enabled);
    else if (typeof e.name === 'string') byName.set(e.name, e.enabled);
  }
  const off = (m: Map<string, boolean>) => new Set([...m].filter(([, on]) => !on).map(([k]) => k));
  return { paths: off(byPath), names: off(byName) };
}

export function isSkillEnabled(skill: Pick<Skill, 'path' | 'name'>, disabled: DisabledSkills): boolean {
  return !disabled.paths.has(skill.path) && !disabled.names.has(skill.name);
}
