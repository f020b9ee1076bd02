// `codex [OPTIONS] [PROMPT]` in a terminal: the full-screen interactive UI.
// Draws the first frame before the agent core is loaded, then starts a thread
// on the in-process app-server, as `codex exec` does.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs, flag, list, str, formatHelp, UsageError, type OptionSpec } from '../cli/args.js';
import { configOverridesFromFlags } from '../cli/configFlags.js';
import { TUI_SPECS } from '../cli/rootOptions.js';
import { addShutdownHook, installTerminationHandlers } from '../cli/terminationSignals.js';
import { VERSION } from '../core/version.js';
import type { AskForApproval } from '../../shared/protocol/types.js';
import { TuiSession } from './session.js';
import { enterAltScreen, leaveAltScreen } from './altScreen.js';
import { loadInk } from './loadInk.js';
import { paintFirstFrame } from './firstFrame.js';
import { notificationSettings, TerminalNotifier } from './notifications.js';
import type { AppServerLike } from './session.js';
import { parseRemoteAddress } from '../cli/remoteAddress.js';
import { appCodexHome } from '../core/sandbox/writableRoots.js';
import { isLoopbackHost } from '../core/execServer/loopbackHost.js';

// The root's options, which the interactive UI takes (rootOptions.ts keeps them light for main.ts).
export { TUI_SPECS };

export const TUI_USAGE = 'codex [OPTIONS] [PROMPT]';

/** `codex resume` in a terminal also takes --all (every directory's sessions). */
const RESUME_PICKER_SPECS: OptionSpec[] = [...TUI_SPECS.filter((s) => s.long !== 'image'), { long: 'all', help: 'List the sessions of every directory' }];

/** `codex resume [--all]` without a session to name: the TUI opens on the list of saved sessions. */
export function wantsResumePicker(argv: string[]): boolean {
  try {
    const p = parseArgs(argv, RESUME_PICKER_SPECS);
    return p.positionals.length === 0 && p.rest.length === 0 && !flag(p, 'help');
  } catch {
    return false;
  }
}

export interface TuiIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function runTui(argv: string[], io: TuiIo, mode: 'new' | 'resume-picker' = 'new'): Promise<number> {
  const parsed = parseArgs(argv, mode === 'resume-picker' ? RESUME_PICKER_SPECS : TUI_SPECS);
  if (flag(parsed, 'help')) {
    io.stdout.write(formatHelp(TUI_USAGE, TUI_SPECS));
    return 0;
  }
  if (parsed.positionals.length > 1) throw new UsageError(`unexpected argument '${parsed.positionals[1]}' found`);
  const prompt = parsed.positionals[0] ?? (parsed.rest.length ? parsed.rest.join(' ') : undefined);
  const overrides = configOverridesFromFlags(parsed, io.cwd);
  const approval = str(parsed, 'ask-for-approval') as AskForApproval | undefined;
  if (approval) overrides.approvalPolicy = approval;
  const cwd = overrides.cwd ?? io.cwd;
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    io.stderr.write(`Error: working directory does not exist: ${cwd}\n`);
    return 1;
  }
  const images = list(parsed, 'image')
    .flatMap((v) => v.split(','))
    .filter(Boolean)
    .map((p) => resolve(io.cwd, p));
  const fullscreen = !flag(parsed, 'no-alt-screen');

  const remote = remoteAddress(parsed, io);
  installTerminationHandlers([]);
  const session = new TuiSession(cwd);
  if (fullscreen) enterAltScreen(io.stdout);
  // Keys typed while Ink loads wait in the terminal, unechoed, for Ink to read.
  if (io.stdin.isTTY) io.stdin.setRawMode(true);
  let restored = false;
  const restoreHooks: (() => void)[] = [];
  const restore = () => {
    if (restored) return;
    restored = true;
    for (const hook of restoreHooks) hook();
    if (io.stdin.isTTY) io.stdin.setRawMode(false);
    if (fullscreen) leaveAltScreen(io.stdout);
  };
  process.once('exit', restore);
  paintFirstFrame(io.stdout, session.state, fullscreen);

  const { render, appElement, screenSizeStore } = await loadInk();
  const screenSize = screenSizeStore(io.stdout);
  const terminal = { stdin: io.stdin, stdout: io.stdout, fullscreen, env: io.env, clear: () => instance.clear() };
  const instance = render(
    appElement({
      session,
      fullscreen,
      initialPrompt: prompt,
      images,
      screenSize,
      terminal,
      resumePicker: mode === 'resume-picker' ? { all: flag(parsed, 'all') } : undefined,
    }),
    {
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      exitOnCtrlC: false,
      patchConsole: false,
      maxFps: 60,
    },
  );
  // A signal (SIGTERM, SIGHUP) ends the session: threads closed, terminal restored.
  addShutdownHook(async () => {
    instance.unmount();
    restore();
    await session.shutdown();
  });

  // The core loads after the first frame is on screen.
  try {
    // An untrusted folder with its own .codex/config.toml is asked about first (the core then loads with the answer).
    if (!remote && (await askFolderTrust(session, io, cwd)) === 'quit') {
      instance.unmount();
      restore();
      return 0;
    }
    const server = remote ? await connectRemote(remote, parsed, session, io) : await startInProcess(session, io, overrides);
    session.attach(server);
    const config = ((await server.handle('config/read', { cwd })) as { config: Record<string, unknown> }).config;
    // The history is the TUI's own (its CODEX_HOME and its config.toml's [history]), also with --remote, as Codex's.
    // Loaded after the first frame, as the core is.
    const { historySettings, MessageHistory } = await import('./messageHistory.js');
    const codexHome = appCodexHome(io.env);
    const ownHistory = remote ? (await import('../core/config/tomlFile.js')).readTomlFile(join(codexHome, 'config.toml'))?.history : config.history;
    session.useHistory(new MessageHistory(codexHome, historySettings(ownHistory)));
    startNotifications(session, config, io, restoreHooks);
    if (mode === 'new') await session.startThread();
  } catch (err) {
    instance.unmount();
    restore();
    io.stderr.write(`Error: ${(err as Error)?.message ?? String(err)}\n`);
    await session.shutdown().catch(() => undefined);
    return 1;
  }

  await instance.waitUntilExit();
  restore();
  await session.shutdown();
  const s = session.state;
  const usage = s.transcript.tokenUsage;
  if (usage)
    io.stdout.write(
      `Token usage: total=${usage.total.totalTokens.toLocaleString('en-US')} input=${usage.total.inputTokens.toLocaleString('en-US')} output=${usage.total.outputTokens.toLocaleString('en-US')}\n`,
    );
  if (s.settings) io.stdout.write(`To continue this session, run codex resume ${s.settings.threadId}\n`);
  return 0;
}

/** Codex's folder-trust question; "trust" saves it through the locked config writer, retried on failure. */
async function askFolderTrust(session: TuiSession, io: TuiIo, cwd: string): Promise<'trust' | 'open' | 'quit'> {
  const { trustPromptFor } = await import('./trustPrompt.js');
  const codexHome = appCodexHome(io.env);
  let prompt = await trustPromptFor(codexHome, cwd);
  while (prompt) {
    const choice = await session.askTrust(prompt);
    if (choice === 'quit') return 'quit';
    if (prompt.restricted) return 'open';
    const { trustProject } = await import('../core/config/trustProject.js');
    try {
      trustProject(codexHome, cwd);
      return 'trust';
    } catch (err) {
      prompt = { ...prompt, error: `Failed to set trust for ${prompt.target}: ${(err as Error).message}` };
    }
  }
  return 'open';
}

/** The core in this process (the usual case). */
async function startInProcess(session: TuiSession, io: TuiIo, overrides: ReturnType<typeof configOverridesFromFlags>): Promise<AppServerLike> {
  const { AppServer } = await import('../core/server/appServer.js');
  return new AppServer({
    env: io.env,
    baseOverrides: overrides,
    source: 'cli',
    originator: 'codex_cli_rs',
    version: VERSION,
    host: session.host,
    onWarning: (message, threadId) => session.host.notify('thread/warning', { threadId, message }),
  });
}

/**
 * `--remote ADDR` as Codex 0.169 checks it (before the screen is taken): ws://, wss://,
 * unix:// or unix://PATH; a token only for wss:// or a loopback ws://.
 */
function remoteAddress(parsed: ReturnType<typeof parseArgs>, io: TuiIo): string | undefined {
  const addr = str(parsed, 'remote');
  const tokenEnv = str(parsed, 'remote-auth-token-env');
  if (addr === undefined) {
    if (tokenEnv !== undefined) throw new Error('`--remote-auth-token-env` requires `--remote`.');
    return undefined;
  }
  const parsedAddr = parseRemoteAddress(addr, appCodexHome(io.env), io.cwd);
  if (tokenEnv !== undefined && !(parsedAddr.kind === 'ws' && (parsedAddr.secure || isLoopbackHost(parsedAddr.host))))
    throw new Error('`--remote-auth-token-env` requires a `wss://` or loopback `ws://` remote.');
  return parsedAddr.kind === 'unix' ? `unix://${parsedAddr.path}` : parsedAddr.url;
}

/** `--remote ws://…` (Codex's flags): an app-server elsewhere, its token read from --remote-auth-token-env. */
async function connectRemote(url: string, parsed: ReturnType<typeof parseArgs>, session: TuiSession, io: TuiIo): Promise<AppServerLike> {
  const tokenEnv = str(parsed, 'remote-auth-token-env');
  const token = tokenEnv ? io.env[tokenEnv]?.trim() : undefined;
  if (tokenEnv && !token) throw new Error(`--remote-auth-token-env ${tokenEnv}: the variable is unset or empty`);
  const { connectRemoteAppServer } = await import('./remoteAppServer.js');
  return connectRemoteAppServer(url, session.host, { token, onProblem: (message) => session.notice('warning', [`⚠ ${message}`]) });
}

/** Desktop notifications per the config's [tui] table; focus reports come in as keys (App.ts). */
function startNotifications(session: TuiSession, config: Record<string, unknown>, io: TuiIo, restoreHooks: (() => void)[]): void {
  const { settings, warnings } = notificationSettings(config.tui);
  for (const w of warnings) session.notice('warning', [`⚠ ${w}`]);
  if (settings.kinds.size === 0) return;
  const notifier = new TerminalNotifier(settings, io.stdout, io.env);
  notifier.start();
  restoreHooks.push(() => notifier.stop());
  session.onAttention = (kind, message) => notifier.notify(kind, message);
  session.onFocus = (focused) => notifier.setFocused(focused);
}
