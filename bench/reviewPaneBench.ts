// Review pane benchmark in real Chromium against the real core (the e2e
// harness): a repository of BENCH_REVIEW_FILES files (default 5,000) whose
// uncommitted diff has BENCH_REVIEW_LINES changed lines (default 100,000:
// added + removed, one hunk per file). Times opening the pane on it (click to
// the first file row on screen: the lazy review/diff, the IPC hop, layout; and
// to the first hunk: then review/fileDiff of the files on screen) and
// scrolling through it (frame intervals while the list scrolls at a steady
// speed, hunks loading as their files come into view).
// Run through bench/reviewPane.mjs; prints figures, asserts nothing.
import { build } from 'vite';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHarness, startThread } from '../e2e/support/harness.js';
import { chromiumAvailable } from '../e2e/support/browser.js';
import { REPO_ROOT } from '../e2e/support/buildRenderer.js';
import { uncommittedDiff } from '../main/core/worktrees/review.js';
import { fileDiffs, uncommittedFiles } from '../main/core/worktrees/reviewFiles.js';

const FILES = Number(process.env.BENCH_REVIEW_FILES ?? 5000);
const LINES = Number(process.env.BENCH_REVIEW_LINES ?? 100_000);
const OPEN_RUNS = 3;
const SCROLL_SECONDS = 4;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

/** FILES files in 100 folders; each commits `2 * changed` lines, then gets its first `changed` rewritten (changed removed + changed added). */
function makeBigDiff(root: string): string {
  const repo = join(root, 'big-review');
  mkdirSync(repo);
  const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 });
  git('init', '-q', '-b', 'main');
  const changed = Math.max(1, Math.round(LINES / FILES / 2));
  const file = (i: number) => join(repo, `dir${i % 100}`, `file${i}.ts`);
  for (let d = 0; d < Math.min(100, FILES); d++) mkdirSync(join(repo, `dir${d}`));
  const body = (i: number, tag: string) =>
    Array.from({ length: changed * 2 }, (_, l) => (l < changed ? `export const v${l} = ${tag}${i};` : `// unchanged ${l}`)).join('\n') + '\n';
  for (let i = 0; i < FILES; i++) writeFileSync(file(i), body(i, 'old'));
  git('add', '-A');
  git('commit', '-qm', 'base');
  for (let i = 0; i < FILES; i++) writeFileSync(file(i), body(i, 'new'));
  return repo;
}

export async function runReviewPaneBench(): Promise<void> {
  if (!chromiumAvailable()) {
    console.log('\nReview pane benchmark skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)');
    return;
  }
  await build({ configFile: join(REPO_ROOT, 'vite.renderer.config.ts'), logLevel: 'warn' });
  const h = await startHarness({ viewport: { width: 1500, height: 900 } });
  try {
    const repo = makeBigDiff(h.root);
    const stat = execFileSync('git', ['diff', '--shortstat'], { cwd: repo, encoding: 'utf8' }).trim();
    await startThread(h.page, repo);
    const fileRowMs: number[] = [];
    const openMs: number[] = [];
    for (let run = 0; run < OPEN_RUNS; run++) {
      const t = await h.page.evaluate(async () => {
        const toggle = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Review') as HTMLElement;
        const t0 = performance.now();
        toggle.click();
        let fileRow = 0;
        await new Promise<void>((resolve) => {
          const check = () => {
            if (!fileRow && document.querySelector('[data-testid="review-file"]')) fileRow = performance.now() - t0;
            if (document.querySelector('[data-testid="review-hunk"]')) resolve();
            else requestAnimationFrame(check);
          };
          check();
        });
        return { fileRow: fileRow || performance.now() - t0, hunk: performance.now() - t0 };
      });
      fileRowMs.push(t.fileRow);
      openMs.push(t.hunk);
      if (run < OPEN_RUNS - 1) await h.page.getByRole('button', { name: 'Close review' }).click();
    }
    const rows = Number(await h.page.getByTestId('virtual-list').last().getAttribute('data-count'));
    // Where the open time goes: git's whole diff alone, the whole diff parsed in the core (what opening
    // cost before it was lazy), and the lazy path: the file list, then the hunks of the first screen's files.
    const gitMs: number[] = [];
    const coreMs: number[] = [];
    const listMs: number[] = [];
    const screenMs: number[] = [];
    let payload = 0;
    let listPayload = 0;
    for (let run = 0; run < OPEN_RUNS; run++) {
      let t0 = performance.now();
      execFileSync('git', ['diff', '--no-color', '--no-ext-diff', '--binary', '--no-renames'], { cwd: repo, maxBuffer: 1 << 30 });
      gitMs.push(performance.now() - t0);
      t0 = performance.now();
      payload = JSON.stringify(await uncommittedDiff(repo)).length;
      coreMs.push(performance.now() - t0);
      t0 = performance.now();
      const list = await uncommittedFiles(repo);
      listPayload = JSON.stringify(list).length;
      listMs.push(performance.now() - t0);
      t0 = performance.now();
      await fileDiffs(
        repo,
        { kind: 'unstaged' },
        list.unstaged.slice(0, 20).map((f) => f.path),
      );
      screenMs.push(performance.now() - t0);
    }

    // Scroll at a steady 3000 px/s through the list, timing every frame.
    const scroll = await h.page.evaluate(
      async ({ seconds, lastRow }) => {
        const el = document.querySelector('.review-rows') as HTMLElement;
        const intervals: number[] = [];
        const longFrames: number[] = [];
        const observer = new PerformanceObserver((list) => longFrames.push(...list.getEntries().map((e) => e.duration)));
        observer.observe({ type: 'long-animation-frame' });
        const start = performance.now();
        let last = start;
        await new Promise<void>((resolve) => {
          const tick = (now: number) => {
            intervals.push(now - last);
            last = now;
            el.scrollTop = ((now - start) / 1000) * 3000;
            if (now - start < seconds * 1000) requestAnimationFrame(tick);
            else resolve();
          };
          requestAnimationFrame(tick);
        });
        observer.disconnect();
        // Then a jump to the very end: until the last row is on screen.
        const t0 = performance.now();
        el.scrollTop = el.scrollHeight;
        await new Promise<void>((resolve) => {
          const check = () =>
            document.querySelector(`.review-rows .vrow[data-index="${lastRow}"]`)
              ? resolve()
              : ((el.scrollTop = el.scrollHeight), requestAnimationFrame(check));
          requestAnimationFrame(check);
        });
        return { intervals: intervals.slice(1), longFrames, scrolledPx: el.scrollTop, jumpMs: performance.now() - t0 };
      },
      { seconds: SCROLL_SECONDS, lastRow: rows - 1 },
    );

    console.log(`\nReview pane in Chromium (real core; ${FILES} files, ${stat})\n`);
    console.log('| measure | figure | target |');
    console.log('|---|---|---|');
    console.log(
      `| open the pane on the diff, click to first file row on screen (median of ${OPEN_RUNS}) | ${median(fileRowMs).toFixed(0)} ms (min ${Math.min(...fileRowMs).toFixed(0)}, max ${Math.max(...fileRowMs).toFixed(0)}); ${rows} rows | < 500 ms |`,
    );
    console.log(
      `| open the pane on the diff, click to first hunk on screen (median of ${OPEN_RUNS}) | ${median(openMs).toFixed(0)} ms (min ${Math.min(...openMs).toFixed(0)}, max ${Math.max(...openMs).toFixed(0)}) | < 500 ms |`,
    );
    console.log(
      `| in the core, no UI: the file list (lazy review/diff) / hunks of the first 20 files (median of ${OPEN_RUNS}) | ${median(listMs).toFixed(0)} ms (${(listPayload / 1e3).toFixed(0)} kB as JSON) / ${median(screenMs).toFixed(0)} ms | |`,
    );
    console.log(
      `| for comparison: \`git diff\` of everything alone / the whole diff parsed in the core, as opening cost before the list was lazy (median of ${OPEN_RUNS}) | ${median(gitMs).toFixed(0)} ms / ${median(coreMs).toFixed(0)} ms; ${(payload / 1e6).toFixed(1)} MB as JSON | |`,
    );
    console.log(
      `| scrolling 3000 px/s for ${SCROLL_SECONDS} s: frame interval median (60 Hz: 16.7 ms is on time) | ${median(scroll.intervals).toFixed(1)} ms over ${scroll.intervals.length} frames | frames on time |`,
    );
    console.log(
      `| scrolling: frame interval p95 / longest | ${pct(scroll.intervals, 0.95).toFixed(1)} ms / ${Math.max(...scroll.intervals).toFixed(1)} ms | longest < 50 ms |`,
    );
    console.log(`| jump to the end of the list, to the last row on screen | ${scroll.jumpMs.toFixed(0)} ms | one frame or two |`);
    console.log(
      `| scrolling: frames over 50 ms (long animation frames) | ${scroll.longFrames.length ? `${scroll.longFrames.length}, longest ${Math.max(...scroll.longFrames).toFixed(0)} ms` : 'none'} | none |`,
    );
  } finally {
    await h.close();
  }
}
