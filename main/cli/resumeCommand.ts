// `codex resume`: without a terminal UI, it lists the sessions to resume (for
// the current directory unless --all); with --last or a SESSION_ID it resumes
// headless, exactly like `codex exec resume`, when PROMPT is given. Without a
// PROMPT, Codex 0.169 would open its TUI on the session and, with no terminal
// on stdin, refuses ("stdin is not a terminal"); so does ours, rather than
// waiting for a prompt on stdin.
import { resolve } from 'node:path';
import { resolveCodexHome } from '../core/config/load.js';
import { listRolloutFiles, summarizeRollout } from '../core/session/rollout.js';
import { readThreadNames } from '../core/session/threadNames.js';
import { parseArgs, flag, formatHelp } from './args.js';
import { EXEC_SPECS, runExec } from './exec/run.js';

const RESUME_USAGE = 'codex resume [OPTIONS] [SESSION_ID] [PROMPT]';
const RESUME_ABOUT =
  'Resume a previous session: without arguments, list the sessions of this directory (--all: every session);\n' +
  'with --last or a SESSION_ID, continue it headless with PROMPT (like codex exec resume)';

export async function runResume(argv: string[]): Promise<number> {
  const p = parseArgs(argv, EXEC_SPECS);
  if (flag(p, 'help')) {
    process.stdout.write(formatHelp(RESUME_USAGE, EXEC_SPECS, RESUME_ABOUT));
    return 0;
  }
  const namesSession = flag(p, 'last') || p.positionals.length > 0;
  const hasPrompt = p.positionals.length > (flag(p, 'last') ? 0 : 1);
  if (namesSession && !hasPrompt && !process.stdin.isTTY) {
    process.stderr.write('Error: stdin is not a terminal\n');
    return 1;
  }
  if (namesSession) {
    return runExec(['resume', ...argv], {
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      stdin: process.stdin,
      env: process.env,
      cwd: process.cwd(),
    });
  }
  const cwd = resolve(typeof p.options.cd === 'string' ? p.options.cd : process.cwd());
  const home = resolveCodexHome(process.env);
  const rows = listRolloutFiles(home)
    .map((f) => summarizeRollout(f))
    .filter((s) => s && (flag(p, 'all') || s.lastCwd === cwd))
    .slice(0, 50);
  if (rows.length === 0) {
    process.stderr.write(`No sessions found${flag(p, 'all') ? '' : ` for ${cwd} (use --all to list every session)`}.\n`);
    return 1;
  }
  const names = readThreadNames(home);
  for (const s of rows) {
    const when = new Date(s!.updatedAt * 1000).toISOString().replace('T', ' ').slice(0, 16);
    // A thread's name (thread/name/set, Codex's /rename) stands for it, else its first message.
    const preview = (names.get(s!.id.toLowerCase()) ?? s!.preview).replace(/\s+/g, ' ').slice(0, 60);
    process.stdout.write(`${s!.id}  ${when}  ${flag(p, 'all') ? s!.lastCwd + '  ' : ''}${preview}\n`);
  }
  process.stderr.write('Resume one with: codex resume <SESSION_ID | name> "next prompt"   (or codex resume --last "…")\n');
  return 0;
}
