import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLocalEnvironment, runEnvironmentScript } from './environment.js';

function project(toml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-'));
  fs.mkdirSync(path.join(dir, '.codex', 'environments'), { recursive: true });
  fs.writeFileSync(path.join(dir, '.codex', 'environments', 'environment.toml'), toml);
  return dir;
}

describe('local environment file', () => {
  it("reads setup, cleanup, per-platform overrides and this platform's actions", () => {
    const dir = project(`version = 1
name = "web"
[setup]
script = "npm install"
[setup.darwin]
script = "brew bundle && npm install"
[cleanup]
script = "rm -rf tmp"
[[actions]]
name = "Test"
command = "npm test"
icon = "test"
[[actions]]
name = "Mac only"
command = "open ."
platform = "darwin"
`);
    expect(loadLocalEnvironment(dir, 'linux')).toEqual({
      file: path.join(dir, '.codex/environments/environment.toml'),
      name: 'web',
      setup: 'npm install',
      cleanup: 'rm -rf tmp',
      actions: [{ name: 'Test', command: 'npm test', icon: 'test' }],
    });
    expect(loadLocalEnvironment(dir, 'darwin')?.setup).toBe('brew bundle && npm install');
    expect(loadLocalEnvironment(dir, 'darwin')?.actions.map((a) => a.name)).toEqual(['Test', 'Mac only']);
  });

  it('is absent without the file and names the file and key when it is wrong', () => {
    expect(loadLocalEnvironment(fs.mkdtempSync(path.join(os.tmpdir(), 'env-')))).toBeUndefined();
    expect(() => loadLocalEnvironment(project('version = 2\nname = "x"\n'))).toThrow(/environment\.toml: version must be 1 \(found 2\)/);
    expect(() => loadLocalEnvironment(project('version = 1\nname = ""\n'))).toThrow(/name must be a non-empty string/);
    expect(() => loadLocalEnvironment(project('version = 1\nname = "x"\n[setup]\nscript = 3\n'))).toThrow(/setup\.script must be a string/);
    expect(() => loadLocalEnvironment(project('version = 1\nname = "x"\n[[actions]]\nname = "a"\n'))).toThrow(/actions\[0\] needs string name and command/);
    expect(() => loadLocalEnvironment(project('version = 1\nname = "x\n'))).toThrow(/environment\.toml:2:/);
  });

  it('runs a script in the worktree with both paths set and reports a failure with its exit code and output', async () => {
    const wt = fs.mkdtempSync(path.join(os.tmpdir(), 'wt-'));
    const ok = await runEnvironmentScript('setup', 'echo "src=$CODEX_SOURCE_TREE_PATH wt=$CODEX_WORKTREE_PATH"; pwd', {
      worktree: wt,
      sourceTree: '/the/source',
    });
    expect(ok).toMatchObject({ ok: true, exitCode: 0, output: `src=/the/source wt=${wt}\n${wt}\n` });
    const bad = await runEnvironmentScript('setup', 'echo installing; echo "no lockfile" >&2; exit 3', { worktree: wt, sourceTree: wt });
    expect(bad).toMatchObject({ ok: false, exitCode: 3, output: 'installing\nno lockfile\n' });
    const slow = await runEnvironmentScript('setup', 'sleep 30', { worktree: wt, sourceTree: wt, timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, timedOut: true, signal: 'SIGKILL' });
  });
});
