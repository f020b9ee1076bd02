// The [[skills.config]] editor on config.toml text: only the entry's lines change.
import { describe, expect, it } from 'vitest';
import { setSkillEnabled } from './skillsConfigEdit.js';

const SKILL = '/home/me/.codex/skills/demo/SKILL.md';

describe('setSkillEnabled', () => {
  it('turns an explicit enabled = true entry off in place, keeping its comment and neighbours', () => {
    const text = `[[skills.config]]\npath = "${SKILL}"\nenabled = true # was on\n\n[tui]\nnotifications = true\n`;
    expect(setSkillEnabled(text, { path: SKILL }, false)).toBe(
      `[[skills.config]]\npath = "${SKILL}"\nenabled = false # was on\n\n[tui]\nnotifications = true\n`,
    );
  });

  it('adds enabled = false to an entry that has none, and removes only the matching entry', () => {
    const text = `model = "m"\n\n[[skills.config]]\nname = "a"\n\n[[skills.config]]\npath = "${SKILL}"\nenabled = false\n`;
    expect(setSkillEnabled(text, { name: 'a' }, false)).toBe(
      `model = "m"\n\n[[skills.config]]\nname = "a"\nenabled = false\n\n[[skills.config]]\npath = "${SKILL}"\nenabled = false\n`,
    );
    expect(setSkillEnabled(text, { path: SKILL }, true)).toBe(`model = "m"\n\n[[skills.config]]\nname = "a"\n`);
    // Nothing to do: the same bytes.
    expect(setSkillEnabled(text, { name: 'zzz' }, true)).toBe(text);
  });

  it('refuses what it cannot edit line by line, naming it', () => {
    expect(() => setSkillEnabled(`skills = { config = [{ name = "a", enabled = false }] }\n`, { name: 'a' }, true)).toThrow(
      'skills.config in config.toml is not written as [[skills.config]] tables; edit the file by hand',
    );
    expect(() => setSkillEnabled(`skills = 3\n`, { name: 'a' }, false)).toThrow('config.toml: skills must be a table');
    expect(() => setSkillEnabled(`model = \n`, { name: 'a' }, false)).toThrow(/config.toml is not valid TOML/);
  });
});
