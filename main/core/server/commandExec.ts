// `command/exec` and its follow-ups (write, resize, terminate), as Codex 0.169
// serves them: the user's own commands (a terminal panel, a one-off command),
// outside any thread. Each runs through the one spawner, so a sandbox policy
// that is asked for (or configured) is enforced or the command does not start,
// and its process group is registered like every other command's. The answer
// to `command/exec` waits for the exit and goes out after the last
// `command/exec/outputDelta` of the process. Ids are scoped to this server,
// which serves one connection: when it shuts down, every process dies.
import { constants as osConstants } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { RpcError } from './rpcError.js';
import { spawnCommand, SpawnError, type SpawnedProcess } from '../exec/spawner.js';
import { SandboxUnavailableError } from '../sandbox/index.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import { sandboxPolicyFromWire } from '../sandbox/policyConversions.js';
import type { ThreadHost } from '../session/threadHost.js';
import {
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  type ClientRequestParams,
  type ClientRequestResult,
} from '../../../shared/protocol/types.js';

/** Codex's defaults: 10 s, then exit code 124; 1 MiB captured per stream. */
export const COMMAND_EXEC_DEFAULT_TIMEOUT_MS = 10_000;
export const COMMAND_EXEC_TIMEOUT_EXIT_CODE = 124;
export const COMMAND_EXEC_DEFAULT_OUTPUT_CAP = 1024 * 1024;

type Params<M extends 'command/exec' | 'command/exec/write' | 'command/exec/resize' | 'command/exec/terminate'> = ClientRequestParams<M>;

/** What a command needs from the server at the time it starts. */
export interface CommandExecContext {
  /** The default cwd (the server's). */
  cwd: string;
  /** The user's configured policy, used when the request names none. */
  sandbox: SandboxPolicy;
  /** The shell environment the config computes (shell_environment_policy). */
  env: Record<string, string>;
}

export interface CommandExecDeps {
  notify: ThreadHost['notify'];
  /** Read per command, so a config change applies to the next one; throws an RpcError for a bad config. */
  context: (cwd: string | undefined) => CommandExecContext;
}

interface Session {
  proc: SpawnedProcess;
  streamStdin: boolean;
  stdinClosed: boolean;
  terminate(): void;
}

export class CommandExecManager {
  private readonly sessions = new Map<string, Session>();
  /** Every running command, with or without a client id, so shutdown reaches them all. */
  private readonly running = new Set<SpawnedProcess>();
  private closed = false;

  constructor(private readonly deps: CommandExecDeps) {}

  async exec(p: Params<'command/exec'>): Promise<ClientRequestResult<'command/exec'>> {
    if (this.closed) throw new RpcError(JSONRPC_INVALID_REQUEST, 'the server is shutting down');
    const tty = Boolean(p.tty);
    const streamStdin = tty || Boolean(p.streamStdin);
    const streamOutput = tty || Boolean(p.streamStdoutStderr);
    if (p.size && !tty) throw new RpcError(JSONRPC_INVALID_PARAMS, 'command/exec size requires tty: true');
    if (p.timeoutMs != null && p.disableTimeout) throw new RpcError(JSONRPC_INVALID_PARAMS, 'command/exec cannot set both timeoutMs and disableTimeout');
    if (p.outputBytesCap != null && p.disableOutputCap)
      throw new RpcError(JSONRPC_INVALID_PARAMS, 'command/exec cannot set both outputBytesCap and disableOutputCap');
    if (p.timeoutMs != null && p.timeoutMs < 0) throw new RpcError(JSONRPC_INVALID_PARAMS, `command/exec timeoutMs must not be negative (got ${p.timeoutMs})`);
    const processId = p.processId ?? undefined;
    if (processId === undefined && (tty || streamStdin || streamOutput)) {
      throw new RpcError(JSONRPC_INVALID_REQUEST, 'command/exec tty or streaming requires a client-supplied processId');
    }
    if (p.command.length === 0 || !p.command[0]) throw new RpcError(JSONRPC_INVALID_REQUEST, 'command must not be empty');
    if (p.size) checkSize(p.size);
    if (processId !== undefined && this.sessions.has(processId))
      throw new RpcError(JSONRPC_INVALID_REQUEST, `duplicate active command/exec process id: ${JSON.stringify(processId)}`);

    const ctx = this.deps.context(p.cwd ?? undefined);
    const cwd = p.cwd ? (isAbsolute(p.cwd) ? p.cwd : resolve(ctx.cwd, p.cwd)) : ctx.cwd;
    const env = { ...ctx.env };
    for (const [name, value] of Object.entries(p.env ?? {})) {
      if (value === null) delete env[name];
      else env[name] = value;
    }
    const policy = p.sandboxPolicy ? policyFromRequest(p.sandboxPolicy) : ctx.sandbox;
    const refusal = windowsSandboxRefusal(process.platform, policy, tty || streamStdin || streamOutput);
    if (refusal) throw new RpcError(JSONRPC_INVALID_REQUEST, refusal);

    let proc: SpawnedProcess;
    try {
      proc = spawnCommand({ argv: p.command, cwd, env, tty, sandboxPolicy: policy, cols: p.size?.cols, rows: p.size?.rows });
    } catch (err) {
      // Nothing ran: a policy that cannot be enforced refuses the command.
      if (err instanceof SpawnError || err instanceof SandboxUnavailableError)
        throw new RpcError(JSONRPC_INTERNAL_ERROR, `failed to spawn command: ${err.message}`);
      throw err;
    }
    this.running.add(proc);
    if (!streamStdin && !tty) proc.closeStdin();

    let timedOut = false;
    const session: Session = { proc, streamStdin, stdinClosed: false, terminate: () => proc.kill('SIGKILL') };
    if (processId !== undefined) this.sessions.set(processId, session);
    const timeoutMs = p.disableTimeout ? undefined : (p.timeoutMs ?? COMMAND_EXEC_DEFAULT_TIMEOUT_MS);
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            proc.kill('SIGKILL');
          }, timeoutMs);

    const cap = p.disableOutputCap ? Infinity : (p.outputBytesCap ?? COMMAND_EXEC_DEFAULT_OUTPUT_CAP);
    const captured = { stdout: new StreamCapture(cap), stderr: new StreamCapture(cap) };
    const unsubscribe = proc.onOutput((chunk, source) => {
      const stream = source === 'stderr' ? 'stderr' : 'stdout';
      const kept = captured[stream].take(chunk);
      if (!kept) return;
      if (streamOutput && processId !== undefined) {
        this.deps.notify('command/exec/outputDelta', { processId, stream, deltaBase64: kept.bytes.toString('base64'), capReached: kept.capReached });
      } else {
        captured[stream].keep(kept.bytes);
      }
    });

    try {
      const status = await proc.exited;
      const exitCode = timedOut ? COMMAND_EXEC_TIMEOUT_EXIT_CODE : (status.exitCode ?? 128 + signalNumber(status.signal));
      return { exitCode, stdout: captured.stdout.text(), stderr: captured.stderr.text() };
    } finally {
      if (timer) clearTimeout(timer);
      unsubscribe();
      this.running.delete(proc);
      if (processId !== undefined && this.sessions.get(processId) === session) this.sessions.delete(processId);
    }
  }

  async write(p: Params<'command/exec/write'>): Promise<ClientRequestResult<'command/exec/write'>> {
    if (p.deltaBase64 == null && !p.closeStdin) throw new RpcError(JSONRPC_INVALID_PARAMS, 'command/exec/write requires deltaBase64 or closeStdin');
    const bytes = p.deltaBase64 == null ? Buffer.alloc(0) : decodeBase64(p.deltaBase64);
    const session = this.session(p.processId);
    if (!session.streamStdin) throw new RpcError(JSONRPC_INVALID_REQUEST, 'stdin streaming is not enabled for this command/exec');
    if (bytes.length > 0) {
      if (session.stdinClosed || !session.proc.write(bytes)) throw new RpcError(JSONRPC_INVALID_REQUEST, 'stdin is already closed');
    }
    if (p.closeStdin && !session.stdinClosed) {
      session.stdinClosed = true;
      session.proc.closeStdin();
    }
    return {};
  }

  async resize(p: Params<'command/exec/resize'>): Promise<ClientRequestResult<'command/exec/resize'>> {
    checkSize(p.size);
    const session = this.session(p.processId);
    if (!session.proc.tty)
      throw new RpcError(JSONRPC_INVALID_REQUEST, `failed to resize PTY: command/exec ${JSON.stringify(p.processId)} was not started with tty: true`);
    session.proc.resize(p.size.cols, p.size.rows);
    return {};
  }

  async terminate(p: Params<'command/exec/terminate'>): Promise<ClientRequestResult<'command/exec/terminate'>> {
    this.session(p.processId).terminate();
    return {};
  }

  /** Kills every command this server started and waits for their exits (the connection is gone). */
  async close(): Promise<void> {
    this.closed = true;
    const procs = [...this.running];
    for (const proc of procs) proc.kill('SIGKILL');
    await Promise.all(procs.map((proc) => proc.exited));
  }

  private session(processId: string): Session {
    const session = this.sessions.get(processId);
    if (!session) throw new RpcError(JSONRPC_INVALID_REQUEST, `no active command/exec for process id ${JSON.stringify(processId)}`);
    return session;
  }
}

/** Output of one stream, cut at the cap: what is kept, and whether the cap was hit. */
class StreamCapture {
  private seen = 0;
  private done = false;
  private readonly kept: Buffer[] = [];

  constructor(private readonly cap: number) {}

  /** The part of `chunk` within the cap (null once the cap was reached). */
  take(chunk: Buffer): { bytes: Buffer; capReached: boolean } | null {
    if (this.done) return null;
    const room = this.cap - this.seen;
    const bytes = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.seen += bytes.length;
    const capReached = this.seen >= this.cap;
    if (capReached) this.done = true;
    return { bytes, capReached };
  }

  keep(bytes: Buffer): void {
    this.kept.push(bytes);
  }

  text(): string {
    return Buffer.concat(this.kept).toString('utf8');
  }
}

/**
 * As Codex: the Windows restricted-token sandbox runs a command to its end
 * with its output captured; a PTY or streams under it are refused.
 */
export function windowsSandboxRefusal(platform: NodeJS.Platform, policy: SandboxPolicy, streaming: boolean): string | null {
  if (platform !== 'win32' || policy.mode === 'danger-full-access' || !streaming) return null;
  return 'streaming command/exec is not supported with windows sandbox';
}

function checkSize(size: { rows: number; cols: number }): void {
  if (size.rows === 0 || size.cols === 0) throw new RpcError(JSONRPC_INVALID_PARAMS, 'command/exec size rows and cols must be greater than 0');
}

/** externalSandbox: the caller runs this server inside its own sandbox, so no second one is added (as Codex). */
function policyFromRequest(wire: NonNullable<Params<'command/exec'>['sandboxPolicy']>): SandboxPolicy {
  if (wire.type === 'externalSandbox') return { mode: 'danger-full-access' };
  return sandboxPolicyFromWire(wire);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string): Buffer {
  // Buffer.from skips characters it does not know; a typo must not become other bytes.
  if (text.length % 4 !== 0 || !BASE64.test(text)) throw new RpcError(JSONRPC_INVALID_PARAMS, 'invalid deltaBase64: not standard padded base64');
  return Buffer.from(text, 'base64');
}

function signalNumber(signal: string | null): number {
  if (!signal) return 0;
  const signals: Record<string, number | undefined> = osConstants.signals;
  return signals[signal] ?? 0;
}
