// Skills for a thread (what the model is told and what `$name` can invoke) and
// for `skills/list`, both from the thread's config: its CODEX_HOME, cwd and
// project layers.
import type { Config } from '../config/types.js';
import type { ClientRequestResult } from '../../../shared/protocol/types.js';
import { loadSkills, skillRoots, type Skill } from './discovery.js';
import { renderSkillsSection } from './render.js';
import { disabledSkills, isSkillEnabled } from './disabledSkills.js';

/** The enabled skills: what the model is told about and what `$name` can invoke. */
export function threadSkills(config: Config): { skills: Skill[]; skillsSection?: string } {
  const roots = skillRoots(config);
  const disabled = disabledSkills(config);
  const skills = loadSkills(roots).skills.filter((s) => isSkillEnabled(s, disabled));
  return {
    skills,
    skillsSection: renderSkillsSection(
      skills,
      roots.map((r) => r.path),
    ),
  };
}

/** `skills/list`: one entry per cwd (the server's own when none is given), with the files that are not valid skills. */
export function listSkills(configFor: (cwd: string | undefined) => Config, cwds: readonly string[]): ClientRequestResult<'skills/list'> {
  const targets = cwds.length ? cwds : [undefined];
  return {
    data: targets.map((cwd) => {
      const config = configFor(cwd);
      const { skills, errors } = loadSkills(skillRoots(config));
      const disabled = disabledSkills(config);
      return {
        cwd: config.cwd,
        skills: skills.map((s) => ({
          name: s.name,
          description: s.description,
          shortDescription: s.shortDescription,
          path: s.path,
          scope: s.scope,
          enabled: isSkillEnabled(s, disabled),
        })),
        errors,
      };
    }),
  };
}
