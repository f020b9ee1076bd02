// `codex completion bash|zsh|fish`: each script is valid for its shell and,
// loaded into the real shell, completes subcommands, options and option values.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCodex, REPO_ROOT } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';

const reference = codexReferenceBin();
const env = { PATH: process.env.PATH, HOME: tmpdir() };
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

async function script(shell: string): Promise<string> {
  const run = await runCodex(['completion', shell], { cwd: REPO_ROOT, env });
  expect(run.code, run.stderr).toBe(0);
  const file = join(mkdtempSync(join(tmpdir(), 'codex-completion-')), `codex.${shell}`);
  writeFileSync(file, run.stdout);
  return file;
}

/** COMPREPLY of `_codex` for the words typed (the last one being completed), in a real bash. */
function bashComplete(file: string, words: string[]): string[] {
  const arr = words.map((w) => `'${w}'`).join(' ');
  const out = execFileSync(
    'bash',
    ['--norc', '--noprofile', '-c', `source '${file}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _codex; printf '%s\\n' "\${COMPREPLY[@]}"`],
    { encoding: 'utf8' },
  );
  return out.split('\n').filter(Boolean);
}

describe('codex completion', () => {
  it('bash: the script parses, registers _codex and completes commands, options and values', async () => {
    const file = await script('bash');
    execFileSync('bash', ['-n', file]);
    expect(execFileSync('bash', ['--norc', '-c', `source '${file}'; complete -p codex`], { encoding: 'utf8' })).toContain('-F _codex');
    expect(bashComplete(file, ['codex', 'mc'])).toEqual(['mcp', 'mcp-server']);
    expect(bashComplete(file, ['codex', 'mcp', 'a'])).toEqual(['add']);
    expect(bashComplete(file, ['codex', 'exec', '-s', ''])).toEqual(['read-only', 'workspace-write', 'danger-full-access']);
    expect(bashComplete(file, ['codex', 'e', '--skip'])).toEqual(['--skip-git-repo-check']);
    expect(bashComplete(file, ['codex', 'exec', 'resume', '--la'])).toEqual(['--last']);
    expect(bashComplete(file, ['codex', 'mcp', 'add', '--bearer'])).toEqual(['--bearer-token-env-var']);
    expect(bashComplete(file, ['codex', 'completion', '--'])).toEqual(['--help']);
  });

  it('bash: every command of `codex --help` is completed', async () => {
    const file = await script('bash');
    const help = (await runCodex(['--help'], { cwd: REPO_ROOT, env })).stdout;
    const commands = [...help.matchAll(/^ {2}([a-z][a-z-]*)(?:, ([a-z]+))?\s/gm)].flatMap((m) => [m[1]!, ...(m[2] ? [m[2]] : [])]);
    expect(commands.length).toBeGreaterThan(8);
    const offered = bashComplete(file, ['codex', '']);
    for (const c of commands) expect(offered, c).toContain(c);
  });

  it.skipIf(!has('zsh'))('zsh: the script parses and loads under compinit, defining a function per command', async () => {
    const file = await script('zsh');
    execFileSync('zsh', ['-n', file]);
    const out = execFileSync(
      'zsh',
      ['-f', '-c', `autoload -U compinit; compinit -u -D; source '${file}'; whence -w _codex _codex__mcp__add _codex__exec__resume`],
      { encoding: 'utf8' },
    );
    expect(out).toBe('_codex: function\n_codex__mcp__add: function\n_codex__exec__resume: function\n');
  });

  it.skipIf(!has('fish'))('fish: the script parses and completes commands, options and values', async () => {
    const file = await script('fish');
    execFileSync('fish', ['-n', file]);
    const complete = (line: string) =>
      execFileSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    expect(complete('codex mc')).toEqual(['mcp', 'mcp-server']);
    expect(complete('codex mcp a')).toEqual(['add']);
    expect(complete('codex exec -s ').sort()).toEqual(['danger-full-access', 'read-only', 'workspace-write']);
    expect(complete('codex mcp add --u')).toEqual(['--url']);
  });

  it('an unknown shell is a usage error (exit 2), as in Codex; bash is the default, with the same function name as Codex', async () => {
    const bad = await runCodex(['completion', 'tcsh'], { cwd: REPO_ROOT, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("invalid value 'tcsh' for '[SHELL]'");
    const dflt = await runCodex(['completion'], { cwd: REPO_ROOT, env });
    expect(dflt.stdout).toMatch(/^_codex\(\) \{/);
    if (reference) {
      const ref = await runReferenceCodex(reference, ['completion', 'tcsh'], { cwd: REPO_ROOT, env });
      expect(ref.code).toBe(2);
      expect(ref.stderr).toContain("invalid value 'tcsh' for '[SHELL]'");
      const refBash = await runReferenceCodex(reference, ['completion', 'bash'], { cwd: REPO_ROOT, env });
      expect(refBash.stdout).toMatch(/^_codex\(\) \{/);
      expect(refBash.stdout).toContain('complete -F _codex');
    }
  });
});
