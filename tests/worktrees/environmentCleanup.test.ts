// The local environment's cleanup script runs before a worktree is removed; if it fails, nothing is removed.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWorktree, removeWorktree } from '../../main/core/worktrees/index.js';
import { cleanupBeforeRemove } from '../../main/core/worktrees/environment.js';
import { makeRepo } from '../support/gitRepo.js';

describe('cleanup script before removal', () => {
  it('runs in the worktree before removal, and a failing one keeps the worktree and says why', async () => {
    const { repo, codexHome, root } = makeRepo();
    const envFile = path.join(repo, '.codex', 'environments', 'environment.toml');
    fs.mkdirSync(path.dirname(envFile), { recursive: true });
    const log = path.join(root, 'cleanup.log');
    fs.writeFileSync(envFile, `version = 1\nname = "p"\n[cleanup]\nscript = "ls a.txt >> ${log} && echo cleaned $CODEX_WORKTREE_PATH >> ${log}"\n`);
    const a = await createWorktree({ codexHome, source: repo });
    expect((await removeWorktree(a.path, { codexHome, beforeRemove: cleanupBeforeRemove(repo) })).removed).toBe(true);
    expect(fs.readFileSync(log, 'utf8')).toBe(`a.txt\ncleaned ${a.path}\n`);

    fs.writeFileSync(envFile, 'version = 1\nname = "p"\n[cleanup]\nscript = "echo db still in use >&2; exit 2"\n');
    const b = await createWorktree({ codexHome, source: repo });
    await expect(removeWorktree(b.path, { codexHome, beforeRemove: cleanupBeforeRemove(repo) })).rejects.toThrow(
      /the cleanup script for .* exited with code 2; its output:\ndb still in use/,
    );
    expect(fs.existsSync(path.join(b.path, 'a.txt'))).toBe(true);
  });
});
