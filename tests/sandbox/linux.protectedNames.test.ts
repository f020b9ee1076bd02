// Protected names hold whether or not they exist: a sandboxed command tries
// every way to create a missing .git / .codex / .agents in a writable root,
// and to replace the .git of a nested repository six levels down.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasPython, onLinux, PY, sh, useHelper, useScratch, ww } from '../support/linuxSandbox.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shell lines that try to bring `name` into existence in the cwd, each in its own way. */
function plantAttempts(name: string): string {
  return [
    `mkdir ${name}`,
    `mkdir -p ${name}/hooks`,
    `echo 'gitdir: /tmp/evil' > ${name}`,
    `mkdir src-${name} && echo '[core] fsmonitor = touch /tmp/pwned' > src-${name}/config && mv -T src-${name} ${name}`,
    `ln -s src-${name} ${name}`,
    `echo x > file-${name} && ln file-${name} ${name}`,
    `rm -rf ${name}`,
    hasPython ? `${PY} -c 'import os; os.makedirs("renamed-${name}", exist_ok=True); os.rename("renamed-${name}", "${name}")'` : 'true',
  ]
    .map((c) => `{ ${c}; } 2>/dev/null`)
    .join('; ');
}

describe.skipIf(!onLinux)('Linux sandbox: protected names', () => {
  useHelper();
  const dirs = useScratch();

  it('a missing .git, .codex or .agents in a writable root cannot be created, in any way', async () => {
    const r = await sh(ww(), dirs.ws, `${['.git', '.codex', '.agents'].map(plantAttempts).join('; ')}; echo ok > kept.txt && echo done`);
    expect(r.stdout).toBe('done\n');
    const left = readdirSync(dirs.ws);
    for (const name of ['.git', '.codex', '.agents']) expect(left).not.toContain(name);
    expect(left).toContain('kept.txt');
  });

  it('also in an extra writable root, and the placeholders leave nothing behind', async () => {
    const extra = path.join(dirs.base, 'extra');
    mkdirSync(extra);
    const r = await sh(ww({ writableRoots: [extra] }), dirs.ws, `cd ${extra} && ${plantAttempts('.git')}; echo x > f && echo done`);
    expect(r.stdout).toBe('done\n');
    expect(readdirSync(extra).filter((n) => n === '.git')).toEqual([]);
    expect(readdirSync(dirs.ws)).toEqual([]);
  });

  it('git inside the sandbox still finds the enclosing repository past the placeholder', async () => {
    execFileSync('git', ['init', '-q', dirs.base]);
    writeFileSync(path.join(dirs.ws, 'tracked.txt'), 'x\n');
    const r = await sh(ww(), dirs.ws, 'git rev-parse --show-toplevel && git status --porcelain --untracked-files=all -- . && echo status-ok');
    expect(r.stdout).toBe(`${dirs.base}\n?? ws/tracked.txt\nstatus-ok\n`);
  });

  it('the .git of a nested repository six levels down cannot be changed, replaced or removed', async () => {
    const repo = path.join(dirs.ws, 'a', 'b', 'c', 'd', 'e', 'f');
    mkdirSync(path.join(repo, '.git', 'hooks'), { recursive: true });
    writeFileSync(path.join(repo, '.git', 'config'), '[core]\n');
    const r = await sh(
      ww(),
      dirs.ws,
      `cd a/b/c/d/e/f && { echo '[core] fsmonitor = touch /tmp/pwned' >> .git/config; echo x > .git/hooks/post-checkout; ` +
        `mv .git old-git; ${plantAttempts('.git')}; } 2>/dev/null; echo ok > inside.txt && echo done`,
    );
    expect(r.stdout).toBe('done\n');
    expect(lstatSync(path.join(repo, '.git')).isDirectory()).toBe(true);
    expect(readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toBe('[core]\n');
    expect(readdirSync(path.join(repo, '.git', 'hooks'))).toEqual([]);
    expect(existsSync(path.join(repo, 'old-git'))).toBe(false);
    expect(readFileSync(path.join(repo, 'inside.txt'), 'utf8')).toBe('ok\n');
  });

  it('a placeholder another sandbox in the same root still uses is not removed under it', async () => {
    // The long run tries to plant .git after the short one has finished.
    const long = sh(ww(), dirs.ws, `sleep 1; ${plantAttempts('.git')}; echo long-done`);
    await sleep(300);
    const short = await sh(ww(), dirs.ws, 'echo short-done');
    expect(short.stdout).toBe('short-done\n');
    expect((await long).stdout).toBe('long-done\n');
    expect(readdirSync(dirs.ws).filter((n) => n === '.git')).toEqual([]);
  });
});
