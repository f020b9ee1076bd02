// Read-change-write of config.toml under its lock, on real files: symlinks are
// written through to their target, modes are kept, a failed change writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { resolveWriteTarget, updateFileLocked, writeFileDurably } from './lockedUpdate.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codex-lockedupdate-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const append = (line: string) => (text: string) => text + line + '\n';

describe('updateFileLocked', () => {
  it('changes the current text, keeps the mode, and leaves no lock or temp file', () => {
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, 'a = 1\n');
    fs.chmodSync(file, 0o640);
    const r = updateFileLocked(file, append('b = 2'));
    expect(r).toEqual({ before: 'a = 1\n', after: 'a = 1\nb = 2\n', writePath: file });
    expect(fs.readFileSync(file, 'utf8')).toBe('a = 1\nb = 2\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['config.toml']);
  });

  it('creates a missing file (and its directory) with mode 0600', () => {
    const file = path.join(dir, 'home', 'config.toml');
    updateFileLocked(file, append('a = 1'));
    expect(fs.readFileSync(file, 'utf8')).toBe('a = 1\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes nothing when the change throws or changes nothing', () => {
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, 'a = 1\n');
    const ino = fs.statSync(file).ino;
    expect(() =>
      updateFileLocked(file, () => {
        throw new Error('refused');
      }),
    ).toThrow('refused');
    updateFileLocked(file, (t) => t);
    expect(fs.statSync(file).ino).toBe(ino);
    expect(fs.readdirSync(dir)).toEqual(['config.toml']);
  });

  it('writes through a relative symlink chain to its target: the links stay links, the target keeps its mode', () => {
    fs.mkdirSync(path.join(dir, 'dotfiles'));
    const target = path.join(dir, 'dotfiles', 'codex.toml');
    fs.writeFileSync(target, '# mine\na = 1\n');
    fs.chmodSync(target, 0o640);
    fs.mkdirSync(path.join(dir, 'home'));
    fs.symlinkSync('../dotfiles/middle.toml', path.join(dir, 'home', 'config.toml'));
    fs.symlinkSync('codex.toml', path.join(dir, 'dotfiles', 'middle.toml'));
    const link = path.join(dir, 'home', 'config.toml');
    expect(resolveWriteTarget(link)).toEqual({ readPath: target, writePath: target });

    const r = updateFileLocked(link, append('b = 2'));
    expect(r.writePath).toBe(target);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(link)).toBe('../dotfiles/middle.toml');
    expect(fs.lstatSync(path.join(dir, 'dotfiles', 'middle.toml')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(target, 'utf8')).toBe('# mine\na = 1\nb = 2\n');
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(path.join(dir, 'home'))).toEqual(['config.toml']);
    expect(fs.readdirSync(path.join(dir, 'dotfiles')).sort()).toEqual(['codex.toml', 'middle.toml']);
  });

  it('creates the missing target of a dangling link, and replaces a link cycle as Codex does', () => {
    const link = path.join(dir, 'config.toml');
    fs.symlinkSync('real.toml', link);
    updateFileLocked(link, append('a = 1'));
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'real.toml'), 'utf8')).toBe('a = 1\n');

    const loop = path.join(dir, 'loop.toml');
    fs.symlinkSync('loop2.toml', loop);
    fs.symlinkSync('loop.toml', path.join(dir, 'loop2.toml'));
    expect(resolveWriteTarget(loop)).toEqual({ readPath: null, writePath: loop });
    updateFileLocked(loop, append('b = 2'));
    expect(fs.lstatSync(loop).isFile()).toBe(true);
    expect(fs.readFileSync(loop, 'utf8')).toBe('b = 2\n');
  });
});

describe('writeFileDurably', () => {
  it('replaces the file atomically with its mode kept', () => {
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, 'a = 1\n');
    fs.chmodSync(file, 0o604);
    writeFileDurably(file, 'a = 2\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('a = 2\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o604);
    expect(fs.readdirSync(dir)).toEqual(['config.toml']);
  });
});
