// `codex exec`: runs one turn headless. It is just another client of the core's
// app-server API: thread/start (or thread/resume), turn/start, then it waits
// for turn/completed while printing events.
import { accessSync, constants, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppServer } from '../../core/server/appServer.js';
import type { ConfigOverrides } from '../../core/config/types.js';
import type { ServerNotification, UserInput } from '../../../shared/protocol/types.js';
import { serverNotification } from '../../../shared/protocol/messages.js';
import { parseArgs, flag, list, str, UsageError, formatHelp, type OptionSpec } from '../args.js';
import { ExecEventMapper } from './jsonEvents.js';
import { HumanEventPrinter, painter } from './humanEvents.js';
import { readPromptInput } from './prompt.js';
import { CONFIG_FLAG_SPECS, configOverridesFromFlags } from '../configFlags.js';
import { VERSION } from '../../core/version.js';
import { findLatestThreadForCwd } from './resume.js';
import { isSessionUuid, resolveSessionRef } from '../sessionRef.js';
import { findRepositoryRoot } from '../../core/git/repoMarker.js';
import { addShutdownHook, setInterruptHandler } from '../terminationSignals.js';
import { InputTooLargeError, assertInputWithinLimit } from '../../core/session/inputLimit.js';
import { prepareExecWorktree, type ExecWorktree } from './worktree.js';
import { trustProject } from '../../core/config/trustProject.js';

export const EXEC_SPECS: OptionSpec[] = [
  ...CONFIG_FLAG_SPECS,
  { long: 'json', aliases: ['experimental-json'], help: 'Print events to stdout as JSONL' },
  { long: 'output-last-message', short: 'o', value: true, help: 'File to write the last agent message to' },
  { long: 'output-schema', value: true, help: 'JSON Schema file describing the final response' },
  { long: 'skip-git-repo-check', help: 'Allow running outside a Git repository' },
  { long: 'worktree', help: 'Run the session in a new managed Git worktree' },
  { long: 'ephemeral', help: 'Do not persist the session to disk' },
  {
    long: 'trust',
    help: 'Save trust for this project and future chats, including MCP commands outside the sandbox. Persists even with --ephemeral. Does not override an explicitly untrusted project',
  },
  { long: 'image', short: 'i', value: true, repeatable: true, help: 'Image(s) to attach to the prompt (repeat, or a comma-separated list)' },
  { long: 'color', value: true, choices: ['always', 'never', 'auto'], help: 'Color output: always, never, auto' },
  { long: 'thread-source', value: true, hidden: true },
  { long: 'cyber-access-program', value: true, hidden: true },
  { long: 'last', help: '(resume) Resume the most recent session' },
  { long: 'all', help: '(resume) Do not filter sessions by the current directory' },
  { long: 'help', short: 'h' },
];

export interface ExecIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs `codex exec …`; returns the process exit code. */
export async function runExec(argv: string[], io: ExecIo): Promise<number> {
  // `resume` continues a session; `fork` continues a copy of it (thread/fork).
  let resume: { id?: string; last: boolean; fork: boolean } | undefined;
  const parsed = parseArgs(argv, EXEC_SPECS);
  // `help` as the first word is clap's help subcommand, not a prompt (`codex exec help [resume]`).
  if (parsed.positionals[0] === 'help') {
    parsed.positionals = parsed.positionals.slice(1);
    parsed.options.help = true;
  }
  // After `--` everything is positional, as for clap: `codex exec -- "--help me"` is a prompt.
  parsed.positionals.push(...parsed.rest);
  // `resume` is a subcommand that may follow exec's own options, as the SDK
  // passes it (`exec --experimental-json … resume <id>`).
  if (parsed.positionals[0] === 'resume' || parsed.positionals[0] === 'fork') {
    resume = { last: false, fork: parsed.positionals[0] === 'fork' };
    parsed.positionals = parsed.positionals.slice(1);
  }
  if (flag(parsed, 'help')) {
    io.stdout(
      resume
        ? formatHelp(
            `codex exec ${resume.fork ? 'fork' : 'resume'} [OPTIONS] [SESSION_ID] [PROMPT]`,
            EXEC_SPECS,
            resume.fork
              ? 'Fork a previous session by id or name, or the most recent with --last'
              : 'Resume a previous session by id or pick the most recent with --last',
          )
        : formatHelp('codex exec [OPTIONS] [PROMPT]\n       codex exec [OPTIONS] resume [SESSION_ID] [PROMPT]', EXEC_SPECS, 'Run Codex non-interactively'),
    );
    return 0;
  }
  let promptArg: string | undefined;
  if (resume) {
    resume.last = flag(parsed, 'last');
    const pos = parsed.positionals;
    if (resume.last) {
      if (pos.length > 1) throw new UsageError('with --last, only a prompt may follow');
      promptArg = pos[0];
    } else {
      if (!pos[0]) throw new UsageError(`codex exec ${resume.fork ? 'fork' : 'resume'} needs a session id (or name) or --last`);
      resume.id = pos[0];
      promptArg = pos[1];
    }
  } else {
    if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument '${parsed.positionals[1]}' found`);
    promptArg = parsed.positionals[0];
  }

  const json = flag(parsed, 'json');
  const colorChoice = str(parsed, 'color') ?? 'auto';
  const color = colorChoice === 'always' || (colorChoice === 'auto' && !json && Boolean((process.stderr as { isTTY?: boolean }).isTTY) && !io.env.NO_COLOR);
  const overrides: ConfigOverrides = configOverridesFromFlags(parsed, io.cwd);
  const cwd = overrides.cwd ?? io.cwd;
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    io.stderr(`Error: working directory does not exist: ${cwd}\n`);
    return 1;
  }
  const bypass = flag(parsed, 'dangerously-bypass-approvals-and-sandbox');
  if (!flag(parsed, 'skip-git-repo-check') && !bypass && !findRepositoryRoot(cwd)) {
    io.stderr('Not inside a trusted directory and --skip-git-repo-check was not specified.\n');
    return 1;
  }
  if (flag(parsed, 'full-auto')) io.stderr('warning: --full-auto is deprecated; use --sandbox workspace-write instead.\n');

  let outputSchema: Record<string, unknown> | undefined;
  const schemaPath = str(parsed, 'output-schema');
  if (schemaPath) {
    try {
      outputSchema = JSON.parse(readFileSync(resolve(io.cwd, schemaPath), 'utf8'));
    } catch (err) {
      io.stderr(`Error: failed to read output schema ${schemaPath}: ${(err as Error).message}\n`);
      return 1;
    }
  }

  // The output file is checked before any turn is spent, as Codex does.
  const outPath = str(parsed, 'output-last-message');
  const outProblem = outPath === undefined ? undefined : unwritableFile(resolve(io.cwd, outPath));
  if (outPath !== undefined && outProblem !== undefined) {
    io.stderr(`Error: Failed to open last message file "${outPath}": ${outProblem}\n`);
    return 1;
  }

  const prompt = await readPromptInput(promptArg, io);
  if (!prompt.ok) {
    io.stderr(prompt.error + '\n');
    return 1;
  }
  const input: UserInput[] = [{ type: 'text', text: prompt.text }];
  // `-i a.png,b.png` and `-i a.png -i b.png` alike, as Codex's `--image <FILE>...` (comma-delimited).
  for (const img of list(parsed, 'image')
    .flatMap((v) => v.split(','))
    .filter(Boolean))
    input.push({ type: 'localImage', path: resolve(io.cwd, img) });
  // Refused before a thread starts, so nothing is sent and no rollout is written or appended to.
  try {
    assertInputWithinLimit(input);
  } catch (err) {
    if (!(err instanceof InputTooLargeError)) throw err;
    io.stderr(`Error: turn/start: turn/start failed: ${err.message} (code ${err.code}), data: ${JSON.stringify(err.data)}\n`);
    return 1;
  }

  // exec never asks: approval requests are declined (Codex forces approval "never").
  overrides.approvalPolicy = 'never';

  let worktree: ExecWorktree | undefined;
  if (flag(parsed, 'worktree')) {
    if (resume) throw new UsageError('--worktree starts a new session in a new worktree; it cannot be used with resume');
    try {
      worktree = await prepareExecWorktree(cwd, io.env, io.stderr);
    } catch (err) {
      io.stderr(`Error: cannot create a worktree: ${(err as Error).message}\n`);
      return 1;
    }
    overrides.cwd = worktree.cwd;
    overrides.additionalWritableRoots = [...(overrides.additionalWritableRoots ?? []), ...worktree.writableRoots];
    io.stderr(`Created worktree ${worktree.worktree.path} on branch ${worktree.worktree.metadata.branch}\n`);
  }

  const mapper = new ExecEventMapper();
  const human = new HumanEventPrinter(io.stderr, painter(color));
  const emit = (n: ServerNotification) => {
    if (json) for (const ev of mapper.map(n)) io.stdout(JSON.stringify(ev) + '\n');
    else {
      mapper.map(n);
      human.handle(n);
    }
  };
  let finished: (status: string) => void = () => {};
  const turnDone = new Promise<string>((r) => (finished = r));
  let totalTokens = 0;
  const server = new AppServer({
    env: io.env,
    baseOverrides: overrides,
    source: 'exec',
    originator: 'codex_exec',
    version: VERSION,
    host: {
      notify(method, params) {
        const n = serverNotification(method, params);
        if (n.method === 'thread/tokenUsage/updated') totalTokens = n.params.tokenUsage.total.totalTokens;
        emit(n);
        if (n.method === 'turn/completed') finished(n.params.turn.status);
      },
      async request(method) {
        throw new Error(`codex exec cannot answer ${method}: approvals are not available in exec mode`);
      },
    },
    onWarning: (message, threadId) => emit({ method: 'thread/warning', params: { threadId, message } }),
  });

  // A termination signal closes the threads (rollouts, MCP connections) while their processes are killed.
  addShutdownHook(async () => {
    await server.shutdown();
  });

  if (flag(parsed, 'trust')) {
    // Before the thread loads its config, so the project's own config.toml applies to it.
    const trust = trustProject(server.codexHome(), overrides.cwd ?? cwd);
    if (trust.status === 'explicitlyUntrusted')
      io.stderr(
        `warning: --trust: ${trust.key} is marked as untrusted in ${trust.configFile}; its project config stays disabled until that entry is changed.\n`,
      );
  }

  let threadId: string;
  try {
    let started;
    if (resume) {
      // Without --last the id was required when the arguments were parsed.
      let id = resume.last ? findLatestThreadForCwd(server.codexHome(), flag(parsed, 'all') ? undefined : cwd) : resume.id;
      // A SESSION that is not a UUID is a thread name (session_index.jsonl), as in Codex.
      if (id && !resume.last && !isSessionUuid(id)) id = resolveSessionRef(server.codexHome(), id, 'live');
      if (!id) {
        io.stderr(resume.last ? `No previous session found to ${resume.fork ? 'fork' : 'resume'}.\n` : `No session found matching '${resume.id}'.\n`);
        await server.shutdown();
        return 1;
      }
      if (resume.fork) {
        // thread/fork announces the new thread itself (thread/started).
        started = await server.request('thread/fork', { threadId: id, cwd: overrides.cwd ?? null });
      } else {
        started = await server.request('thread/resume', { threadId: id, cwd: overrides.cwd ?? null });
        emit({ method: 'thread/started', params: { thread: server.getThread(started.thread.id)!.toWire(false) } });
      }
    } else {
      started = await server.request('thread/start', { ephemeral: flag(parsed, 'ephemeral') });
    }
    threadId = started.thread.id;
    if (!json) {
      human.sessionBanner(started, server.getThread(threadId)!);
    }
    await server.request('turn/start', { threadId, input, outputSchema });
  } catch (err) {
    io.stderr(`Error: ${(err as Error).message}\n`);
    await server.shutdown();
    return 1;
  }

  // Ctrl-C interrupts the turn (exit 1 once it ended, as Codex); a second one terminates.
  setInterruptHandler(() => void server.getThread(threadId)?.interrupt());
  const status = await turnDone;
  setInterruptHandler(undefined);
  await server.shutdown();

  if (!json) {
    if (totalTokens) human.tokens(totalTokens);
    if (status === 'completed' && mapper.lastAgentMessage !== null) io.stdout(mapper.lastAgentMessage + '\n');
  }
  if (outPath && status === 'completed') {
    writeFileSync(resolve(io.cwd, outPath), mapper.lastAgentMessage ?? '');
  }
  return status === 'completed' ? 0 : 1;
}

/** Why `file` could not be written (a missing folder, a directory, no permission), or undefined when it can. */
function unwritableFile(file: string): string | undefined {
  const dir = dirname(file);
  const dirStat = statSync(dir, { throwIfNoEntry: false });
  if (!dirStat) return `No such file or directory (the folder ${dir} does not exist)`;
  if (!dirStat.isDirectory()) return `Not a directory (${dir})`;
  const fileStat = statSync(file, { throwIfNoEntry: false });
  if (fileStat?.isDirectory()) return 'Is a directory';
  try {
    accessSync(fileStat ? file : dir, constants.W_OK);
  } catch {
    return `Permission denied (${fileStat ? file : dir} is not writable)`;
  }
  return undefined;
}
