// `codex exec --json … | head -1`: once the reader is gone the run stops
// (no command of the turn runs) and the status says it did not complete, as
// with Codex 0.169 (which stops there too, with a panic's 101); ours is the
// status of a program killed by SIGPIPE, 141.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { CODEX_BIN, scriptedSuite, type Sandbox } from '../support/cli.js';
import { codexReferenceBin } from '../support/codexReference.js';

const t = scriptedSuite();
const reference = codexReferenceBin();

/** Runs `argv | head -1` under bash; returns the writer's exit status and what head printed. */
function pipedToHead(argv: string[], sb: Sandbox): Promise<{ status: number; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', '"$@" | head -1; echo "status=${PIPESTATUS[0]}"', 'bash', ...argv], {
      cwd: sb.workspace,
      env: sb.env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      const status = Number(/status=(\d+)/.exec(out)?.[1] ?? NaN);
      resolve({ status, first: out.split('\n')[0]! });
    });
  });
}

const ARGS = ['exec', '--json', '--skip-git-repo-check', '-s', 'danger-full-access', 'go'];

/**
 * A turn whose command the model asks for only after head has had time to
 * exit: the promise is about a reader that is gone. (Without the pause, a
 * head scheduled late on a busy machine was still reading when the command
 * came, and the command rightly ran: CI saw the marker.)
 */
function enqueueCommandTurn(): void {
  const command = R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo ran > marker.txt' }, callId: 'c1' }));
  t.server.enqueue({ ...command, delayMs: 1500 }, R.text('done'));
}

describe('stdout closed early', () => {
  it('stops the run: no command of the turn runs, and the status is not 0', async () => {
    enqueueCommandTurn();
    const { status, first } = await pipedToHead([process.execPath, CODEX_BIN, ...ARGS], t.sb);
    expect(JSON.parse(first).type).toBe('thread.started');
    expect(status).toBe(141);
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(join(t.sb.workspace, 'marker.txt'))).toBe(false);
    if (reference) {
      t.server.reset();
      enqueueCommandTurn();
      const ref = await pipedToHead([reference, ...ARGS], t.sb);
      expect(JSON.parse(ref.first).type).toBe('thread.started');
      expect(ref.status).not.toBe(0);
      await new Promise((r) => setTimeout(r, 1500));
      expect(existsSync(join(t.sb.workspace, 'marker.txt'))).toBe(false);
    }
  });
});
