// `codex archive | unarchive | delete SESSION` and `codex fork [SESSION_ID | --last] [PROMPT]`,
// as Codex 0.169 spells them. They are clients of the in-process app-server
// (thread/archive, thread/unarchive, thread/delete, thread/fork), so the CLI and
// every other front end change rollouts the same way.
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { AppServer } from '../core/server/appServer.js';
import { resolveCodexHome } from '../core/config/load.js';
import { summarizeRollout } from '../core/session/rollout.js';
import { locateRollout } from '../core/session/rolloutStore.js';
import { flag, formatHelp, parseArgs, UsageError, type OptionSpec } from './args.js';
import { CONFIG_FLAG_SPECS, configOverridesFromFlags } from './configFlags.js';
import { findLatestThreadForCwd } from './exec/resume.js';
import { EXEC_SPECS, runExec } from './exec/run.js';
import { isSessionUuid, resolveSessionRef, type SessionKind } from './sessionRef.js';
import { VERSION } from '../core/version.js';

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const SESSION_SPECS: OptionSpec[] = [...CONFIG_FLAG_SPECS, { long: 'help', short: 'h' }];
export const DELETE_SPECS: OptionSpec[] = [...SESSION_SPECS, { long: 'force', help: 'Delete without prompting. SESSION must be a UUID' }];

type SessionCommand = 'archive' | 'unarchive' | 'delete';

const WORDS: Record<SessionCommand, { kind: SessionKind; done: string; missing: string; about: string }> = {
  archive: { kind: 'live', done: 'Archived', missing: 'No active session found', about: 'Archive a saved session by id or session name' },
  unarchive: { kind: 'archived', done: 'Unarchived', missing: 'No archived session found', about: 'Unarchive a saved session by id or session name' },
  delete: { kind: 'any', done: 'Deleted', missing: 'No active or archived session found', about: 'Permanently delete a saved session by id or session name' },
};

function serverFor(io: Io, argvFlags: ReturnType<typeof parseArgs>): AppServer {
  return new AppServer({
    env: io.env,
    baseOverrides: configOverridesFromFlags(argvFlags, io.cwd),
    source: 'cli',
    originator: 'codex_cli_rs',
    version: VERSION,
    host: {
      notify() {},
      async request(method) {
        throw new Error(`codex cannot answer ${method} here`);
      },
    },
  });
}

/** `codex archive|unarchive|delete [--force] SESSION`; returns the exit code. */
export async function runSessionCommand(cmd: SessionCommand, argv: string[], io: Io): Promise<number> {
  const words = WORDS[cmd];
  const p = parseArgs(argv, cmd === 'delete' ? DELETE_SPECS : SESSION_SPECS);
  if (flag(p, 'help')) {
    io.stdout(`${words.about}\n\n${formatHelp(`codex ${cmd} [OPTIONS] <SESSION>`, cmd === 'delete' ? DELETE_SPECS : SESSION_SPECS)}`);
    return 0;
  }
  const [ref, extra] = p.positionals;
  if (!ref) throw new UsageError('the following required arguments were not provided:\n  <SESSION>');
  if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}' found`);
  const force = flag(p, 'force');
  if (force && !isSessionUuid(ref)) {
    io.stderr('Error: --force requires a session UUID; names must be confirmed interactively\n');
    return 1;
  }
  const home = resolveCodexHome(io.env);
  const id = resolveSessionRef(home, ref, words.kind);
  if (!id) {
    io.stderr(`Error: ${words.missing} matching '${ref}'.\n`);
    return 1;
  }
  if (cmd === 'delete' && !force) {
    if (!io.stdin.isTTY) {
      io.stderr('Error: cannot confirm session deletion without an interactive terminal; rerun with --force and a session UUID\n');
      return 1;
    }
    const loc = locateRollout(home, id)!;
    const preview = summarizeRollout(loc.path)?.preview.replace(/\s+/g, ' ').slice(0, 60) ?? '';
    const answer = await ask(io, `Permanently delete session ${id}${preview ? ` ("${preview}")` : ''}? [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) {
      io.stderr('Not deleted.\n');
      return 1;
    }
  }
  const server = serverFor(io, p);
  try {
    await server.request(`thread/${cmd}`, { threadId: id });
  } catch (err) {
    io.stderr(`Error: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await server.shutdown();
  }
  io.stdout(`${words.done} session ${id}.\n`);
  return 0;
}

function ask(io: Io, question: string): Promise<string> {
  return new Promise((resolvePromise) => {
    io.stderr(question);
    const rl = createInterface({ input: io.stdin });
    // Resolved before close(): close emits 'close' at once, which would answer "" first.
    rl.once('line', (line) => {
      resolvePromise(line);
      rl.close();
    });
    rl.once('close', () => resolvePromise(''));
  });
}

export const FORK_SPECS: OptionSpec[] = [
  ...EXEC_SPECS.filter((s) => s.long !== 'last' && s.long !== 'all' && s.long !== 'help'),
  { long: 'last', help: 'Fork the most recent session' },
  { long: 'all', help: 'With --last: do not filter sessions by the current directory' },
  { long: 'help', short: 'h' },
];

/**
 * `codex fork [SESSION_ID | --last] [PROMPT]`: with a prompt, the fork runs it
 * headless (as `codex exec fork`); without one, the fork is made and its id printed.
 */
export async function runFork(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, FORK_SPECS);
  if (flag(p, 'help')) {
    io.stdout(`Fork a previous session (use --last to fork the most recent)\n\n${formatHelp('codex fork [OPTIONS] [SESSION_ID] [PROMPT]', FORK_SPECS)}`);
    return 0;
  }
  const last = flag(p, 'last');
  const [first, second, extra] = p.positionals;
  const ref = last ? undefined : first;
  const prompt = last ? first : second;
  if (extra !== undefined || (last && second !== undefined)) throw new UsageError(`unexpected argument '${extra ?? second}' found`);
  if (!last && !ref) throw new UsageError('codex fork needs a session id (or name) or --last');
  const home = resolveCodexHome(io.env);
  const cwd = resolve(io.cwd, typeof p.options.cd === 'string' ? p.options.cd : '.');
  const id = ref ? resolveSessionRef(home, ref, 'live') : findLatestThreadForCwd(home, flag(p, 'all') ? undefined : cwd);
  if (!id) {
    io.stderr(ref ? `Error: No active session found matching '${ref}'.\n` : 'No previous session found to fork.\n');
    return 1;
  }
  // With a prompt: `codex exec fork`, which resolves the session the same way.
  if (prompt !== undefined) return runExec(['fork', ...argv], io);
  const server = serverFor(io, p);
  try {
    const forked = await server.request('thread/fork', { threadId: id });
    io.stdout(`Forked session ${id} into ${forked.thread.id}.\n`);
    io.stderr(`Continue it with: codex resume ${forked.thread.id} "next prompt"\n`);
    return 0;
  } catch (err) {
    io.stderr(`Error: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await server.shutdown();
  }
}
