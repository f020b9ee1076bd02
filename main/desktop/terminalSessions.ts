// The desktop's terminals as the host sees them: every PTY `command/exec` the
// renderer started (keyed by its processId), with the tail of its output and
// its exit. The processes belong to the AppServer and outlive a window reload;
// this record lets the reloaded renderer find them again and replay what they
// printed (`codex:terminal-list`), and learn of exits whose `command/exec`
// answer went to the page that is gone (`codex:terminal-exited`).
import type { TerminalSnapshot } from '../../shared/ipc/contract.js';

/** Output kept per terminal for a re-attach: enough for a screenful and its scrollback. */
export const TERMINAL_REPLAY_BYTES = 256 * 1024;
/** Exited terminals kept until their tab is closed; the oldest go beyond this many. */
const MAX_EXITED = 32;

interface Record {
  chunks: Buffer[];
  bytes: number;
  exited: boolean;
  exitCode: number | null;
}

export class TerminalSessions {
  private readonly records = new Map<string, Record>();

  /** A PTY command/exec is about to start; false when a live one holds the id (the server refuses it). */
  start(processId: string): boolean {
    const existing = this.records.get(processId);
    if (existing && !existing.exited) return false;
    this.records.set(processId, { chunks: [], bytes: 0, exited: false, exitCode: null });
    return true;
  }

  output(processId: string, deltaBase64: string): void {
    const r = this.records.get(processId);
    if (!r || r.exited) return;
    const chunk = Buffer.from(deltaBase64, 'base64');
    r.chunks.push(chunk);
    r.bytes += chunk.length;
    while (r.bytes - r.chunks[0]!.length >= TERMINAL_REPLAY_BYTES) r.bytes -= r.chunks.shift()!.length;
  }

  exited(processId: string, exitCode: number | null): void {
    const r = this.records.get(processId);
    if (!r) return;
    r.exited = true;
    r.exitCode = exitCode;
    const done = [...this.records].filter(([, rec]) => rec.exited);
    for (const [id] of done.slice(0, Math.max(0, done.length - MAX_EXITED))) this.records.delete(id);
  }

  /** The tab was closed (or the command never started): nothing to re-attach to. */
  forget(processId: string): void {
    this.records.delete(processId);
  }

  list(): TerminalSnapshot[] {
    return [...this.records].map(([processId, r]) => {
      let tail = Buffer.concat(r.chunks);
      if (tail.length > TERMINAL_REPLAY_BYTES) tail = tail.subarray(tail.length - TERMINAL_REPLAY_BYTES);
      return { processId, outputBase64: tail.toString('base64'), exitCode: r.exitCode, exited: r.exited };
    });
  }
}
