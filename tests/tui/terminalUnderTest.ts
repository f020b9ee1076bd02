// Runs the built `codex` in a real pseudo-terminal and reads its screen through
// a headless terminal emulator, as a person would see it. Waits poll the
// emulator's buffer; a timeout fails with the screen as it was.
import pty from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';
import { CODEX_BIN } from '../support/cli.js';

const { Terminal } = xtermHeadless;

export const KEY = {
  enter: '\r',
  esc: '\x1b',
  ctrlC: '\x03',
  up: '\x1b[A',
  down: '\x1b[B',
  backspace: '\x7f',
  tab: '\t',
} as const;

export class TerminalUnderTest {
  readonly term: InstanceType<typeof Terminal>;
  readonly proc: pty.IPty;
  /** Everything the program wrote, raw. */
  output = '';
  readonly exited: Promise<number>;
  /** When the program was started, and when each piece of output arrived (ms since then). */
  readonly startedAt = performance.now();
  private readonly arrivals: { at: number; end: number }[] = [];
  private exitCode: number | null = null;
  /** Each distinct screen shown, in order, once parsed (for flicker checks). */
  readonly screensSeen: string[] = [];

  constructor(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; cols?: number; rows?: number }) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    this.term = new Terminal({ cols, rows, allowProposedApi: true, scrollback: 1000 });
    this.proc = pty.spawn(process.execPath, [CODEX_BIN, ...args], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd: opts.cwd,
      env: { TERM: 'xterm-256color', ...opts.env } as Record<string, string>,
    });
    this.proc.onData((d) => {
      this.output += d;
      this.arrivals.push({ at: performance.now() - this.startedAt, end: this.output.length });
      this.term.write(d, () => {
        const now = this.screen();
        if (this.screensSeen.at(-1) !== now) this.screensSeen.push(now);
      });
    });
    this.exited = new Promise((resolve) => this.proc.onExit(({ exitCode }) => resolve((this.exitCode = exitCode))));
  }

  /** Milliseconds from start until the raw output first contained `text` (null: not yet). */
  timeUntil(text: string): number | null {
    const index = this.output.indexOf(text);
    if (index < 0) return null;
    return this.arrivals.find((a) => a.end >= index + text.length)!.at;
  }

  /** The visible screen, one string per row (trailing spaces trimmed). */
  rows(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }

  screen(): string {
    return this.rows().join('\n');
  }

  /** Whether the alternate screen is shown. */
  altScreen(): boolean {
    return this.term.buffer.active.type === 'alternate';
  }

  /** Scrollback plus screen of the normal buffer (for --no-alt-screen). */
  normalBufferText(): string {
    const buf = this.term.buffer.normal;
    const out: string[] = [];
    for (let y = 0; y < buf.length; y++) out.push(buf.getLine(y)?.translateToString(true) ?? '');
    return out.join('\n');
  }

  write(keys: string): void {
    this.proc.write(keys);
  }

  /** Types text, then waits for the screen to show it (the TUI echoes as it goes). */
  async type(text: string, timeoutMs = 20_000): Promise<void> {
    this.write(text);
    await this.waitFor((s) => s.includes(text.split('\n').at(-1)!.slice(-30)), timeoutMs, `typed text "${text}"`);
  }

  resize(cols: number, rows: number): void {
    this.proc.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  /** Waits until `test` holds for the screen; fails with a snapshot of it. */
  async waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs = 30_000, what?: string): Promise<string> {
    const check = typeof test === 'string' ? (s: string) => s.includes(test) : test instanceof RegExp ? (s: string) => test.test(s) : test;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Let the emulator finish parsing what arrived.
      await new Promise<void>((r) => this.term.write('', r));
      const s = this.screen();
      if (check(s)) return s;
      if (this.exitCode !== null) throw new Error(`codex exited (${this.exitCode}) while waiting for ${what ?? String(test)}\n${this.snapshot()}`);
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what ?? String(test)}\n${this.snapshot()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  snapshot(): string {
    const rule = '─'.repeat(this.term.cols);
    return `screen (${this.term.cols}x${this.term.rows}, ${this.altScreen() ? 'alternate' : 'normal'} buffer):\n┌${rule}┐\n${this.rows()
      .map((r) => `│${r.padEnd(this.term.cols)}│`)
      .join('\n')}\n└${rule}┘`;
  }

  kill(): void {
    if (this.exitCode === null) this.proc.kill('SIGKILL');
    this.term.dispose();
  }
}
