// The helper remembers its walk for nested repositories in CODEX_HOME
// (gitscan.c). A remembered walk must never hide a repository: one made after
// the walk, right after it or long after, with its directory's mtime set back,
// or behind a corrupt cache, is protected all the same; and a cache the
// command itself could write is not used at all.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onLinux, sh, useHelper, useScratch, ww } from '../support/linuxSandbox.js';
import { gitScanCacheDir } from '../../main/core/sandbox/gitScanCache.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Path → when the helper last read that directory, from the cache file (gitscan.c's format). */
function readingTimes(buf: Buffer): Map<string, number> {
  const out = new Map<string, number>();
  let at = 'codex-gitscan-v1\n'.length;
  const roots = buf.readUInt32LE(at);
  at += 4;
  const node = (parent: string | undefined) => {
    const readAt = Number(buf.readBigInt64LE(at + 32));
    const children = buf.readUInt32LE(at + 41);
    const nameLen = buf.readUInt32LE(at + 45);
    const name = buf.subarray(at + 49, at + 49 + nameLen).toString();
    at += 49 + nameLen;
    const full = parent === undefined ? name : `${parent}/${name}`;
    out.set(full, readAt);
    for (let i = 0; i < children; i++) node(full);
  };
  for (let i = 0; i < roots; i++) node(undefined);
  return out;
}

describe.skipIf(!onLinux)('Linux sandbox: the nested-repository walk cache', () => {
  useHelper();
  const dirs = useScratch();
  let savedHome: string | undefined;
  let home: string;
  beforeEach(() => {
    savedHome = process.env.CODEX_HOME;
    home = path.join(dirs.base, 'codex-home');
    mkdirSync(home);
    process.env.CODEX_HOME = home;
  });
  afterEach(() => {
    if (savedHome === undefined) delete process.env.CODEX_HOME;
    else process.env.CODEX_HOME = savedHome;
  });

  const cacheFiles = () => (existsSync(gitScanCacheDir(home)) ? readdirSync(gitScanCacheDir(home)) : []);
  /** A tree of 3 × 4 × 5 directories under ws/tree. */
  function makeTree() {
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 4; b++) for (let c = 0; c < 5; c++) mkdirSync(path.join(dirs.ws, 'tree', `a${a}`, `b${b}`, `c${c}`), { recursive: true });
  }
  /** The user makes a repository at ws/<rel> (outside the sandbox), as `git init` does. */
  function userRepo(rel: string) {
    const repo = path.join(dirs.ws, rel);
    mkdirSync(repo, { recursive: true });
    execFileSync('git', ['init', '-q', repo]);
    return repo;
  }
  /** A sandboxed command tries to plant an fsmonitor in the repository's config. */
  async function tamper(rel: string) {
    const r = await sh(ww(), dirs.ws, `{ echo '[core] fsmonitor = touch /tmp/pwned' >> ${rel}/.git/config; } 2>/dev/null; echo done`);
    expect(r.stdout).toBe('done\n');
    return readFileSync(path.join(dirs.ws, rel, '.git', 'config'), 'utf8');
  }

  it('is written in CODEX_HOME, and a quiet directory is not read again', async () => {
    makeTree();
    await sh(ww(), dirs.ws, 'true');
    expect(cacheFiles()).toHaveLength(1);
    const file = path.join(gitScanCacheDir(home), cacheFiles()[0]!);
    await sleep(3500); // past the racy window: the next walk reads each directory once more, then trusts it
    await sh(ww(), dirs.ws, 'true');
    const settled = readingTimes(readFileSync(file));
    await sleep(1100);
    await sh(ww(), dirs.ws, 'true');
    const later = readingTimes(readFileSync(file));
    const deep = [...settled.keys()].filter((p) => p.includes('/tree/'));
    expect(deep.length).toBe(3 + 3 * 4 + 3 * 4 * 5);
    for (const p of deep) expect(later.get(p)).toBe(settled.get(p));
    // The workspace itself changes with every command (the placeholders for missing .git/.codex/.agents).
    expect(later.get(dirs.ws)).toBeGreaterThan(settled.get(dirs.ws)!);
  }, 20_000);

  it('protects a repository made right after a walk, and one made long after', async () => {
    makeTree();
    await sh(ww(), dirs.ws, 'true');
    const soon = userRepo('tree/a1/b2/c3/soon');
    const before = readFileSync(path.join(soon, '.git', 'config'), 'utf8');
    expect(await tamper('tree/a1/b2/c3/soon')).toBe(before);

    await sleep(3500);
    await sh(ww(), dirs.ws, 'true'); // every directory trusted now
    const late = userRepo('tree/a2/b0/c4/late');
    const lateBefore = readFileSync(path.join(late, '.git', 'config'), 'utf8');
    expect(await tamper('tree/a2/b0/c4/late')).toBe(lateBefore);
  }, 20_000);

  it('a directory whose mtime is set back after a repository appears in it is read again (ctime cannot be set back)', async () => {
    makeTree();
    await sleep(3500);
    await sh(ww(), dirs.ws, 'true');
    await sh(ww(), dirs.ws, 'true');
    const parent = path.join(dirs.ws, 'tree', 'a0', 'b1', 'c2');
    const stamp = path.join(dirs.base, 'stamp');
    writeFileSync(stamp, '');
    execFileSync('touch', ['-m', '-r', parent, stamp]); // the directory's mtime, to the nanosecond
    const { mtimeNs } = statSync(parent, { bigint: true });
    execFileSync('git', ['init', '-q', parent]);
    execFileSync('touch', ['-m', '-r', stamp, parent]);
    expect(statSync(parent, { bigint: true }).mtimeNs).toBe(mtimeNs);
    const before = readFileSync(path.join(parent, '.git', 'config'), 'utf8');
    expect(await tamper('tree/a0/b1/c2')).toBe(before);
  }, 20_000);

  it('a corrupt cache is ignored and replaced, and the repository stays protected', async () => {
    makeTree();
    const repo = userRepo('tree/a0/b0/c0/r');
    await sh(ww(), dirs.ws, 'true');
    const file = path.join(gitScanCacheDir(home), cacheFiles()[0]!);
    const good = readFileSync(file);
    for (const bad of [Buffer.from('junk'), good.subarray(0, good.length - 7), Buffer.concat([good.subarray(0, 40), Buffer.alloc(64, 0xff)])]) {
      writeFileSync(file, bad);
      const before = readFileSync(path.join(repo, '.git', 'config'), 'utf8');
      expect(await tamper('tree/a0/b0/c0/r')).toBe(before);
      expect(readFileSync(file).subarray(0, 17).toString()).toBe('codex-gitscan-v1\n');
    }
  }, 20_000);

  it('a cache file inside a writable root is neither read nor written', async () => {
    makeTree();
    const repo = userRepo('tree/a1/b1/c1/r');
    const helper = (await import('../../main/core/sandbox/linux.js')).locateLinuxSandboxHelper();
    if (!helper.found) throw new Error('helper missing');
    const inside = path.join(dirs.ws, 'cache');
    const run = () =>
      execFileSync(
        helper.path,
        [
          '--mode',
          'workspace-write',
          '--writable-root',
          dirs.ws,
          '--scan-git',
          dirs.ws,
          '--scan-cache',
          inside,
          '--',
          'sh',
          '-c',
          `{ echo x >> tree/a1/b1/c1/r/.git/config; } 2>/dev/null; echo done`,
        ],
        { cwd: dirs.ws, encoding: 'utf8' },
      );
    const before = readFileSync(path.join(repo, '.git', 'config'), 'utf8');
    expect(run()).toBe('done\n');
    expect(existsSync(inside)).toBe(false);
    expect(readFileSync(path.join(repo, '.git', 'config'), 'utf8')).toBe(before);
  });
});
