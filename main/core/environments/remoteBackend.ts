// A ProcessBackend whose processes run on an exec-server: the unified exec
// manager drives them exactly like local ones. Each spawn asks for the current
// connection, so after a websocket drop the next command runs on a
// fresh connection and session; processes started on the dead connection fail
// with its disconnect error and are not rebound.
import { pathToFileURL } from 'node:url';
import type { ProcessBackend } from '../exec/backend.js';
import { remotePatchFs } from './remotePatchFs.js';
import { OutputHub } from '../exec/outputHub.js';
import { SpawnError, type ExitStatus, type SpawnOptions, type SpawnedProcess } from '../exec/spawner.js';
import type { SandboxType } from '../sandbox/index.js';
import { ExecServerDisconnectedError, ExecServerRpcError, type ExecProcessHandle, type ExecServerClient } from '../execServer/index.js';

/** How long to wait, after the exit, for output still in flight before the close. */
const CLOSE_GRACE_MS = 500;

/** The error a remote process reports when its connection drops. */
export class RemoteEnvironmentDisconnectedError extends Error {
  constructor(
    readonly environmentId: string,
    cause: Error,
  ) {
    super(`exec-server environment "${environmentId}" disconnected: ${cause.message}; the command's process is lost`, { cause });
    this.name = 'RemoteEnvironmentDisconnectedError';
  }
}

function adaptRemoteProcess(handle: ExecProcessHandle, opts: SpawnOptions, environmentId: string): SpawnedProcess {
  const hub = new OutputHub();
  let status: ExitStatus | undefined;
  let stdinOpen = opts.tty;

  const drained = (async () => {
    for await (const e of handle) hub.emit({ chunk: e.chunk, stream: e.stream });
  })();
  const exited = (async (): Promise<ExitStatus> => {
    try {
      const code = await handle.exited;
      // The close normally follows the exit at once; do not hang on a server that never sends it.
      await Promise.race([drained, new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref())]);
      status = { exitCode: code ?? -1, signal: null };
      return status;
    } catch (err) {
      throw new RemoteEnvironmentDisconnectedError(environmentId, err as Error);
    } finally {
      stdinOpen = false;
      hub.end();
    }
  })();
  drained.catch(() => {}); // the failure is reported through `exited`
  exited.catch(() => {});

  const ignore = () => {};
  return {
    pid: -1,
    sandboxType: handle.sandboxType,
    tty: opts.tty,
    spawnedArgv: opts.argv,
    write(data) {
      if (!stdinOpen || status) return false;
      handle.write(data).catch(ignore);
      return true;
    },
    closeStdin() {
      if (!stdinOpen) return;
      stdinOpen = false;
      handle.closeStdin().catch(ignore);
    },
    kill(signal = 'SIGKILL') {
      if (status) return;
      if (signal === 'SIGINT') handle.signal('interrupt').catch(ignore);
      else handle.terminate().catch(ignore);
    },
    resize() {
      /* the exec-server protocol has no window size */
    },
    // The exec-server paces its own output by how fast this connection reads.
    pauseOutput: ignore,
    resumeOutput: ignore,
    onOutput(cb) {
      return hub.subscribe((c) => cb(c.chunk, c.stream));
    },
    output: () => hub.iterate(),
    exited,
    get exitStatus() {
      return status;
    },
  };
}

/** `connect` returns the environment's current client (LazyExecServerClient.get: reconnects websockets). */
export function remoteProcessBackend(environmentId: string, connect: () => Promise<ExecServerClient>): ProcessBackend {
  return {
    environmentId,
    async resolveShell(requested) {
      if (requested) return requested;
      const c = await connect();
      return c.environmentInfo?.shell.path || '/bin/sh';
    },
    fileSystem: (sandbox) => remotePatchFs(connect, sandbox ? { sandbox: sandbox.policy, sandboxCwd: sandbox.cwd } : {}),
    async spawn(opts) {
      const c = await connect();
      let handle: ExecProcessHandle;
      try {
        // Pipes get no stdin (as local non-tty commands); a PTY keeps its input open.
        handle = await c.startProcess({
          argv: opts.argv,
          cwd: pathToFileURL(opts.cwd).href,
          env: opts.env,
          tty: opts.tty,
          pipeStdin: false,
          sandbox: opts.sandboxPolicy,
        });
      } catch (err) {
        // The server refused to create it (missing cwd, unenforceable sandbox…): nothing ran.
        if (err instanceof ExecServerRpcError) throw new SpawnError(`${err.message} [environment ${environmentId}]`, 'EREMOTE', undefined);
        // The connection dropped before the reply: the process may have started, but its handle is lost.
        if (err instanceof ExecServerDisconnectedError) throw new RemoteEnvironmentDisconnectedError(environmentId, err);
        throw err;
      }
      return adaptRemoteProcess(handle, opts, environmentId);
    },
  };
}
