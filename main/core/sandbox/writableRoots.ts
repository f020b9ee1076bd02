// Which directories a workspace-write policy may write, and which paths
// inside them stay read-only. Platform-neutral: the Linux helper, and later
// the macOS and Windows back ends, enforce what this computes.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SandboxPolicy } from './policy.js';

export interface ProtectedPath {
  /** Absolute; the last component is not resolved (it may be a symlink or missing). */
  path: string;
  /**
   * Missing today but must not appear with content: the sandbox creates it as
   * an empty directory before making it read-only (`.codex` of the cwd root).
   */
  createIfMissing: boolean;
}

export interface WritableRoot {
  /** Canonical (realpath) absolute directory. */
  root: string;
  protectedPaths: ProtectedPath[];
  /** Look for nested repositories' `.git` beneath the root too (cwd and user roots, not the temp dirs). */
  scanNestedGit: boolean;
}

/** Names kept read-only inside every writable root. */
export const PROTECTED_NAMES = ['.git', '.codex', '.agents'] as const;

function realDir(p: string): string | undefined {
  try {
    const real = realpathSync(p);
    return statSync(real).isDirectory() ? real : undefined;
  } catch {
    return undefined;
  }
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Target of a `gitdir: <path>` pointer file (worktrees, submodules), canonical, if it exists. */
export function readGitdirPointer(dotGitFile: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(dotGitFile, 'utf8');
  } catch {
    return undefined;
  }
  const m = /^gitdir:\s*(.+?)\s*$/m.exec(text.split('\n', 1)[0] ?? '');
  if (!m?.[1]) return undefined;
  const target = path.resolve(path.dirname(dotGitFile), m[1]);
  try {
    return realpathSync(target);
  } catch {
    return undefined;
  }
}

/** Protected subpaths of one writable root, following Codex's rules. */
export function protectedPathsFor(root: string, isCwdRoot: boolean): ProtectedPath[] {
  const out: ProtectedPath[] = [];
  const add = (p: string, createIfMissing = false) => {
    if (!out.some((x) => x.path === p)) out.push({ path: p, createIfMissing });
  };
  const git = path.join(root, '.git');
  const gitStat = lstatOrUndefined(git);
  if (gitStat) {
    add(git);
    if (gitStat.isFile()) {
      const target = readGitdirPointer(git);
      if (target) add(target);
    }
  }
  for (const name of ['.codex', '.agents'] as const) {
    const p = path.join(root, name);
    if (lstatOrUndefined(p)) add(p);
    // A project .codex holds config the next (unsandboxed) Codex run reads,
    // so in the cwd it must not be creatable either.
    else if (name === '.codex' && isCwdRoot) add(p, true);
  }
  return out;
}

/**
 * The app's own CODEX_HOME (config, auth, rollouts), canonical: `$CODEX_HOME`,
 * else `~/.codex`, from the app's environment rather than the command's. A
 * missing directory keeps its canonical parent and its name.
 */
export function appCodexHome(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['CODEX_HOME'];
  const home = fromEnv ? path.resolve(fromEnv) : path.join(env['HOME'] || os.homedir(), '.codex');
  try {
    return realpathSync(home);
  } catch {
    const parent = realDir(path.dirname(home));
    return parent ? path.join(parent, path.basename(home)) : home;
  }
}

const isWithin = (p: string, dir: string) => p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);

/**
 * Writable roots of a policy, in order: cwd, the policy's extra roots
 * (relative ones resolved against cwd), $TMPDIR, /tmp. Only existing
 * directories, canonicalised, without duplicates. Empty for read-only and
 * danger-full-access (the latter is not sandboxed at all).
 */
export function computeWritableRoots(
  policy: SandboxPolicy,
  cwd: string,
  env: Record<string, string | undefined>,
  codexHome: string = appCodexHome(),
): WritableRoot[] {
  if (policy.mode !== 'workspace-write') return [];
  const candidates: { dir: string; user: boolean; cwd: boolean }[] = [
    { dir: path.resolve(cwd), user: true, cwd: true },
    ...policy.writableRoots.map((r) => ({ dir: path.resolve(cwd, r), user: true, cwd: false })),
  ];
  const tmpdir = env['TMPDIR'];
  if (!policy.excludeTmpdirEnvVar && tmpdir && path.isAbsolute(tmpdir)) {
    candidates.push({ dir: tmpdir, user: false, cwd: false });
  }
  if (!policy.excludeSlashTmp) candidates.push({ dir: '/tmp', user: false, cwd: false });

  const roots: WritableRoot[] = [];
  const cwdReal = realDir(path.resolve(cwd));
  for (const c of candidates) {
    const real = realDir(c.dir);
    if (!real) continue;
    const existing = roots.find((r) => r.root === real);
    if (existing) {
      existing.scanNestedGit ||= c.user;
      continue;
    }
    const protectedPaths = protectedPathsFor(real, real === cwdReal);
    // CODEX_HOME under a root by another name than .codex (say
    // CODEX_HOME=~/work/codex-home with ~/work writable): its config and
    // auth must stay out of the command's reach all the same.
    // (Its directory must exist: the helper makes a missing CODEX_HOME uncreatable by name.)
    if (codexHome !== real && isWithin(codexHome, real) && realDir(path.dirname(codexHome)) && !protectedPaths.some((p) => p.path === codexHome)) {
      protectedPaths.push({ path: codexHome, createIfMissing: false });
    }
    roots.push({ root: real, protectedPaths, scanNestedGit: c.user });
  }
  return roots;
}
