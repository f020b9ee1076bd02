import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildAgentsMessage,
  discoverProjectDocPaths,
  findProjectRoot,
  formatAgentsMessage,
  loadAgentsInstructions,
  loadUserInstructions,
  readProjectDocs,
  type ProjectDocSettings,
} from './projectDoc.js';

let tmp: string;
let home: string;
let repo: string;
let deep: string;

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

function settings(cwd: string, extra: Partial<ProjectDocSettings> = {}): ProjectDocSettings {
  return { codexHome: home, cwd, projectDocMaxBytes: 32768, projectDocFallbackFilenames: [], ...extra };
}

beforeEach(() => {
  // realpath: on macOS the temp dir is behind a symlink; paths must compare equal.
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'codex-agents-')));
  home = path.join(tmp, 'home');
  repo = path.join(tmp, 'repo');
  deep = path.join(repo, 'a', 'b');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(deep, { recursive: true });
  fs.mkdirSync(path.join(repo, '.git'));
  write(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('project root and discovery', () => {
  it('finds the nearest ancestor with .git (dir or file)', async () => {
    expect(await findProjectRoot(deep)).toBe(repo);
    write(path.join(repo, 'a', '.git'), 'gitdir: /elsewhere\n');
    expect(await findProjectRoot(deep)).toBe(path.join(repo, 'a'));
  });

  it('takes one file per directory from root to cwd, override first, then AGENTS.md, then fallbacks', async () => {
    write(path.join(repo, 'AGENTS.md'), 'root');
    write(path.join(repo, 'AGENTS.override.md'), 'root override');
    write(path.join(repo, 'a', 'CLAUDE.md'), 'a claude');
    write(path.join(repo, 'a', 'OTHER.md'), 'a other');
    write(path.join(deep, 'AGENTS.md'), 'deep');
    write(path.join(tmp, 'AGENTS.md'), 'above the repo: ignored');
    expect(await discoverProjectDocPaths(deep, ['OTHER.md', 'CLAUDE.md'])).toEqual([
      path.join(repo, 'AGENTS.override.md'),
      path.join(repo, 'a', 'OTHER.md'),
      path.join(deep, 'AGENTS.md'),
    ]);
  });

  it('uses only cwd when there is no repository', async () => {
    const plain = path.join(tmp, 'plain', 'sub');
    write(path.join(tmp, 'plain', 'AGENTS.md'), 'parent: ignored');
    write(path.join(plain, 'AGENTS.md'), 'here');
    expect(await discoverProjectDocPaths(plain)).toEqual([path.join(plain, 'AGENTS.md')]);
  });

  it('skips directories named like docs and follows symlinks', async () => {
    fs.mkdirSync(path.join(repo, 'a', 'AGENTS.md'));
    write(path.join(repo, 'a', 'CLAUDE.md'), 'fallback');
    write(path.join(tmp, 'target.md'), 'linked');
    fs.symlinkSync(path.join(tmp, 'target.md'), path.join(deep, 'AGENTS.md'));
    fs.symlinkSync(path.join(tmp, 'missing.md'), path.join(repo, 'AGENTS.md'));
    expect(await discoverProjectDocPaths(deep, ['CLAUDE.md'])).toEqual([path.join(repo, 'a', 'CLAUDE.md'), path.join(deep, 'AGENTS.md')]);
    expect(await readProjectDocs(deep, 100, ['CLAUDE.md'])).toBe('fallback\n\nlinked');
  });
});

describe('readProjectDocs', () => {
  beforeEach(() => {
    write(path.join(repo, 'AGENTS.md'), 'ROOT1234567\n'); // 12 bytes
    write(path.join(deep, 'AGENTS.md'), 'BBB\n');
  });

  it('keeps files verbatim and joins them with a blank line', async () => {
    expect(await readProjectDocs(deep, 32768)).toBe('ROOT1234567\n\n\nBBB\n');
  });

  it('shares one byte budget; the crossing file is cut, later ones dropped', async () => {
    expect(await readProjectDocs(deep, 5)).toBe('ROOT1');
    expect(await readProjectDocs(deep, 12)).toBe('ROOT1234567\n');
    expect(await readProjectDocs(deep, 13)).toBe('ROOT1234567\n\n\nB');
  });

  it('0 disables project docs', async () => {
    expect(await readProjectDocs(deep, 0)).toBeUndefined();
  });

  it('skips blank files, and a blank override hides the directory', async () => {
    write(path.join(repo, 'a', 'AGENTS.md'), '  \n\t\n');
    expect(await readProjectDocs(deep, 32768)).toBe('ROOT1234567\n\n\nBBB\n');
    write(path.join(repo, 'AGENTS.override.md'), '   ');
    expect(await readProjectDocs(deep, 32768)).toBe('BBB\n');
  });

  it('skips a file whose budgeted prefix is blank without spending the budget (as Codex 0.169 does)', async () => {
    write(path.join(repo, 'AGENTS.md'), '    PROJ');
    expect(await readProjectDocs(deep, 2)).toBe('BB');
    fs.rmSync(path.join(deep, 'AGENTS.md'));
    expect(await readProjectDocs(deep, 2)).toBeUndefined();
    write(path.join(repo, 'AGENTS.md'), '   \n');
    write(path.join(deep, 'AGENTS.md'), 'BBB\n');
    expect(await readProjectDocs(deep, 5)).toBe('BBB\n');
  });

  it('decodes lossily, including a multi-byte character cut by the budget', async () => {
    write(path.join(repo, 'AGENTS.md'), Buffer.from([0x61, 0x62, 0xc3, 0xa9, 0x63]));
    fs.rmSync(path.join(deep, 'AGENTS.md'));
    expect(await readProjectDocs(deep, 3)).toBe('ab\uFFFD');
    expect(await readProjectDocs(deep, 4)).toBe('ab\u00e9');
    write(path.join(repo, 'AGENTS.md'), Buffer.from([0x61, 0xff, 0xfe, 0x62]));
    expect(await readProjectDocs(deep, 100)).toBe('a\uFFFD\uFFFDb');
  });
});

describe('loadUserInstructions / buildAgentsMessage', () => {
  it('returns undefined when there are no docs', async () => {
    expect(await loadUserInstructions(settings(deep))).toBeUndefined();
    expect(await buildAgentsMessage(settings(deep))).toBeUndefined();
  });

  it('merges global and project docs with the project-doc separator', async () => {
    write(path.join(home, 'AGENTS.md'), '\n\n  GLOBAL  \n\n');
    write(path.join(repo, 'AGENTS.md'), '\n  ROOT  \n\n');
    write(path.join(deep, 'CLAUDE.md'), 'FALLBACK\n');
    const s = settings(deep, { projectDocFallbackFilenames: ['CLAUDE.md'] });
    expect(await loadAgentsInstructions(s)).toEqual({
      global: 'GLOBAL',
      project: '\n  ROOT  \n\n\n\nFALLBACK\n',
      text: 'GLOBAL\n\n--- project-doc ---\n\n\n  ROOT  \n\n\n\nFALLBACK\n',
    });
    // Exactly what Codex 0.169 sent for the same files.
    expect(await buildAgentsMessage(s)).toBe(
      `# AGENTS.md instructions for ${deep}\n\n<INSTRUCTIONS>\nGLOBAL\n\n--- project-doc ---\n\n\n  ROOT  \n\n\n\nFALLBACK\n\n</INSTRUCTIONS>`,
    );
  });

  it('prefers AGENTS.override.md globally, falling back when it is blank', async () => {
    write(path.join(home, 'AGENTS.md'), 'GLOBAL\n');
    write(path.join(home, 'AGENTS.override.md'), 'OVR\n');
    expect(await loadUserInstructions(settings(deep))).toBe('OVR');
    write(path.join(home, 'AGENTS.override.md'), '  \n');
    expect(await loadUserInstructions(settings(deep))).toBe('GLOBAL');
  });

  it('global docs ignore the byte budget; the heading omits cwd without project docs', async () => {
    write(path.join(home, 'AGENTS.md'), 'GLOBAL-LONG-TEXT\n');
    write(path.join(repo, 'AGENTS.md'), 'PROJECT\n');
    const s = settings(deep, { projectDocMaxBytes: 0 });
    expect(await loadUserInstructions(s)).toBe('GLOBAL-LONG-TEXT');
    expect(await buildAgentsMessage(s)).toBe('# AGENTS.md instructions\n\n<INSTRUCTIONS>\nGLOBAL-LONG-TEXT\n</INSTRUCTIONS>');
  });

  it('project docs alone', async () => {
    write(path.join(repo, 'AGENTS.md'), 'Be nice\n');
    expect(await loadUserInstructions(settings(repo))).toBe('Be nice\n');
  });
});

describe('formatAgentsMessage', () => {
  it('matches the captured Codex request byte for byte', () => {
    // input[2].content[0].text of /opt/codexref/request-gpt-5.5.json (AGENTS.md = "Be nice\n").
    expect(formatAgentsMessage('/opt/codexref/capture/ws', 'Be nice\n')).toBe(
      '# AGENTS.md instructions for /opt/codexref/capture/ws\n\n<INSTRUCTIONS>\nBe nice\n\n</INSTRUCTIONS>',
    );
    expect(formatAgentsMessage(undefined, 'G')).toBe('# AGENTS.md instructions\n\n<INSTRUCTIONS>\nG\n</INSTRUCTIONS>');
  });
});
