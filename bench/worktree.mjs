// Worktree benchmark (part of `npm run bench`; alone: `node bench/worktree.mjs`):
// how long making a worktree thread's checkout takes (createWorktree: git
// worktree add of a new codex/<slug> branch, our record, the journal) on a
// generated repository of BENCH_WORKTREE_FILES files (default 10,000, ~1 KiB
// each, in 100 directories), and removing it again. Medians of
// BENCH_WORKTREE_RUNS (default 5), next to plain `git worktree add` on the
// same repository for scale. Prints a table; asserts nothing.
import { importBundled } from './bundle.mjs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FILES = Number(process.env.BENCH_WORKTREE_FILES ?? 10_000);
const RUNS = Number(process.env.BENCH_WORKTREE_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

const { createWorktree, removeWorktree } = await importBundled('main/core/worktrees/index.ts', 'worktrees.mjs');

const root = realpathSync(mkdtempSync(join(tmpdir(), 'bench-wt-')));
const repo = join(root, 'big');
const codexHome = join(root, 'home');
mkdirSync(codexHome);
mkdirSync(repo);
const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
const git = (...args) => execFileSync('git', args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
git('init', '-q', '-b', 'main');
git('config', 'gc.auto', '0'); // a background gc after the big commit would race the timings
const line = 'x'.repeat(63) + '\n';
for (let i = 0; i < FILES; i++) {
  const dir = join(repo, `d${i % 100}`);
  if (i < 100) mkdirSync(dir);
  writeFileSync(join(dir, `f${i}.txt`), `${i}\n` + line.repeat(16));
}
git('add', '-A');
git('commit', '-q', '-m', 'generated');

const create = [];
const remove = [];
const raw = [];
for (let r = 0; r < RUNS; r++) {
  // Plain git on the same repository, for scale: the checkout itself dominates.
  const rawPath = join(root, `raw${r}`);
  let t1 = process.hrtime.bigint();
  git('worktree', 'add', '-q', '--detach', rawPath);
  raw.push(ms(t1));
  git('worktree', 'remove', '--force', rawPath);
  let t0 = process.hrtime.bigint();
  const wt = await createWorktree({ codexHome, source: repo, name: `bench ${r}` });
  create.push(ms(t0));
  t0 = process.hrtime.bigint();
  const res = await removeWorktree(wt.path, { codexHome });
  remove.push(ms(t0));
  if (!res.removed) throw new Error(`bench worktree ${wt.path} was not removed: ${res.wouldLose.summary}`);
}
rmSync(root, { recursive: true, force: true });

console.log(`\nWorktree threads (${FILES.toLocaleString('en-US')}-file repository, median of ${RUNS})`);
console.log(`| step | ms |`);
console.log(`|---|---|`);
console.log(`| createWorktree (git worktree add -b codex/<slug>, checkout of ${FILES} files) | ${median(create).toFixed(0)} |`);
console.log(`| plain \`git worktree add --detach\` (for scale) | ${median(raw).toFixed(0)} |`);
console.log(`| removeWorktree (clean, loss check + git worktree remove + branch delete) | ${median(remove).toFixed(0)} |`);
