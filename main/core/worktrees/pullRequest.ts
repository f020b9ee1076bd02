// A pull request for a pushed branch through GitHub's `gh` CLI, when it is
// installed and logged in (`gh auth status` exits 0). Otherwise nothing runs
// and the answer says why, with the exact command to run by hand.
import { execFile } from 'node:child_process';
import { shellQuoteJoin } from '../util/shellQuote.js';

export interface PullRequestInput {
  /** Branch the pull request merges into. */
  base: string;
  /** The pushed branch (its name on the remote). */
  head: string;
  /** Without a title, `--fill` takes title and body from the commits. */
  title?: string | null;
  body?: string | null;
}

export type PullRequestOutcome =
  { created: true; url: string; command: string } | { created: false; reason: 'ghMissing' | 'ghLoggedOut' | 'ghFailed'; message: string; command: string };

const GH_TIMEOUT_MS = 120_000;

/** The exact `gh pr create` arguments for the input. */
export function ghPrCreateArgs(input: PullRequestInput): string[] {
  const args = ['pr', 'create', '--base', input.base, '--head', input.head];
  const title = input.title?.trim();
  // gh needs both --title and --body when it cannot prompt; an empty body is a body.
  if (title) args.push('--title', title, '--body', input.body ?? '');
  else args.push('--fill');
  return args;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  /** gh is not on PATH. */
  missing: boolean;
}

function runGh(cwd: string, args: string[], baseEnv: NodeJS.ProcessEnv = process.env): Promise<Ran> {
  return new Promise((resolve) => {
    // No prompts and no update check: a headless run must not wait on either.
    const env = { ...baseEnv, GH_PROMPT_DISABLED: '1', GH_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1' };
    execFile('gh', args, { cwd, env, timeout: GH_TIMEOUT_MS, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr, missing: (err as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
    });
  });
}

/** The command line to show for the input (what createPullRequest runs). */
export function ghPrCreateCommand(input: PullRequestInput): string {
  return shellQuoteJoin(['gh', ...ghPrCreateArgs(input)]);
}

/** Why gh cannot create a pull request here (not installed, not logged in), or null when it can. */
export async function ghUnavailable(dir: string, env?: NodeJS.ProcessEnv): Promise<{ reason: 'ghMissing' | 'ghLoggedOut'; message: string } | null> {
  const auth = await runGh(dir, ['auth', 'status'], env);
  if (auth.missing) return { reason: 'ghMissing', message: 'GitHub CLI (gh) is not installed. Install it, run `gh auth login`, then run:' };
  if (auth.code !== 0) return { reason: 'ghLoggedOut', message: 'GitHub CLI (gh) is not logged in. Run `gh auth login`, then run:' };
  return null;
}

/** Runs `gh pr create`; check ghUnavailable first. */
/** `env`: the environment gh runs with (its PATH finds gh); the process's own by default. */
export async function createPullRequest(dir: string, input: PullRequestInput, env?: NodeJS.ProcessEnv): Promise<PullRequestOutcome> {
  const command = ghPrCreateCommand(input);
  const r = await runGh(dir, ghPrCreateArgs(input), env);
  if (r.missing) return { created: false, reason: 'ghMissing', message: 'GitHub CLI (gh) is not installed', command };
  if (r.code !== 0) {
    const said = (r.stderr.trim() || r.stdout.trim() || '(no output)').split('\n').slice(-5).join('\n');
    return { created: false, reason: 'ghFailed', message: `gh pr create failed (exit ${r.code ?? 'killed'}): ${said}`, command };
  }
  // gh prints the new pull request's URL as its last line.
  const url = r.stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => /^https?:\/\//.test(l.trim()));
  if (!url) return { created: false, reason: 'ghFailed', message: `gh pr create printed no URL: ${r.stdout.trim() || '(no output)'}`, command };
  return { created: true, url: url.trim(), command };
}
