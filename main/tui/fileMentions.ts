// `@` in the composer: the files of the project to mention, searched as the
// user types. The list comes from git (tracked and untracked, .gitignore
// respected); outside a repository, from a bounded walk of the directory.
// A local stand-in until the protocol's fuzzyFileSearch is wired in.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { graphemes } from './textWidth.js';
import type { Composer } from './composer.js';

const WALK_LIMIT = 20_000;
const SKIP_DIRS = new Set(['.git', 'node_modules', 'target', 'dist', '.venv', '__pycache__']);

export function listProjectFiles(cwd: string): Promise<string[]> {
  return new Promise((resolve) => {
    execFile('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd, maxBuffer: 256 * 1024 * 1024 }, (err, stdout) => {
      if (!err) return resolve(stdout.split('\0').filter(Boolean));
      resolve(walk(cwd));
    });
  });
}

function walk(root: string): string[] {
  const out: string[] = [];
  const stack = [root];
  while (stack.length && out.length < WALK_LIMIT) {
    const dir = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(join(dir, e.name));
      } else if (e.isFile()) out.push(relative(root, join(dir, e.name)));
    }
  }
  return out.sort();
}

/** The `@word` being typed at the cursor: where it starts (grapheme index) and what follows the @. */
export function mentionAtCursor(c: Composer): { start: number; query: string } | null {
  const before = graphemes(c.text).slice(0, c.cursor).join('');
  const m = /(^|\s)@(\S*)$/.exec(before);
  if (!m) return null;
  return { start: c.cursor - graphemes(m[2]!).length - 1, query: m[2]! };
}

/** Best matches first: name contains the query, then path contains it, then its letters in order. */
export function searchFiles(files: readonly string[], query: string, limit = 8): string[] {
  const q = query.toLowerCase();
  const scored: { f: string; score: number }[] = [];
  for (const f of files) {
    const lower = f.toLowerCase();
    const name = lower.slice(lower.lastIndexOf('/') + 1);
    let score: number;
    if (!q) score = 3;
    else if (name.startsWith(q)) score = 0;
    else if (name.includes(q)) score = 1;
    else if (lower.includes(q)) score = 2;
    else if (isSubsequence(q, lower)) score = 3;
    else continue;
    scored.push({ f, score });
  }
  scored.sort((a, b) => a.score - b.score || a.f.length - b.f.length || a.f.localeCompare(b.f));
  return scored.slice(0, limit).map((s) => s.f);
}

function isSubsequence(q: string, s: string): boolean {
  let i = 0;
  for (const ch of s) if (ch === q[i]) i++;
  return i === q.length;
}
