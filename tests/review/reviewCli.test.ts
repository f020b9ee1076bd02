// `codex review` as Codex 0.169 has it: the flags pick the target (and clash
// as clap makes them clash), the review goes to stdout exactly as the
// reference prints it for the same model answer, progress to stderr, and a
// missing target or a bad one is an error with Codex's words.
import { beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { runCodex, scriptedSuite } from '../support/cli.js';
import { runReferenceCodex } from '../support/referenceCli.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';
import { makeRepo, sh } from '../support/gitRepo.js';

const t = scriptedSuite();
let repo: string;
beforeEach(() => {
  repo = makeRepo().repo;
  fs.appendFileSync(path.join(repo, 'a.txt'), 'four\n');
});

const review = (args: string[], input?: string) => runCodex(['review', ...args], { cwd: repo, env: t.sb.env, input });

function answer(file: string): string {
  return JSON.stringify({
    findings: [
      {
        title: '[P1] Guard it',
        body: 'First line.\nSecond line.',
        confidence_score: 0.8,
        priority: 1,
        code_location: { absolute_file_path: file, line_range: { start: 2, end: 3 } },
      },
    ],
    overall_correctness: 'patch is incorrect',
    overall_explanation: 'It can throw.',
    overall_confidence_score: 0.7,
  });
}

const EXPECTED = (file: string) => `It can throw.\n\nReview comment:\n\n- [P1] Guard it — ${file}:2-3\n  First line.\n  Second line.\n`;

describe('codex review', () => {
  it('--uncommitted: the request names the changes to read, the review goes to stdout, progress to stderr', async () => {
    const file = path.join(repo, 'a.txt');
    t.server.enqueue(R.message(answer(file)));
    const run = await review(['--uncommitted']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(EXPECTED(file));
    expect(run.stderr).toContain('user\ncurrent changes\n');
    // The reviewer's own request is not printed as the user's (the reference prints only the hint).
    expect(run.stderr).not.toContain('Review the current code changes');
    expect(run.stderr).toContain('session id: ');
    expect(t.server.requests).toHaveLength(1);
    expect(JSON.stringify(t.server.requests[0]!.body.input)).toContain('Review the current code changes (staged, unstaged and untracked files)');
  });

  it.skipIf(!codexReferenceBin())(
    `prints exactly what the reference prints for the same answer${codexReferenceBin() ? '' : ` (${CODEX_REFERENCE_MISSING})`}`,
    async () => {
      const file = path.join(repo, 'a.txt');
      t.server.enqueue(R.message(answer(file)));
      const ref = await runReferenceCodex(codexReferenceBin()!, ['review', '--uncommitted'], { cwd: repo, env: t.sb.env });
      expect(ref.code, ref.stderr).toBe(0);
      t.server.enqueue(R.message(answer(file)));
      const ours = await review(['--uncommitted']);
      expect(ours.stdout).toBe(ref.stdout);
      expect(ours.code).toBe(ref.code);
    },
  );

  it('--commit with --title, --base, a PROMPT and `-` (stdin) pick their targets', async () => {
    sh(repo, ['checkout', '-q', '-b', 'topic']);
    fs.writeFileSync(path.join(repo, 'topic.txt'), 'topic\n');
    sh(repo, ['add', 'topic.txt']);
    sh(repo, ['commit', '-q', '-m', 'topic']);
    const sha = sh(repo, ['rev-parse', 'HEAD']);
    const ok = JSON.stringify({ findings: [], overall_correctness: 'patch is correct', overall_explanation: 'Fine.', overall_confidence_score: 1 });

    t.server.enqueue(R.message(ok));
    const c = await review(['--commit', sha, '--title', 'Add topic']);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toBe('Fine.\n');
    expect(c.stderr).toContain(`user\ncommit ${sha.slice(0, 7)}: Add topic\n`);

    t.server.enqueue(R.message(ok));
    const b = await review(['--base', 'main']);
    expect(b.stderr).toContain("user\nchanges against 'main'\n");
    expect(JSON.stringify(t.server.requests.at(-1)!.body.input)).toContain(`Run \`git diff ${sh(repo, ['merge-base', 'HEAD', 'main'])}\``);

    t.server.enqueue(R.message(ok));
    const p = await review(['focus on error handling']);
    expect(p.stderr).toContain('user\nfocus on error handling\n');
    expect(JSON.stringify(t.server.requests.at(-1)!.body.input)).toContain('focus on error handling');

    t.server.enqueue(R.message(ok));
    const s = await review(['-'], 'instructions from stdin\n');
    expect(s.code, s.stderr).toBe(0);
    expect(s.stderr).toContain('user\ninstructions from stdin\n');
  });

  it('conflicting or missing arguments: clap-style usage errors (exit 2) as the reference words them', async () => {
    const cases = [
      ['--uncommitted', '--base', 'main'],
      ['--uncommitted', 'hello'],
      ['--commit', 'abc', '--base', 'main'],
      ['--base', 'main', 'hello'],
      ['--title', 'x'],
    ];
    for (const args of cases) {
      const run = await review(args);
      expect(run.code, args.join(' ')).toBe(2);
      const bin = codexReferenceBin();
      if (bin) {
        const ref = await runReferenceCodex(bin, ['review', ...args], { cwd: repo, env: t.sb.env });
        expect(ref.code).toBe(2);
        // The first lines (the error) agree; clap then adds a usage line we do not print.
        const head = (s: string) => s.split('\nUsage:')[0]!.split('\n\nFor more')[0]!.trim();
        expect(head(run.stderr), args.join(' ')).toBe(head(ref.stderr.replace(/^WARNING:.*\n/gm, '')));
      }
    }
    expect(t.server.requests).toHaveLength(0);
  });

  it('no target, a bad target, or no repository: an error and exit 1, nothing sent', async () => {
    const none = await review([]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('Error: Specify --uncommitted, --base, --commit, or provide custom review instructions\n');
    const bad = await review(['--base', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`Error: invalid params: target: base branch 'nope' names no commit in ${repo}`.replace('invalid params: ', ''));
    const plain = fs.mkdtempSync(path.join(path.dirname(repo), 'plain-'));
    const outside = await runCodex(['review', '--uncommitted'], { cwd: plain, env: t.sb.env });
    expect(outside.code).toBe(1);
    expect(outside.stderr).toBe('Not inside a trusted directory and --skip-git-repo-check was not specified.\n');
    expect(t.server.requests).toHaveLength(0);
  });

  it('--help lists the review flags the reference has', async () => {
    const run = await runCodex(['review', '--help'], { cwd: repo, env: t.sb.env });
    expect(run.code).toBe(0);
    const longs = (s: string) => new Set([...s.matchAll(/^\s+(?:-\w, )?--([a-z-]+)/gm)].map((m) => m[1]!));
    const ours = longs(run.stdout);
    for (const f of ['uncommitted', 'base', 'commit', 'title', 'config', 'enable', 'disable']) expect(ours).toContain(f);
    const bin = codexReferenceBin();
    if (bin) {
      const ref = await runReferenceCodex(bin, ['review', '--help'], { cwd: repo, env: t.sb.env });
      // Not ours yet: --strict-config (no strict config loading) and --trust (project trust is another area's).
      const missing = [...longs(ref.stdout)].filter((f) => !ours.has(f) && f !== 'help');
      expect(missing.sort()).toEqual(['strict-config', 'trust']);
    }
  });
});
