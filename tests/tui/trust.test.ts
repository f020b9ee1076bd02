// The folder-trust question before the first thread, driven in a real PTY:
// an untrusted folder with its own .codex/config.toml is asked about in Codex
// 0.169's words; "Trust and continue" writes the trust to config.toml and the
// project's settings apply; "Quit" leaves with nothing written; a folder
// marked untrusted opens restricted, its settings ignored, with the notice.
import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KEY } from './terminalUnderTest.js';
import { READY, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();
const configFile = () => join(h.sb.home, 'config.toml');

/** The workspace gets a project config that only trust turns on. */
function projectConfig(): void {
  mkdirSync(join(h.sb.workspace, '.codex'));
  writeFileSync(join(h.sb.workspace, '.codex', 'config.toml'), 'model = "project-model"\n');
}

describe('folder trust', () => {
  it('asks in Codex words; "1" alone does not trust; Enter on "Trust and continue" saves it and the project config applies', async () => {
    projectConfig();
    const before = readFileSync(configFile(), 'utf8');
    const t = h.start();
    const asked = await t.waitFor('Trust and continue', 60_000);
    expect(asked).toContain(`> You are in ${h.sb.workspace}`);
    expect(asked.replace(/\s+/g, ' ')).toContain(
      'Trust this folder? Codex can read, edit, and run files here, subject to your permission settings. Folder settings can run code automatically, even without a model request. Continue only if you trust these files. Your trust decision will be saved.',
    );
    expect(asked).toMatch(/› 1\. Trust and continue/);
    expect(asked).toContain('  2. Quit');
    expect(asked).toContain('Press enter to continue; esc to quit');
    t.write(KEY.down);
    await t.waitFor((s) => /› 2\. Quit/.test(s), 20_000, 'Quit highlighted');
    t.write('1');
    await t.waitFor((s) => /› 1\. Trust and continue/.test(s), 20_000, 'Trust highlighted again');
    expect(readFileSync(configFile(), 'utf8')).toBe(before);
    t.write(KEY.enter);
    const ready = await t.waitFor(READY, 60_000);
    expect(ready).toContain('project-model');
    expect(readFileSync(configFile(), 'utf8')).toBe(`${before}\n[projects."${h.sb.workspace}"]\ntrust_level = "trusted"\n`);
  });

  it('Quit (Esc) leaves without a session and writes nothing', async () => {
    projectConfig();
    const before = readFileSync(configFile(), 'utf8');
    const t = h.start();
    await t.waitFor('Trust and continue', 60_000);
    t.write(KEY.esc);
    expect(await t.exited).toBe(0);
    expect(readFileSync(configFile(), 'utf8')).toBe(before);
    expect(existsSync(join(h.sb.home, 'sessions')) ? readdirSync(join(h.sb.home, 'sessions')) : []).toEqual([]);
    expect(h.server.requests).toHaveLength(0);
  });

  it('a folder marked untrusted opens restricted: its config ignored, the notice shown, the mark kept', async () => {
    projectConfig();
    appendFileSync(configFile(), `\n[projects."${h.sb.workspace}"]\ntrust_level = "untrusted"\n`);
    const before = readFileSync(configFile(), 'utf8');
    const t = h.start([], { rows: 40 });
    const asked = await t.waitFor('Open restricted', 60_000);
    expect(asked.replace(/\s+/g, ' ')).toContain(
      'Config, hooks, and exec policies from untrusted folders stay disabled. Trusted project folders can still contribute settings. Skills still load, and tools follow your permission settings. Opening will not change saved trust.',
    );
    expect(asked).toContain('  2. Quit');
    t.write(KEY.enter);
    const ready = await t.waitFor(
      (s) => READY.test(s) && s.includes('Untrusted project-local configuration is disabled'),
      60_000,
      'the session with the notice',
    );
    expect(ready).not.toContain('project-model');
    expect(ready).toContain('gpt-5.5');
    expect(readFileSync(configFile(), 'utf8')).toBe(before);
  });
});
