// Runs the real `git` and returns its output. Every worktree operation goes
// through here so errors always name the command, the directory and git's own
// message, and no prompt can block a headless run.
import { spawn } from 'node:child_process';

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface GitOptions {
  input?: string | Buffer;
  /** Extra environment (e.g. GIT_INDEX_FILE for a temporary index). */
  env?: Record<string, string>;
}

export class GitError extends Error {
  constructor(
    readonly args: string[],
    readonly cwd: string,
    readonly code: number,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed in ${cwd} (exit ${code}): ${stderr.trim() || '(no output)'}`);
    this.name = 'GitError';
  }
}

/** Runs git; resolves with its result whatever the exit code. */
export function gitRaw(cwd: string, args: string[], opts: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd,
      // C locale: messages we parse stay stable. No terminal prompt: a headless run never hangs on credentials.
      env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new Error(`cannot run git in ${cwd}: ${e.message}`)));
    child.on('close', (code) => resolve({ code: code ?? 128, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // git may exit before reading all input; its exit code says why
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs git; throws GitError unless it exits 0. Returns stdout as bytes. */
export async function gitBytes(cwd: string, args: string[], opts?: GitOptions): Promise<Buffer> {
  const r = await gitRaw(cwd, args, opts);
  if (r.code !== 0) throw new GitError(args, cwd, r.code, r.stderr);
  return r.stdout;
}

/** Runs git; throws GitError unless it exits 0. Returns stdout as text without the final newline. */
export async function git(cwd: string, args: string[], opts?: GitOptions): Promise<string> {
  return (await gitBytes(cwd, args, opts)).toString('utf8').replace(/\n$/, '');
}

/** True when git exits 0 (for questions like "does this ref exist"). */
export async function gitOk(cwd: string, args: string[], opts?: GitOptions): Promise<boolean> {
  return (await gitRaw(cwd, args, opts)).code === 0;
}

/** Splits `-z` output into its entries. */
export function splitNul(text: string): string[] {
  return text.split('\0').filter((s) => s.length > 0);
}
