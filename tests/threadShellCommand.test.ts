// thread/shellCommand over a real `codex app-server`: the user's command runs
// in the thread's cwd without the sandbox, shows as a commandExecution item
// with source userShell, and the model reads Codex's <user_shell_command>
// record with the next request (next turn, or the running turn's next step).
import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { responses as R } from './support/scriptedServer.js';
import { scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';

const t = scriptedSuite();
let client: AppServerClient;

beforeEach(() => {
  client = AppServerClient.spawn(t.sb);
  return () => client.close();
});

const textOf = (item: any): string => (Array.isArray(item?.content) ? item.content.map((c: any) => c.text ?? '').join('') : '');
const completedCommands = () =>
  client.notifications.filter((n) => n.method === 'item/completed' && n.params.item.type === 'commandExecution').map((n) => n.params);

describe('thread/shellCommand', () => {
  it('runs in the thread cwd outside a read-only sandbox, as its own turn; the next turn shows the model the record', async () => {
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'read-only', approvalPolicy: 'never' });
    const threadId = started.result.thread.id;
    // A read-only sandbox would refuse this write: the user's command is not sandboxed (as Codex).
    const ack = await client.request('thread/shellCommand', { threadId, command: 'pwd; echo from-user > made-by-user.txt; echo out; echo err >&2; exit 3' });
    expect(ack.error).toBeUndefined();
    expect(ack.result).toEqual({});
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    expect(readFileSync(join(t.sb.workspace, 'made-by-user.txt'), 'utf8')).toBe('from-user\n');

    const [cmd] = completedCommands();
    expect(cmd.turnId).toBe(done.params.turn.id);
    expect(cmd.item).toMatchObject({ source: 'userShell', status: 'failed', exitCode: 3, cwd: t.sb.workspace });
    expect(cmd.item.command).toContain('exit 3');
    expect(cmd.item.aggregatedOutput).toBe(`${t.sb.workspace}\nout\nerr\n`);
    const deltas = client.notifications
      .filter((n) => n.method === 'item/commandExecution/outputDelta' && n.params.itemId === cmd.item.id)
      .map((n) => n.params.delta)
      .join('');
    expect(deltas).toBe(cmd.item.aggregatedOutput);
    // No model request was made for it.
    expect(t.server.requests).toHaveLength(0);

    t.server.enqueue(R.message('I see you ran it.'));
    await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'what happened?' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id !== done.params.turn.id);
    const input = t.server.requests[0]!.body.input;
    const record = input.find((i: any) => i.role === 'user' && textOf(i).startsWith('<user_shell_command>'));
    expect(textOf(record)).toMatch(
      new RegExp(
        `^<user_shell_command>\\n<command>\\npwd; echo from-user > made-by-user.txt; echo out; echo err >&2; exit 3\\n</command>\\n<result>\\nExit code: 3\\nDuration: \\d+\\.\\d{4} seconds\\nOutput:\\n${t.sb.workspace.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\nout\\nerr\\n\\n</result>\\n</user_shell_command>$`,
      ),
    );
    expect(textOf(input.at(-1))).toBe('what happened?');

    // A reload shows the command cell again, from the rollout.
    const read = await client.request('thread/read', { threadId, includeTurns: true });
    const items = read.result.thread.turns.flatMap((t: any) => t.items);
    expect(items.find((i: any) => i.type === 'commandExecution')).toMatchObject({ source: 'userShell', exitCode: 3 });
  }, 60_000);

  it("during a running turn: runs beside it, and its record reaches the model with that turn's next request", async () => {
    const gate = join(t.sb.workspace, 'go');
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'while [ ! -f go ]; do sleep 0.05; done; echo released', yield_time_ms: 20000 }, callId: 'w1' }),
      R.message('Both done.'),
    );
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'danger-full-access', approvalPolicy: 'never' });
    const threadId = started.result.thread.id;
    const turn = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'wait for go' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    await client.request('thread/shellCommand', { threadId, command: 'echo user-ran-this' });
    await client.waitFor((n) => n.method === 'item/completed' && n.params.item.source === 'userShell');
    writeFileSync(gate, '');
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('completed');
    // No second turn: it ran inside the model's turn.
    expect(client.notifications.filter((n) => n.method === 'turn/started')).toHaveLength(1);
    const user = completedCommands().find((c) => c.item.source === 'userShell')!;
    expect(user.turnId).toBe(turn.result.turn.id);
    expect(t.server.requests).toHaveLength(2);
    const texts = t.server.requests[1]!.body.input.map(textOf);
    expect(
      texts.some(
        (t: string) =>
          t.startsWith('<user_shell_command>\n<command>\necho user-ran-this\n</command>') && t.includes('Exit code: 0') && t.includes('user-ran-this\n'),
      ),
    ).toBe(true);
  }, 60_000);

  it('input steered while a shell command runs alone starts the next turn, which the model answers', async () => {
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'danger-full-access', approvalPolicy: 'never' });
    const threadId = started.result.thread.id;
    await client.request('thread/shellCommand', { threadId, command: 'while [ ! -f go ]; do sleep 0.05; done; echo gate-open' });
    const shellTurn = await client.waitFor((n) => n.method === 'turn/started');
    const steer = await client.request('turn/steer', {
      threadId,
      expectedTurnId: shellTurn.params.turn.id,
      input: [{ type: 'text', text: 'now explain the output' }],
    });
    expect(steer.result).toEqual({ turnId: shellTurn.params.turn.id });
    t.server.enqueue(R.message('It printed gate-open.'));
    writeFileSync(join(t.sb.workspace, 'go'), '');
    const next = await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id !== shellTurn.params.turn.id);
    expect(next.params.turn.status).toBe('completed');
    expect(next.params.turn.items.map((i: any) => i.type)).toEqual(['userMessage', 'agentMessage']);
    const input = t.server.requests[0]!.body.input;
    const recordAt = input.findIndex((i: any) => textOf(i).startsWith('<user_shell_command>') && textOf(i).includes('gate-open'));
    expect(recordAt).toBeGreaterThan(-1);
    expect(textOf(input.at(-1))).toBe('now explain the output');
  }, 60_000);

  it('a command that never ends is killed by turn/interrupt (process group and all) and recorded as aborted; bad input is refused', async () => {
    const started = await client.request('thread/start', { cwd: t.sb.workspace, sandbox: 'danger-full-access', approvalPolicy: 'never' });
    const threadId = started.result.thread.id;
    const pidFile = join(mkdirTemp(), 'child.pid');
    await client.request('thread/shellCommand', { threadId, command: `sleep 300 & echo $! > ${pidFile}; wait` });
    const turnStarted = await client.waitFor((n) => n.method === 'turn/started');
    while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8').trim()) await new Promise((r) => setTimeout(r, 50));
    const child = Number(readFileSync(pidFile, 'utf8').trim());
    expect(alive(child)).toBe(true);
    await client.request('turn/interrupt', { threadId, turnId: turnStarted.params.turn.id });
    const done = await client.waitFor((n) => n.method === 'turn/completed');
    expect(done.params.turn.status).toBe('interrupted');
    const [cmd] = completedCommands();
    expect(cmd.item).toMatchObject({ source: 'userShell', status: 'failed', exitCode: -1, aggregatedOutput: 'command aborted by user' });
    await expect.poll(() => alive(child), { timeout: 5000 }).toBe(false);

    const timed = await client.request('thread/shellCommand', { threadId, command: 'sleep 30', timeoutMs: 300 });
    expect(timed.result).toEqual({});
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id !== done.params.turn.id);
    expect(completedCommands()[1]!.item).toMatchObject({ exitCode: -1, status: 'failed', reason: 'timed out after 300 ms' });

    const empty = await client.request('thread/shellCommand', { threadId, command: '   ' });
    expect(empty.error).toMatchObject({ code: -32600, message: 'command must not be empty' });
    const unknown = await client.request('thread/shellCommand', { threadId: '019a0000-0000-7000-8000-000000000000', command: 'ls' });
    expect(unknown.error.message).toBe('thread not found: 019a0000-0000-7000-8000-000000000000');
    const negative = await client.request('thread/shellCommand', { threadId, command: 'ls', timeoutMs: -1 });
    expect(negative.error.code).toBe(-32602);
    expect(negative.error.message).toContain('timeoutMs');
  }, 60_000);
});

function mkdirTemp(): string {
  const dir = join(tmpdir(), `shellcmd-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Running (a zombie left for a parent that does not reap counts as gone). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
