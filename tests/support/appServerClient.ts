// A minimal `codex app-server` client for end-to-end tests: JSON-RPC over the
// child's stdio, with every notification and server request recorded and the
// server's requests (approvals, elicitations) answered by `onRequest`.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CODEX_BIN, type Sandbox } from './cli.js';

export class AppServerClient {
  private nextId = 1;
  private waiting = new Map<number, (msg: any) => void>();
  /** Notifications and server requests, in arrival order. */
  readonly notifications: any[] = [];
  /** Every message from the server (responses, notifications, requests), in arrival order. */
  readonly messages: any[] = [];
  /** Every response (to our requests, and error answers with id null), in arrival order. */
  readonly responses: any[] = [];
  private listeners: ((msg: any) => void)[] = [];
  /** Answers server → client requests; the default declines. */
  onRequest: (msg: any) => unknown = () => ({ decision: 'decline' });
  /**
   * Overrides `onRequest` with the exact line(s) to answer with (malformed replies,
   * error replies); an empty list leaves the request unanswered.
   */
  rawAnswer: ((msg: any) => string[]) | undefined;
  /** The answer to the `initialize` sent on spawn (Codex refuses everything before it). */
  initialized: Promise<any> | undefined;

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const msg = JSON.parse(line);
      this.messages.push(msg);
      if (msg.method && msg.id !== undefined) {
        const lines = this.rawAnswer ? this.rawAnswer(msg) : [JSON.stringify({ id: msg.id, result: this.onRequest(msg) })];
        for (const l of lines) this.send(l);
      }
      if (msg.method) this.notifications.push(msg);
      else {
        this.responses.push(msg);
        this.waiting.get(msg.id)?.(msg);
      }
      for (const l of this.listeners) l(msg);
    });
  }

  /** `codex app-server` in the sandbox's workspace with its environment, initialized unless told not to. */
  static spawn(sb: Sandbox, opts: { initialize?: boolean; bin?: string; args?: string[] } = {}): AppServerClient {
    // `bin`: another implementation's executable (the reference Codex), run directly; `args`: app-server's flags (`-c key=value`).
    const extra = opts.args ?? [];
    const [command, args] = opts.bin ? [opts.bin, ['app-server', ...extra]] : [process.execPath, [CODEX_BIN, 'app-server', ...extra]];
    const client = new AppServerClient(spawn(command, args, { cwd: sb.workspace, env: sb.env, stdio: 'pipe' }));
    if (opts.initialize !== false) client.initialized = client.request('initialize', { clientInfo: { name: 'test', version: '1' } });
    return client;
  }

  /** Calls `listener` with every message from the server from now on; returns its unsubscribe. */
  onMessage(listener: (msg: any) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  /** Writes one raw line to the server's stdin. */
  send(line: string): void {
    this.proc.stdin.write(line + '\n');
  }

  request(method: string, params: unknown): Promise<any> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.proc.stdin.write(JSON.stringify({ id, method, params }) + '\n');
    });
  }

  /** The first notification (or server request) matching `pred`, seen already or still to come. */
  waitFor(pred: (msg: any) => boolean, timeoutMs = 20_000): Promise<any> {
    const found = this.notifications.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`timed out; saw ${this.notifications.map((n) => n.method).join(', ')}`)), timeoutMs);
      this.listeners.push((msg) => {
        if (msg.method && pred(msg)) {
          clearTimeout(t);
          resolve(msg);
        }
      });
    });
  }

  close(): void {
    this.proc.stdin.end();
  }
}
