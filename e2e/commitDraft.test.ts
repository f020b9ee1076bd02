// The review pane's "Draft with agent" in real Chromium against the real core
// on a real git repository: the staged diff goes to the scripted model, its
// message fills the commit box, the user edits it, and the commit carries the
// edited message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../tests/support/scriptedServer.js';
import { chromiumAvailable } from './support/browser.js';
import { startHarness, startThread, type Harness } from './support/harness.js';

let h: Harness;
let repo: string;
const git = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' },
  });

beforeAll(async () => {
  if (!chromiumAvailable()) return;
  h = await startHarness({ viewport: { width: 1500, height: 900 } });
  repo = join(h.root, 'project');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'a.txt'), 'one\ntwo\n');
  git('add', '-A');
  git('commit', '-qm', 'init');
  writeFileSync(join(repo, 'a.txt'), 'one\nTWO\n');
  git('add', 'a.txt');
  git('config', 'user.name', 'Pane User');
  git('config', 'user.email', 'pane@example.com');
});
afterAll(async () => {
  await h?.close();
});

describe.skipIf(!chromiumAvailable())('commit message drafted by the agent', () => {
  it('fills the commit box from the staged diff; the edited message is what gets committed', async () => {
    const { page, model } = h;
    await startThread(page, repo);
    await page.getByRole('button', { name: 'Review', exact: true }).click();
    const pane = page.getByRole('complementary', { name: 'Review' });
    await expect.poll(() => pane.locator('[data-testid="review-hunk"][data-section="staged"][data-path="a.txt"]').count(), { timeout: 20_000 }).toBe(1);

    const before = model.requests.length;
    model.enqueue(R.message('Shout the second line\n\nThe second line is now upper case.'));
    await pane.getByRole('button', { name: 'Draft with agent' }).click();
    const box = pane.getByLabel('Commit message');
    await expect.poll(() => box.inputValue(), { timeout: 20_000 }).toBe('Shout the second line\n\nThe second line is now upper case.');
    expect(JSON.stringify(model.requests[before]!.body.input)).toContain('+TWO');

    await box.fill(`${await box.inputValue()}\nEdited by the user.`);
    await pane.getByRole('button', { name: 'Commit staged' }).click();
    await expect
      .poll(() => git('log', '-1', '--format=%B'), { timeout: 20_000 })
      .toBe('Shout the second line\n\nThe second line is now upper case.\nEdited by the user.\n\n');
    expect(h.pageErrors).toEqual([]);
  });
});
