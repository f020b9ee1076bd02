// Test helpers: build and read small directory trees.

import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function makeTempDir(prefix = 'apply-patch-'): Promise<string> {
  return fs.realpath(await fs.mkdtemp(path.join(tmpdir(), prefix)));
}

/** Writes `files` (relative path → content) under `root`. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    await fs.writeFile(abs, content);
  }
}

/**
 * Every regular file under `root` (relative path with '/' → content as a
 * latin1 string, so bytes compare exactly), plus empty directories as
 * `dir/` → ''.
 */
export async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    if (entries.length === 0 && dir !== root) out[`${path.relative(root, dir).split(path.sep).join('/')}/`] = '';
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) await walk(abs);
      else if (e.isFile()) out[path.relative(root, abs).split(path.sep).join('/')] = (await fs.readFile(abs)).toString('latin1');
      else out[path.relative(root, abs).split(path.sep).join('/')] = `<${e.isSymbolicLink() ? 'symlink' : 'other'}>`;
    }
  }
  await walk(root);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
