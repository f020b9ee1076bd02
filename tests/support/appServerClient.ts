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
  private listeners: ((msg: any) => void)[] = [];
  /** Answers server → client requests; the default declines. */
  onRequest: (msg: any) => unknown = () => ({ decision: 'decline' });

  constructor(readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const msg = JSON.parse(line);
      if (msg.method && msg.id !== undefined) this.proc.stdin.write(JSON.stringify({ id: msg.id, result: this.onRequest(msg) }) + '\n');
      if (msg.method) this.notifications.push(msg);
      else this.waiting.get(msg.id)?.(msg);
      for (const l of this.listeners) l(msg);
    });
  }

  /** `codex app-server` in the sandbox's workspace with its environment. */
  static spawn(sb: Sandbox): AppServerClient {
    return new AppServerClient(spawn(process.execPath, [CODEX_BIN, 'app-server'], { cwd: sb.workspace, env: sb.env, stdio: 'pipe' }));
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
