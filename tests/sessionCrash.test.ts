// Sessions survive crashes: the real CLI is killed at random points of a turn
// against the scripted model server, then `codex exec resume` must send a
// history the Responses API accepts. Also interrupts (Codex's <turn_aborted>
// marker), junk and torn rollout lines, and a full disk under a tiny tmpfs.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { CODEX_BIN, makeSandbox, runCodex as runOurs, scriptedSuite, type CodexRun, type Sandbox } from './support/cli.js';
import { responses as R, type StreamReply } from './support/scriptedServer.js';

const t = scriptedSuite();
/** The CLI under test; CODEX_UNDER_TEST=/path/to/other/bin/codex.js measures another build (e.g. main). */
const BIN = process.env.CODEX_UNDER_TEST ?? CODEX_BIN;
/** Runs the CLI under test (BIN) to the end, like support/cli.ts's runCodex does for this worktree's build. */
function runCodex(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CodexRun> {
  if (BIN === CODEX_BIN) return runOurs(args, opts);
  const run = spawnCodex({ workspace: opts.cwd, env: opts.env, home: '' }, args);
  let stderr = '';
  run.child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  return run.closed.then((code) => {
    const stdout = run.stdout();
    const events = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    return { code, stdout, stderr, events };
  });
}
const FLAGS = ['--json', '--skip-git-repo-check', '-s', 'danger-full-access'];
const MARKER =
  '<turn_aborted>\nThe user interrupted the previous turn on purpose. Any running unified exec processes may still be running in the background. If any tools/commands were aborted, they may have partially executed.\n</turn_aborted>';

function rolloutFiles(home: string): string[] {
  const root = join(home, 'sessions');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => join(root, f));
}

const threadIdOf = (path: string) => /([0-9a-f-]{36})\.jsonl$/.exec(path)![1]!;

/** Problems that make the Responses API reject `input`: calls without exactly one later output, outputs without a call. */
function pairingProblems(input: any[]): string[] {
  const problems: string[] = [];
  const outputType = { function_call: 'function_call_output', custom_tool_call: 'custom_tool_call_output' } as Record<string, string>;
  input.forEach((item, i) => {
    if (outputType[item.type]) {
      const outs = input.filter((o) => o.type === outputType[item.type] && o.call_id === item.call_id);
      if (outs.length !== 1) problems.push(`${item.type} ${item.call_id} has ${outs.length} outputs`);
      else if (input.indexOf(outs[0]) < i) problems.push(`output of ${item.call_id} comes before its call`);
    }
    if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
      const call = input.findIndex((c) => outputType[c.type] && c.call_id === item.call_id);
      if (call < 0 || call > i) problems.push(`${item.type} ${item.call_id} has no call before it`);
    }
  });
  return problems;
}

const textOf = (item: any): string => (item?.type === 'message' ? item.content.map((c: any) => c.text ?? '').join('') : '');

function spawnCodex(sb: Sandbox, args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: sb.workspace, env: sb.env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end();
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, closed, stdout: () => stdout };
}

/** A turn with streaming, two parallel calls (one custom), a second round with a slower command, then an answer. */
function scriptLongTurn(): void {
  const slow = (reply: StreamReply): StreamReply => ({ ...reply, frameDelayMs: 50 });
  t.server.enqueue(
    slow(
      R.reply(
        R.message('Looking around first.'),
        R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 0.8; echo one' }, callId: 'call_a' }),
        R.customToolCall({ input: '*** Begin Patch\n*** Add File: made.txt\n+hello\n*** End Patch\n', callId: 'call_b' }),
      ),
    ),
    slow(R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 1.2; echo two' }, callId: 'call_c' }))),
    R.text('all done'),
  );
}

/** Where in the turn a kill landed, read back from the rollout it left. */
function phaseOf(path: string | undefined): string {
  if (!path) return 'before the session was written';
  const items = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => {
      try {
        return JSON.parse(l);
      } catch {
        return {};
      }
    })
    .filter((r) => r.type === 'response_item')
    .map((r) => r.payload);
  const calls = items.filter((i) => i.type === 'function_call' || i.type === 'custom_tool_call').length;
  const outputs = items.filter((i) => i.type.endsWith('_output')).length;
  if (calls === 0) return 'while the model streamed';
  if (outputs < calls) return 'between a call and its output (command running)';
  if (items.at(-1)?.type === 'message' && items.at(-1)?.role === 'assistant') return 'after the answer';
  return 'after the outputs, before the next answer';
}

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('resume after a crash', () => {
  it('sends every call with exactly one output after SIGKILL at random points of a turn', async () => {
    const trials = Number(process.env.SESSION_KILL_TRIALS ?? 20);
    const random = seededRandom(Number(process.env.SESSION_KILL_SEED ?? 11));
    const phases: Record<string, number> = {};
    const invalid: string[] = [];
    let resumed = 0;
    for (let n = 0; n < trials; n++) {
      t.server.reset();
      const sb = makeSandbox(t.server.baseUrl);
      scriptLongTurn();
      const run = spawnCodex(sb, ['exec', ...FLAGS, 'do the long thing']);
      const delay = 300 + Math.floor(random() * 4000);
      await Promise.race([new Promise((r) => setTimeout(r, delay)), run.closed]);
      run.child.kill('SIGKILL');
      await run.closed;
      const path = rolloutFiles(sb.home)[0];
      const phase = phaseOf(path);
      phases[phase] = (phases[phase] ?? 0) + 1;
      if (!path) continue;

      t.server.reset();
      t.server.enqueue(R.text('resumed fine'));
      const res = await runCodex(['exec', 'resume', threadIdOf(path), 'carry on', ...FLAGS], { cwd: sb.workspace, env: sb.env });
      const input = t.server.requests[0]?.body?.input;
      if (!input) {
        invalid.push(`trial ${n} (${phase}, ${delay} ms): no request; exit ${res.code}: ${res.stderr.slice(0, 300)}`);
        continue;
      }
      resumed++;
      const problems = pairingProblems(input);
      if (textOf(input.at(-1)) !== 'carry on') problems.push('the new prompt is not last');
      // A killed turn gets no interrupt marker: Codex adds one only when the user interrupts.
      if (input.some((i: any) => textOf(i).startsWith('<turn_aborted>'))) problems.push('a <turn_aborted> marker after a kill');
      for (const i of input) if (i.type.endsWith('_output') && i.output === 'aborted') expect(typeof i.call_id).toBe('string');
      if (problems.length) invalid.push(`trial ${n} (${phase}, ${delay} ms): ${problems.join('; ')}`);
    }
    console.log(
      `kill/resume trials: ${trials}, resumed: ${resumed}, valid histories: ${resumed - invalid.filter((s) => !s.includes('no request')).length}; kill points: ${JSON.stringify(phases)}`,
    );
    expect(invalid).toEqual([]);
    expect(resumed).toBeGreaterThan(trials / 2);
  }, 600_000);

  it('puts Codex\'s "aborted" output right after a call cut off by a kill', async () => {
    t.server.enqueue(R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: 'touch started; sleep 30' }, callId: 'call_k' })));
    const run = spawnCodex(t.sb, ['exec', ...FLAGS, 'go']);
    while (!existsSync(join(t.sb.workspace, 'started'))) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGKILL');
    await run.closed;
    const id = JSON.parse(run.stdout().split('\n')[0]!).thread_id;
    t.server.reset();
    t.server.enqueue(R.text('resumed'));
    const res = await runCodex(['exec', ...FLAGS, 'resume', id, 'next'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(res.code, res.stderr).toBe(0);
    const input = t.server.requests[0]!.body.input;
    const at = input.findIndex((i: any) => i.type === 'function_call' && i.call_id === 'call_k');
    expect(input[at + 1]).toEqual({
      type: 'function_call_output',
      id: expect.stringMatching(/^fco_[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      call_id: 'call_k',
      output: 'aborted',
    });
    expect(textOf(input[at + 2])).toBe('next');
  }, 60_000);

  it("records Codex's <turn_aborted> marker, as a user message after the outputs, when the turn is interrupted", async () => {
    t.server.enqueue(R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: 'touch started; sleep 30' }, callId: 'call_i' })));
    const run = spawnCodex(t.sb, ['exec', ...FLAGS, 'go']);
    while (!existsSync(join(t.sb.workspace, 'started'))) await new Promise((r) => setTimeout(r, 50));
    run.child.kill('SIGINT');
    expect(await run.closed).toBe(1);
    const id = JSON.parse(run.stdout().split('\n')[0]!).thread_id;
    t.server.reset();
    t.server.enqueue(R.text('resumed'));
    const res = await runCodex(['exec', 'resume', id, 'next', ...FLAGS], { cwd: t.sb.workspace, env: t.sb.env });
    expect(res.code, res.stderr).toBe(0);
    const input = t.server.requests[0]!.body.input;
    expect(pairingProblems(input)).toEqual([]);
    const at = input.findIndex((i: any) => i.type === 'function_call_output' && i.call_id === 'call_i');
    expect(input[at + 1]).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: MARKER }] });
    expect(textOf(input[at + 2])).toBe('next');
    // It is part of the stored history, not added at resume time.
    const stored = readFileSync(rolloutFiles(t.sb.home)[0]!, 'utf8');
    expect(stored.split('\n').filter((l) => l.includes('<turn_aborted>') && l.includes('"response_item"'))).toHaveLength(1);
  }, 60_000);
});

describe('damaged rollouts', () => {
  it('drops JSON-valid junk lines with a warning naming the line, and sends none of them', async () => {
    t.server.enqueue(R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo hi' }, callId: 'call_ok' })), R.text('first answer'));
    const first = await runCodex(['exec', ...FLAGS, 'first'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(first.code, first.stderr).toBe(0);
    const path = rolloutFiles(t.sb.home)[0]!;
    const lineCount = readFileSync(path, 'utf8').split('\n').length - 1;
    const junk = [
      '42',
      '[1,2,3]',
      '"a string"',
      'null',
      '{"foo":1}',
      '{"type":"response_item","payload":"not an object"}',
      '{"type":"response_item","payload":{"type":"function_call","name":"exec_command"}}',
      '{"type":"response_item","payload":{"type":"message","role":"user","content":"JUNK-not-an-array"}}',
      '{"type":"response_item","payload":{"type":"message","role":"wizard","content":[{"type":"input_text","text":"JUNK-role"}]}}',
      '{"type":"response_item","payload":{"type":"function_call_output","call_id":"call_ok","output":{"JUNK":true}}}',
      '{"type":"response_item","payload":{"type":"banana","text":"JUNK-type"}}',
      '{"type":"event_msg","payload":[]}',
    ];
    appendFileSync(path, junk.join('\n') + '\n');
    // Valid shape but answering no call: dropped too (Codex removes orphan outputs).
    appendFileSync(
      path,
      JSON.stringify({
        timestamp: new Date().toISOString(),
        type: 'response_item',
        payload: { type: 'function_call_output', call_id: 'call_ghost', output: 'JUNK-orphan' },
      }) + '\n',
    );

    t.server.reset();
    t.server.enqueue(R.text('ok'));
    const res = await runCodex(['exec', 'resume', threadIdOf(path), 'again', ...FLAGS], { cwd: t.sb.workspace, env: t.sb.env });
    expect(res.code, res.stderr).toBe(0);
    const body = t.server.requests[0]!.rawBody;
    expect(body).not.toContain('JUNK');
    expect(body).not.toContain('banana');
    expect(pairingProblems(t.server.requests[0]!.body.input)).toEqual([]);
    expect(t.server.requests[0]!.body.input.filter((i: any) => i.type === 'function_call_output' && i.call_id === 'call_ok')).toHaveLength(1);
    const warnings = res.events.filter((e) => e.item?.type === 'error').map((e) => e.item.message as string);
    // One warning per junk line, each naming file and line.
    junk.forEach((_, i) =>
      expect(
        warnings.some((w) => w.startsWith(`${path}:${lineCount + 1 + i}: skipped`)),
        `line ${lineCount + 1 + i}: ${warnings.join('\n')}`,
      ).toBe(true),
    );
  }, 60_000);

  it('keeps a torn last line apart from the lines appended after it', async () => {
    t.server.enqueue(R.text('first answer'));
    expect((await runCodex(['exec', ...FLAGS, 'first'], { cwd: t.sb.workspace, env: t.sb.env })).code).toBe(0);
    const path = rolloutFiles(t.sb.home)[0]!;
    // Power loss in the middle of the last record: cut the file inside its last line.
    const text = readFileSync(path, 'utf8');
    const lastStart = text.lastIndexOf('\n', text.length - 2) + 1;
    truncateSync(path, lastStart + Math.floor((text.length - lastStart) / 2));
    const torn = readFileSync(path, 'utf8').slice(lastStart);
    expect(torn.endsWith('\n')).toBe(false);

    t.server.reset();
    t.server.enqueue(R.text('second answer'));
    const res = await runCodex(['exec', 'resume', threadIdOf(path), 'second', ...FLAGS], { cwd: t.sb.workspace, env: t.sb.env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.events.some((e) => e.item?.type === 'error' && e.item.message.includes(`${path}:`) && e.item.message.includes('torn last line'))).toBe(true);

    // The fragment is a line of its own; every other line is a whole record.
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    const bad = lines.slice(0, -1).filter((l) => {
      try {
        JSON.parse(l);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toEqual([torn]);

    // And it stays resumable: a second resume reads the new turn back.
    t.server.reset();
    t.server.enqueue(R.text('third answer'));
    const again = await runCodex(['exec', 'resume', threadIdOf(path), 'third', ...FLAGS], { cwd: t.sb.workspace, env: t.sb.env });
    expect(again.code, again.stderr).toBe(0);
    const texts = t.server.requests[0]!.body.input.map(textOf);
    expect(texts).toContain('second');
    expect(texts).toContain('second answer');
  }, 60_000);
});

const unshareWorks = process.getuid?.() === 0 && spawnSync('unshare', ['--mount', '--propagation', 'private', 'true'], { stdio: 'ignore' }).status === 0;

/**
 * Runs `codex exec --json … PROMPT` with CODEX_HOME/sessions on a tmpfs of `size` in a
 * private mount namespace (optionally filled up first), then copies what the
 * tmpfs held to a directory outside, which the returned paths point into.
 */
async function execOnTinyDisk(opts: { size: string; prompt: string; fillFirst?: boolean }) {
  const out = join(t.sb.home, '..', 'sessions-copy');
  mkdirSync(join(out, 'sessions'), { recursive: true });
  const script = [
    'set -u',
    'mkdir -p "$CODEX_HOME/sessions"',
    `mount -t tmpfs -o size=${opts.size} tmpfs "$CODEX_HOME/sessions"`,
    opts.fillFirst ? 'head -c 10000000 /dev/zero >"$CODEX_HOME/sessions/filler" 2>/dev/null || true' : '',
    `"${process.execPath}" "${BIN}" exec ${FLAGS.join(' ')} "$PROMPT" >"$OUT/stdout" 2>"$OUT/stderr"`,
    'echo $? >"$OUT/code"',
    'rm -f "$CODEX_HOME/sessions/filler"',
    'cp -a "$CODEX_HOME/sessions/." "$OUT/sessions/"',
  ].join('\n');
  // Asynchronous: the scripted model server runs in this process and must keep answering.
  const child = spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script], {
    cwd: t.sb.workspace,
    env: { ...t.sb.env, OUT: out, PROMPT: opts.prompt },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let shellErr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (shellErr += d));
  const status = await new Promise<number | null>((r) => child.on('close', r));
  expect(status, shellErr).toBe(0);
  const stdout = readFileSync(join(out, 'stdout'), 'utf8');
  const rollout = rolloutFiles(out)[0];
  return {
    code: Number(readFileSync(join(out, 'code'), 'utf8').trim()),
    stderr: readFileSync(join(out, 'stderr'), 'utf8'),
    events: stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
    /** The copy of the rollout, and the path it had inside the namespace (the one messages name). */
    rollout,
    rolloutInNamespace: rollout && join(t.sb.home, 'sessions', rollout.slice(join(out, 'sessions').length + 1)),
  };
}

function expectWholeLines(path: string): void {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.split('\n').slice(0, -1)) expect(() => JSON.parse(line)).not.toThrow();
}

const noSpace = (path: string) => `Failed to save the conversation transcript to ${path}: no space left on device (ENOSPC)`;

describe.skipIf(!unshareWorks)('a full disk (tmpfs in a private mount namespace; needs root and unshare)', () => {
  it('fails the turn with an error naming the rollout, no stack trace, no torn line, no request', async () => {
    t.server.enqueue(R.text('never asked'));
    // The prompt's user_message line does not fit in 64 KiB.
    const run = await execOnTinyDisk({ size: '64k', prompt: 'fill the disk '.repeat(8000) });
    expect(run.code).toBe(1);
    expect(run.rollout).toBeDefined();
    const failed = run.events.find((e) => e.type === 'turn.failed');
    expect(failed?.error.message).toBe(noSpace(run.rolloutInNamespace!));
    expect(run.events.some((e) => e.type === 'error' && e.message === failed.error.message)).toBe(true);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(t.server.requests).toHaveLength(0);
    expectWholeLines(run.rollout!);
    expect(statSync(run.rollout!).size).toBeLessThan(64 * 1024);
  }, 90_000);

  it('fails mid-turn, before the next request, when a tool output fills the disk', async () => {
    t.server.enqueue(
      R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: "head -c 40000 /dev/zero | tr '\\0' x" }, callId: 'call_big' })),
      R.text('never asked'),
    );
    const run = await execOnTinyDisk({ size: '16k', prompt: 'print a lot' });
    expect(run.code).toBe(1);
    expect(run.events.find((e) => e.type === 'turn.failed')?.error.message).toBe(noSpace(run.rolloutInNamespace!));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(t.server.requests).toHaveLength(1);
    expectWholeLines(run.rollout!);
  }, 90_000);

  it('refuses to start a session on a disk that is already full, naming the file and leaving no empty rollout', async () => {
    const run = await execOnTinyDisk({ size: '64k', prompt: 'hello', fillFirst: true });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^Error: Failed to save the conversation transcript to .*\/sessions\/\d{4}\/\d\d\/\d\d\/rollout-[^ ]+\.jsonl: no space left on device \(ENOSPC\)$/m,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(t.server.requests).toHaveLength(0);
    expect(run.rollout).toBeUndefined();
  }, 90_000);
});
