// Where a thread runs, for lists and the sidebar: Local (a checkout as it is)
// or Worktree (a managed worktree under $CODEX_HOME/worktrees), with its branch
// and commit. Read from files alone (`.git`, HEAD, refs, our record), never by
// running git, so listing hundreds of threads stays cheap; a thread outside any
// repository has none.
import fs from 'node:fs';
import path from 'node:path';
import { readMetadata } from './metadata.js';
import { worktreesRoot } from './paths.js';

export interface ThreadPlacement {
  workspace: { kind: 'local' | 'worktree'; root: string; branch: string | null };
  /** Codex's Thread.gitInfo. */
  gitInfo: { sha: string | null; branch: string | null; originUrl: string | null };
}

export function threadPlacement(codexHome: string, cwd: string): ThreadPlacement | undefined {
  const checkout = findCheckout(path.resolve(cwd));
  if (!checkout) return undefined;
  const head = readText(path.join(checkout.gitDir, 'HEAD'));
  const ref = /^ref: (refs\/\S+)/.exec(head ?? '')?.[1];
  const branch = ref?.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null;
  const sha = ref ? resolveRef(checkout.commonDir, ref) : /^[0-9a-f]{40,64}$/.test(head?.trim() ?? '') ? head!.trim() : null;
  const gitInfo = { sha, branch, originUrl: originUrl(checkout.commonDir) };
  const recordDir = path.dirname(checkout.root);
  if (path.dirname(recordDir) === worktreesRoot(codexHome) && readMetadata(recordDir)) {
    return { workspace: { kind: 'worktree', root: checkout.root, branch }, gitInfo };
  }
  return { workspace: { kind: 'local', root: checkout.root, branch }, gitInfo };
}

interface Checkout {
  root: string;
  gitDir: string;
  commonDir: string;
}

/** The nearest enclosing checkout: a `.git` directory, or a `.git` file naming a linked worktree's git dir. */
function findCheckout(start: string): Checkout | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(dotGit, { throwIfNoEntry: false }); // no exception per missing .git: lists ask for hundreds
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) return { root: dir, gitDir: dotGit, commonDir: dotGit };
    if (st?.isFile()) {
      const target = /^gitdir: (.+)$/m.exec(readText(dotGit) ?? '')?.[1]?.trim();
      if (!target) return undefined;
      const gitDir = path.resolve(dir, target);
      const common = readText(path.join(gitDir, 'commondir'))?.trim();
      return { root: dir, gitDir, commonDir: common ? path.resolve(gitDir, common) : gitDir };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function resolveRef(commonDir: string, ref: string): string | null {
  const loose = readText(path.join(commonDir, ref))?.trim();
  if (loose) return loose;
  const packed = readText(path.join(commonDir, 'packed-refs')) ?? '';
  for (const line of packed.split('\n')) {
    const [sha, name] = line.split(' ');
    if (name === ref && sha) return sha;
  }
  return null;
}

function originUrl(commonDir: string): string | null {
  const config = readText(path.join(commonDir, 'config')) ?? '';
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1] ?? '';
  return /^\s*url\s*=\s*(.+)$/m.exec(section)?.[1]?.trim() ?? null;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
