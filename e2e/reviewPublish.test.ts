// Push and pull request from the review pane in real Chromium against the
// real core: Push sends the branch to a local bare repository as origin and
// sets the upstream; Create pull request runs gh (a stand-in, see below) with
// the pane's title and shows the URL; with gh logged out the pane says so and
// shows the exact command. Screenshot: /tmp/codex-desktop-e2e-review-publish.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumAvailable } from './support/browser.js';
import { startHarness, startThread, type Harness } from './support/harness.js';

let h: Harness;
let repo: string;
let origin: string;
let bin: string;
const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' };
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env }).trim();

/**
 * A stand-in for GitHub's `gh` CLI, an external program that cannot reach
 * GitHub from here (not our code under test): it records its argv, answers
 * `auth status` with the given exit code and prints a pull request URL.
 */
function writeGhStandIn(authExit: number): void {
  const log = join(bin, 'gh-argv.log');
  writeFileSync(
    join(bin, 'gh'),
    ['#!/bin/sh', `printf '%s\\n' "$*" >> '${log}'`, `if [ "$1" = auth ]; then exit ${authExit}; fi`, 'echo "https://github.com/o/r/pull/42"'].join('\n'),
    { mode: 0o755 },
  );
}
const ghCalls = () => (existsSync(join(bin, 'gh-argv.log')) ? readFileSync(join(bin, 'gh-argv.log'), 'utf8').split('\n').filter(Boolean) : []);

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  // Made before the harness, whose core gets it first on PATH.
  bin = mkdtempSync(join(tmpdir(), 'codex-e2e-gh-'));
  writeGhStandIn(0);
  h = await startHarness({ viewport: { width: 1500, height: 900 }, env: () => ({ PATH: `${bin}:${process.env.PATH}` }) });
  repo = join(h.root, 'project');
  origin = join(h.root, 'origin.git');
  mkdirSync(repo);
  git(h.root, 'init', '-q', '--bare', '-b', 'main', origin);
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'a.txt'), 'a\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'init');
  git(repo, 'remote', 'add', 'origin', origin);
  git(repo, 'push', '-q', 'origin', 'main');
  git(repo, 'checkout', '-q', '-b', 'codex/feature');
  writeFileSync(join(repo, 'a.txt'), 'a\nfeature\n');
  git(repo, 'commit', '-qam', 'Add feature');
});
afterAll(async () => {
  await h?.close();
  if (bin) rmSync(bin, { recursive: true, force: true });
});

describe.skipIf(!chromiumAvailable())('review pane: push and pull request', () => {
  it('pushes with the upstream set, opens a pull request through gh, and shows the command when gh is logged out', async () => {
    const { page } = h;
    await startThread(page, repo);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Review' });
    const result = pane.getByTestId('publish-result');

    await pane.getByRole('button', { name: 'Push', exact: true }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('Pushed codex/feature to origin/codex/feature');
    expect(await result.textContent()).toContain('upstream set');
    expect(git(origin, 'rev-parse', 'refs/heads/codex/feature')).toBe(git(repo, 'rev-parse', 'HEAD'));

    await pane.getByLabel('Pull request title').fill('Add feature');
    await pane.getByRole('button', { name: 'Create pull request' }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('https://github.com/o/r/pull/42');
    expect(ghCalls()).toEqual(['auth status', 'pr create --base main --head codex/feature --title Add feature --body ']);

    writeGhStandIn(1);
    await pane.getByRole('button', { name: 'Create pull request' }).click();
    await expect.poll(() => result.textContent(), { timeout: 20_000 }).toContain('not logged in');
    expect(await result.locator('pre').textContent()).toBe("gh pr create --base main --head codex/feature --title 'Add feature' --body ''");
    await page.screenshot({ path: '/tmp/codex-desktop-e2e-review-publish.png' });
    expect(h.pageErrors).toEqual([]);
  });
});
