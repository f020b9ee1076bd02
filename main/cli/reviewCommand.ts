// `codex review [--uncommitted | --base BRANCH | --commit SHA [--title T]] [PROMPT]`
// (Codex 0.169): one review/start on a new thread of the current directory,
// headless. Progress goes to stderr as `codex exec` prints it; the review
// itself (Codex's rendering: explanation, then the findings) goes to stdout.
import { existsSync, statSync } from 'node:fs';
import { AppServer } from '../core/server/appServer.js';
import type { ServerNotification } from '../../shared/protocol/types.js';
import type { ReviewTarget } from '../core/review/reviewTarget.js';
import { serverNotification } from '../../shared/protocol/messages.js';
import { parseArgs, flag, str, UsageError, formatHelp, type OptionSpec, type ParsedArgs } from './args.js';
import { CONFIG_FLAG_SPECS, configOverridesFromFlags } from './configFlags.js';
import { ExecEventMapper } from './exec/jsonEvents.js';
import { HumanEventPrinter, painter } from './exec/humanEvents.js';
import { decodeStdin } from './exec/prompt.js';
import type { ExecIo } from './exec/run.js';
import { VERSION } from '../core/version.js';
import { findRepositoryRoot } from '../core/git/repoMarker.js';
import { addShutdownHook, setInterruptHandler } from './terminationSignals.js';

const SHARED = new Set(['config', 'enable', 'disable']);

export const REVIEW_SPECS: OptionSpec[] = [
  ...CONFIG_FLAG_SPECS.filter((s) => SHARED.has(s.long)),
  // Not in Codex's review help, but reached by root options (`codex -m o3 review`), which Codex applies.
  ...CONFIG_FLAG_SPECS.filter((s) => !SHARED.has(s.long)).map((s) => ({ ...s, hidden: true })),
  { long: 'uncommitted', help: 'Review staged, unstaged, and untracked changes' },
  { long: 'base', value: true, help: 'Review changes against the given base branch' },
  { long: 'commit', value: true, help: 'Review the changes introduced by a commit' },
  { long: 'title', value: true, help: 'Optional commit title to display in the review summary' },
  { long: 'help', short: 'h' },
];

/** The target the flags and PROMPT name; clap's words for conflicting or missing arguments. */
export async function reviewTargetFromArgs(argv: string[], parsed: ParsedArgs, stdin: ExecIo['stdin']): Promise<ReviewTarget> {
  if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument '${parsed.positionals[1]}' found`);
  const prompt = parsed.positionals[0];
  // Where each was given: clap names the clashing arguments in command-line order.
  const at = (flagName: string) => argv.findIndex((a) => a === flagName || a.startsWith(`${flagName}=`));
  const chosen: [string, boolean, number][] = [
    ['--uncommitted', flag(parsed, 'uncommitted'), at('--uncommitted')],
    ['--base <BRANCH>', str(parsed, 'base') !== undefined, at('--base')],
    ['--commit <SHA>', str(parsed, 'commit') !== undefined, at('--commit')],
    ['[PROMPT]', prompt !== undefined, argv.lastIndexOf(prompt ?? '')],
  ];
  const given = chosen
    .filter(([, on]) => on)
    .sort((a, b) => a[2] - b[2])
    .map(([name]) => name);
  if (given.length > 1) throw new UsageError(`the argument '${given[0]}' cannot be used with '${given[1]}'`);
  const title = str(parsed, 'title');
  if (title !== undefined && str(parsed, 'commit') === undefined) throw new UsageError('the following required arguments were not provided:\n  --commit <SHA>');
  if (flag(parsed, 'uncommitted')) return { type: 'uncommittedChanges' };
  const base = str(parsed, 'base');
  if (base !== undefined) return { type: 'baseBranch', branch: base };
  const commit = str(parsed, 'commit');
  if (commit !== undefined) return { type: 'commit', sha: commit, title: title ?? null };
  if (prompt === undefined) throw new ReviewInputError('Specify --uncommitted, --base, --commit, or provide custom review instructions');
  return { type: 'custom', instructions: prompt === '-' ? await readStdin(stdin) : prompt };
}

/** Not a usage error (exit 1, "Error: …"), as Codex. */
class ReviewInputError extends Error {}

async function readStdin(stdin: ExecIo['stdin']): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return decodeStdin(Buffer.concat(chunks));
}

export async function runReview(argv: string[], io: ExecIo): Promise<number> {
  const parsed = parseArgs(argv, REVIEW_SPECS);
  parsed.positionals.push(...parsed.rest);
  if (flag(parsed, 'help')) {
    io.stdout(
      formatHelp(
        'codex review [OPTIONS] [PROMPT]',
        REVIEW_SPECS,
        'Run a code review non-interactively\n\nArguments:\n  [PROMPT]  Custom review instructions. If `-` is used, read from stdin',
      ),
    );
    return 0;
  }
  let target: ReviewTarget;
  try {
    target = await reviewTargetFromArgs(argv, parsed, io.stdin);
  } catch (err) {
    if (!(err instanceof ReviewInputError)) throw err;
    io.stderr(`Error: ${err.message}\n`);
    return 1;
  }
  const overrides = configOverridesFromFlags(parsed, io.cwd);
  const cwd = overrides.cwd ?? io.cwd;
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    io.stderr(`Error: working directory does not exist: ${cwd}\n`);
    return 1;
  }
  if (!findRepositoryRoot(cwd)) {
    io.stderr('Not inside a trusted directory and --skip-git-repo-check was not specified.\n');
    return 1;
  }
  // Headless, as exec: nothing can be approved. The reviewer runs no commands anyway.
  overrides.approvalPolicy = 'never';

  const mapper = new ExecEventMapper();
  const color = Boolean((process.stderr as { isTTY?: boolean }).isTTY) && !io.env.NO_COLOR;
  const human = new HumanEventPrinter(io.stderr, painter(color));
  let finished: (status: string) => void = () => {};
  const turnDone = new Promise<string>((r) => (finished = r));
  const server = new AppServer({
    env: io.env,
    baseOverrides: overrides,
    source: 'exec',
    originator: 'codex_exec',
    version: VERSION,
    host: {
      notify(method, params) {
        const n: ServerNotification = serverNotification(method, params);
        mapper.map(n);
        human.handle(n);
        if (n.method === 'turn/completed') finished(n.params.turn.status);
      },
      async request(method) {
        throw new Error(`codex review cannot answer ${method}: approvals are not available`);
      },
    },
    onWarning: (message, threadId) => human.handle({ method: 'thread/warning', params: { threadId, message } }),
  });
  addShutdownHook(() => server.shutdown());

  let threadId: string;
  try {
    const started = await server.request('thread/start', { sandbox: 'read-only' });
    threadId = started.thread.id;
    const thread = server.getThread(threadId)!;
    human.sessionBanner(started, thread);
    await server.request('review/start', { threadId, target });
  } catch (err) {
    io.stderr(`Error: ${(err as Error).message}\n`);
    await server.shutdown();
    return 1;
  }
  setInterruptHandler(() => void server.getThread(threadId)?.interrupt());
  const status = await turnDone;
  setInterruptHandler(undefined);
  await server.shutdown();
  if (status === 'completed' && mapper.lastAgentMessage !== null) io.stdout(mapper.lastAgentMessage + '\n');
  return status === 'completed' ? 0 : 1;
}
