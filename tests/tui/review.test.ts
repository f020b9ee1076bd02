// /review in the TUI, driven in a real PTY against the scripted model server
// on a real git repository: the presets popup, the branch and commit pickers
// from git, the instructions prompt, each ending in a review/start whose
// request carries the chosen changes; the findings shown as Codex shows them.
import { describe, expect, it } from 'vitest';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { sh } from '../support/gitRepo.js';
import { KEY } from './terminalUnderTest.js';
import { command, idle, READY, tuiHarness } from './tuiHarness.js';

const h = tuiHarness();

/** The workspace as a real repository: `main` with one commit, `feature` with one more, checked out, and an uncommitted edit. */
function repository(): { ws: string; featureSha: string } {
  const ws = h.sb.workspace;
  rmSync(join(ws, '.git'), { recursive: true, force: true });
  sh(ws, ['init', '-q', '-b', 'main']);
  writeFileSync(join(ws, 'calc.txt'), 'one\ntwo\n');
  sh(ws, ['add', '-A']);
  sh(ws, ['commit', '-q', '-m', 'start the calculator']);
  sh(ws, ['checkout', '-q', '-b', 'feature']);
  writeFileSync(join(ws, 'feature.txt'), 'feature body\n');
  sh(ws, ['add', '-A']);
  sh(ws, ['commit', '-q', '-m', 'add the feature file']);
  appendFileSync(join(ws, 'calc.txt'), 'three uncommitted\n');
  return { ws, featureSha: sh(ws, ['rev-parse', 'HEAD']) };
}

const reviewerText = (i: number) =>
  h.server.requests[i]!.body.input.map((m: { content?: { text?: string }[] }) => (m.content ?? []).map((c) => c.text ?? '').join('')).join('\n');

const answer = (explanation: string, findings: unknown[] = []) =>
  R.message(JSON.stringify({ findings, overall_correctness: 'patch is incorrect', overall_explanation: explanation, overall_confidence_score: 0.7 }));

describe('/review', () => {
  it('uncommitted changes: the presets popup, the diff sent to the reviewer, the findings then the banner', async () => {
    const { ws } = repository();
    const file = join(ws, 'calc.txt');
    h.server.enqueue(
      answer('The new line breaks the sum.', [
        {
          title: '[P1] Keep the total numeric',
          body: 'The third line is not a number.',
          confidence_score: 0.8,
          priority: 1,
          code_location: { absolute_file_path: file, line_range: { start: 3, end: 3 } },
        },
      ]),
    );
    const t = h.start([], { rows: 40 });
    await t.waitFor(READY, 60_000);
    await command(t, '/review');
    const popup = await t.waitFor('Select a review preset', 20_000);
    for (const row of ['1. Review against a base branch', '(PR Style)', '2. Review uncommitted changes', '3. Review a commit', '4. Custom review instructions'])
      expect(popup).toContain(row);
    expect(popup).toContain('Press enter to confirm or esc to go back');
    t.write(KEY.down);
    t.write(KEY.enter);
    const done = await t.waitFor((s) => s.includes('<< Code review finished >>') && idle(s), 30_000, 'the review to finish');
    expect(done).toContain('>> Code review started: current changes <<');
    expect(done).toContain('The new line breaks the sum.');
    expect(done).toContain('Review comment:'); // Codex's heading for a single finding
    expect(done).toContain('[P1] Keep the total numeric');
    expect(done).toContain('The third line is not a number.');
    // The findings come before the banner, and are shown once.
    expect(done.indexOf('[P1] Keep the total numeric')).toBeLessThan(done.indexOf('<< Code review finished >>'));
    expect(done.split('The new line breaks the sum.').length).toBe(2);
    expect(h.server.requests).toHaveLength(1);
    // The reviewer sub-agent reads the diff itself: the request names the git command for this target.
    expect(reviewerText(0)).toContain('`git diff HEAD`');
    expect(reviewerText(0)).not.toContain('git show');
  });

  it('a base branch from the branch picker (current -> base, searchable), and Esc goes back to the presets', async () => {
    const { ws } = repository();
    h.server.enqueue(answer('Against main: fine.'));
    const t = h.start([], { rows: 40 });
    await t.waitFor(READY, 60_000);
    await command(t, '/review');
    await t.waitFor('Select a review preset', 20_000);
    t.write(KEY.enter);
    const branches = await t.waitFor('Select a base branch', 20_000);
    expect(branches).toContain('Type to search branches');
    // The default branch first.
    expect(branches).toMatch(/› 1\. feature -> main/);
    expect(branches).toContain('2. feature -> feature');
    t.write(KEY.esc);
    await t.waitFor((s) => s.includes('Select a review preset') && !s.includes('Select a base branch'), 20_000, 'back to the presets');
    t.write(KEY.enter);
    await t.waitFor('Select a base branch', 20_000);
    await t.type('mai');
    await t.waitFor((s) => s.includes('feature -> main') && !s.includes('feature -> feature'), 20_000, 'the search to narrow the list');
    t.write(KEY.enter);
    const done = await t.waitFor((s) => s.includes('<< Code review finished >>') && idle(s), 30_000, 'the review to finish');
    expect(done).toContain(">> Code review started: changes against 'main' <<");
    expect(done).toContain('Against main: fine.');
    expect(reviewerText(0)).toContain(`\`git diff ${sh(ws, ['merge-base', 'HEAD', 'main'])}\``);
    expect(reviewerText(0)).toContain("base branch 'main'");
  });

  it('a commit from the commit picker, and custom instructions typed in the prompt', async () => {
    const { featureSha } = repository();
    h.server.enqueue(answer('The commit is fine.'), answer('Looked at calc only.'));
    const t = h.start([], { rows: 40 });
    await t.waitFor(READY, 60_000);
    await command(t, '/review');
    await t.waitFor('Select a review preset', 20_000);
    t.write('3');
    const commits = await t.waitFor('Select a commit to review', 20_000);
    expect(commits).toContain('Type to search commits');
    expect(commits).toMatch(/› 1\. add the feature file/);
    expect(commits).toContain('2. start the calculator');
    t.write(KEY.enter);
    let done = await t.waitFor((s) => s.includes('The commit is fine.') && idle(s), 30_000, 'the commit review');
    expect(done).toContain(`>> Code review started: commit ${featureSha.slice(0, 7)}: add the feature file <<`);
    expect(reviewerText(0)).toContain(`\`git show ${featureSha}\``);
    expect(reviewerText(0)).not.toContain('git diff HEAD');

    await command(t, '/review');
    await t.waitFor('Select a review preset', 20_000);
    t.write('4');
    const prompt = await t.waitFor('Type instructions and press Enter', 20_000);
    expect(prompt).toContain('Custom review instructions');
    expect(prompt).not.toContain('Select a review preset');
    // Enter on nothing typed sends nothing.
    t.write(KEY.enter);
    await t.type('check calc.txt for typos');
    t.write(KEY.enter);
    done = await t.waitFor((s) => s.includes('Looked at calc only.') && idle(s), 30_000, 'the custom review');
    expect(done).toContain('>> Code review started: check calc.txt for typos <<');
    expect(h.server.requests).toHaveLength(2);
    expect(reviewerText(1)).toContain('check calc.txt for typos');
  });
});
