// End to end: the real `codex exec` process against a scripted Responses server.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { responses as R, faults as F } from './support/scriptedServer.js';
import { execJson, makeSandbox, outputOf, runCodex, scriptedSuite } from './support/cli.js';

const t = scriptedSuite();

const types = (events: any[]) => events.map((e) => e.type);

describe('codex exec', () => {
  it('answers a plain prompt with Codex JSONL events', async () => {
    t.server.enqueue(R.reply(R.message('Hello from the model.'), { usage: { input: 100, output: 7 } }));
    const run = await execJson(t.sb, 'say hello');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(types(run.events)).toEqual(['thread.started', 'turn.started', 'item.completed', 'turn.completed']);
    expect(run.events[0].thread_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(run.events[2].item).toEqual({ id: 'item_0', type: 'agent_message', text: 'Hello from the model.' });
    expect(run.events[3].usage).toMatchObject({ input_tokens: 100, output_tokens: 7, cached_input_tokens: 0 });

    const req = t.server.requests[0]!;
    expect(req.path).toBe('/v1/responses');
    expect(req.headers.authorization).toBe('Bearer sk-test-key');
    expect(req.body).toMatchObject({
      model: 'gpt-5.5',
      stream: true,
      store: false,
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: run.events[0].thread_id,
      tool_choice: 'auto',
    });
    const toolNames = req.body.tools.map((t: any) => t.name);
    expect(toolNames).toEqual(expect.arrayContaining(['exec_command', 'write_stdin', 'apply_patch', 'update_plan', 'view_image']));
    const last = req.body.input.at(-1);
    expect(last).toEqual({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'say hello' }] });
    const env = JSON.stringify(req.body.input);
    expect(env).toContain('<environment_context>');
    expect(env).toContain(`<cwd>${t.sb.workspace}</cwd>`);
  });

  it('prints only the final message on stdout in human mode', async () => {
    t.server.enqueue(R.text('The answer is 42.'));
    const run = await runCodex(['exec', '--skip-git-repo-check', 'question'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toBe('The answer is 42.\n');
    expect(run.stderr).toContain('session id');
  });

  it('runs a loop of commands and feeds their output back', async () => {
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo first-$((1+1))' }, callId: 'c1' }),
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'printf second; exit 3' }, callId: 'c2' }),
      R.text('done'),
    );
    const run = await execJson(t.sb, 'run things');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const cmds = run.events.filter((e) => e.type === 'item.completed' && e.item.type === 'command_execution').map((e) => e.item);
    expect(cmds).toHaveLength(2);
    expect(cmds[0]).toMatchObject({ status: 'completed', exit_code: 0, aggregated_output: 'first-2\n' });
    expect(cmds[0].command).toContain('echo first-$((1+1))');
    expect(cmds[1]).toMatchObject({ status: 'failed', exit_code: 3, aggregated_output: 'second' });
    const started = run.events.filter((e) => e.type === 'item.started' && e.item.type === 'command_execution');
    expect(started[0].item).toMatchObject({ status: 'in_progress', exit_code: null });
    expect(outputOf(t.server.requests[1], 'c1')).toContain('first-2');
    expect(outputOf(t.server.requests[1], 'c1')).toMatch(/Process exited with code 0/);
    expect(outputOf(t.server.requests[2], 'c2')).toMatch(/Process exited with code 3/);
  });

  it('runs parallel calls in one response and returns every output', async () => {
    t.server.enqueue(
      // Each command waits for the other to have started: only concurrent runs see each other.
      R.reply(
        R.functionCall({
          name: 'exec_command',
          arguments: { cmd: 'touch A; for i in $(seq 80); do [ -e B ] && echo saw-B && exit 0; sleep 0.1; done; exit 1' },
          callId: 'pa',
        }),
        R.functionCall({
          name: 'exec_command',
          arguments: { cmd: 'touch B; for i in $(seq 80); do [ -e A ] && echo saw-A && exit 0; sleep 0.1; done; exit 1' },
          callId: 'pb',
        }),
      ),
      R.text('both done'),
    );
    const run = await execJson(t.sb, 'parallel');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const req = t.server.requests[1]!;
    expect(outputOf(req, 'pa')).toContain('saw-B');
    expect(outputOf(req, 'pb')).toContain('saw-A');
    // Outputs follow their calls in order.
    const order = req.body.input.filter((i: any) => i.call_id).map((i: any) => `${i.type}:${i.call_id}`);
    expect(order).toEqual(['function_call:pa', 'function_call:pb', 'function_call_output:pa', 'function_call_output:pb']);
  });

  it('drives a PTY session with write_stdin', async () => {
    t.server.enqueue(
      R.functionCall({ name: 'exec_command', arguments: { cmd: 'read -r line; echo "got:$line"; tty', tty: true, yield_time_ms: 300 }, callId: 't1' }),
      (req) => {
        const out = outputOf(req, 't1') as string;
        const id = /session ID (\d+)/.exec(out)?.[1];
        return R.functionCall({ name: 'write_stdin', arguments: { session_id: Number(id), chars: 'hello\n', yield_time_ms: 1500 }, callId: 't2' });
      },
      R.text('ok'),
    );
    const run = await execJson(t.sb, 'pty');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(outputOf(t.server.requests[1], 't1')).toMatch(/Process running with session ID \d+/);
    const second = outputOf(t.server.requests[2], 't2') as string;
    expect(second).toContain('got:hello');
    expect(second).toMatch(/\/dev\/pts\/\d+/);
    expect(second).toMatch(/Process exited with code 0/);
  });

  it('applies patches: add, update, delete, move', async () => {
    writeFileSync(join(t.sb.workspace, 'keep.txt'), 'one\ntwo\nthree\n');
    writeFileSync(join(t.sb.workspace, 'gone.txt'), 'bye\n');
    writeFileSync(join(t.sb.workspace, 'old.txt'), 'moving\n');
    const patch = [
      '*** Begin Patch',
      '*** Add File: new/added.txt',
      '+hello',
      '*** Update File: keep.txt',
      '@@',
      ' one',
      '-two',
      '+TWO',
      '*** Delete File: gone.txt',
      '*** Update File: old.txt',
      '*** Move to: moved.txt',
      '@@',
      '-moving',
      '+moved',
      '*** End Patch',
    ].join('\n');
    t.server.enqueue(R.customToolCall({ input: patch, callId: 'p1' }), R.text('patched'));
    const run = await execJson(t.sb, 'patch');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(readFileSync(join(t.sb.workspace, 'new/added.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(t.sb.workspace, 'keep.txt'), 'utf8')).toBe('one\nTWO\nthree\n');
    expect(existsSync(join(t.sb.workspace, 'gone.txt'))).toBe(false);
    expect(existsSync(join(t.sb.workspace, 'old.txt'))).toBe(false);
    expect(readFileSync(join(t.sb.workspace, 'moved.txt'), 'utf8')).toBe('moved\n');
    const fc = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'file_change').item;
    expect(fc.status).toBe('completed');
    expect(fc.changes.map((c: any) => c.kind).sort()).toEqual(['add', 'delete', 'update', 'update']);
    const out = outputOf(t.server.requests[1], 'p1') as string;
    expect(out).toContain('Success. Updated the following files:');
    expect(out).toContain('A new/added.txt');
  });

  it('a failing hunk changes nothing and is reported as a failed file_change', async () => {
    writeFileSync(join(t.sb.workspace, 'a.txt'), 'alpha\n');
    writeFileSync(join(t.sb.workspace, 'b.txt'), 'beta\n');
    const patch = [
      '*** Begin Patch',
      '*** Update File: a.txt',
      '@@',
      '-alpha',
      '+ALPHA',
      '*** Update File: b.txt',
      '@@',
      '-not there',
      '+x',
      '*** End Patch',
    ].join('\n');
    t.server.enqueue(R.customToolCall({ input: patch, callId: 'p2' }), R.text('failed'));
    const run = await execJson(t.sb, 'patch');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(readFileSync(join(t.sb.workspace, 'a.txt'), 'utf8')).toBe('alpha\n');
    expect(readFileSync(join(t.sb.workspace, 'b.txt'), 'utf8')).toBe('beta\n');
    const fc = run.events.find((e) => e.type === 'item.completed' && e.item.type === 'file_change').item;
    expect(fc.status).toBe('failed');
    expect(outputOf(t.server.requests[1], 'p2')).toContain('Failed to find expected lines');
  });

  it("answers an unknown tool with Codex's unsupported call text", async () => {
    t.server.enqueue(R.functionCall({ name: 'teleport', arguments: {}, callId: 'u1' }), R.text('ok'));
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(outputOf(t.server.requests[1], 'u1')).toBe('unsupported call: teleport');
  });

  it('emits a todo_list from update_plan', async () => {
    t.server.enqueue(
      R.functionCall({
        name: 'update_plan',
        arguments: {
          plan: [
            { step: 'read', status: 'in_progress' },
            { step: 'write', status: 'pending' },
          ],
        },
        callId: 'pl1',
      }),
      R.functionCall({
        name: 'update_plan',
        arguments: {
          plan: [
            { step: 'read', status: 'completed' },
            { step: 'write', status: 'completed' },
          ],
        },
        callId: 'pl2',
      }),
      R.text('planned'),
    );
    const run = await execJson(t.sb, 'plan');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const todo = run.events.filter((e) => e.item?.type === 'todo_list');
    expect(todo.map((e) => e.type)).toEqual(['item.started', 'item.updated', 'item.completed']);
    expect(todo[2].item.items).toEqual([
      { text: 'read', completed: true },
      { text: 'write', completed: true },
    ]);
    expect(outputOf(t.server.requests[1], 'pl1')).toBe('Plan updated');
  });
});

describe('codex exec: model errors and retries', () => {
  it('retries a 429 honouring Retry-After, and one without it', async () => {
    t.server.enqueue(F.status(429, 'slow down', { retryAfter: 1 }), F.status(429, 'again'), R.text('after 429'));
    const t0 = Date.now();
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(t.server.requests).toHaveLength(3);
    expect(run.events.at(-2).item.text).toBe('after 429');
  });

  it('fails with the t.server message after 500s exhaust the retries', async () => {
    for (let i = 0; i < 20; i++) t.server.enqueue(F.status(500, 'the backend is on fire'));
    const run = await execJson(t.sb, 'x', [], { timeoutMs: 90_000 });
    expect(run.code, run.stderr + run.stdout).toBe(1);
    const failed = run.events.find((e) => e.type === 'turn.failed');
    expect(failed.error.message).toContain('the backend is on fire');
    // request_max_retries = 2 → 3 attempts per request; stream_max_retries = 2 → 3 requests.
    expect(t.server.requests).toHaveLength(9);
    expect(run.events.filter((e) => e.type === 'error').length).toBeGreaterThan(0);
  });

  it('retries a cut stream and reports each retry as an error event', async () => {
    t.server.enqueue(F.cut(R.message('partial'), 2), R.text('whole'));
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.events.filter((e) => e.type === 'error')[0].message).toMatch(/^Reconnecting\.\.\. 1\/2/);
    expect(run.events.find((e) => e.type === 'item.completed').item.text).toBe('whole');
  });

  it('runs a complete tool call received before the stream broke exactly once', async () => {
    const marker = join(t.sb.workspace, 'count.txt');
    t.server.enqueue(
      F.cut(R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: `echo x >> ${marker}` }, callId: 'once' }), R.message('never finished')), 8),
      R.text('resumed'),
    );
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('x\n');
    const retried = t.server.requests[1]!.body.input;
    expect(retried.filter((i: any) => i.call_id === 'once').map((i: any) => i.type)).toEqual(['function_call', 'function_call_output']);
  });

  it('retries a stream that goes idle', async () => {
    t.server.enqueue(F.idle(R.message('stalled'), 2), R.text('recovered'));
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.events.find((e) => e.type === 'error').message).toContain('idle');
  });

  it('reports a malformed SSE line instead of dropping it', async () => {
    t.server.enqueue(F.malformed(R.message('bad')), F.malformed(R.message('bad')), F.malformed(R.message('bad')));
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(1);
    expect(run.events.find((e) => e.type === 'turn.failed').error.message).toMatch(/malformed/i);
  });

  it('fails the turn on a fatal response.failed', async () => {
    t.server.enqueue(F.failed('insufficient_quota', 'You exceeded your current quota.'));
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(1);
    expect(run.events.find((e) => e.type === 'turn.failed').error.message).toContain('You exceeded your current quota.');
    expect(t.server.requests).toHaveLength(1);
  });

  it('does not retry a 400 and shows its message', async () => {
    t.server.enqueue(F.status(400, 'Invalid schema for function exec_command'));
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(1);
    expect(run.events.find((e) => e.type === 'turn.failed').error.message).toContain('Invalid schema for function exec_command');
    expect(t.server.requests).toHaveLength(1);
  });
});

describe('codex exec: context, config and sessions', () => {
  it('sends AGENTS.md from CODEX_HOME and the repo down to the cwd', async () => {
    writeFileSync(join(t.sb.home, 'AGENTS.md'), 'global rule');
    writeFileSync(join(t.sb.workspace, 'AGENTS.md'), 'repo rule');
    mkdirSync(join(t.sb.workspace, 'sub'));
    writeFileSync(join(t.sb.workspace, 'sub', 'AGENTS.md'), 'sub rule');
    t.server.enqueue(R.text('ok'));
    const run = await runCodex(['exec', '--json', '-C', 'sub', 'x'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    const text = JSON.stringify(t.server.requests[0]!.body.input);
    expect(text).toContain(`# AGENTS.md instructions for ${join(t.sb.workspace, 'sub')}`);
    const agents = t.server.requests[0]!.body.input.flatMap((m: any) => m.content ?? [])
      .map((c: any) => c.text)
      .find((t: string) => t?.startsWith('# AGENTS.md'));
    expect(agents.indexOf('global rule')).toBeLessThan(agents.indexOf('repo rule'));
    expect(agents.indexOf('repo rule')).toBeLessThan(agents.indexOf('sub rule'));
  });

  it('applies a profile and then -c overrides', async () => {
    const sb2 = makeSandbox(t.server.baseUrl, {
      extraConfig: 'model_reasoning_effort = "low"\n[profiles.fast]\nmodel = "profile-model"\nmodel_reasoning_effort = "minimal"\n',
    });
    t.server.enqueue(R.text('a'), R.text('b'));
    expect((await execJson(sb2, 'x', ['-p', 'fast'])).code).toBe(0);
    expect(t.server.requests[0]!.body.model).toBe('profile-model');
    expect(t.server.requests[0]!.body.reasoning.effort).toBe('minimal');
    expect((await execJson(sb2, 'x', ['-p', 'fast', '-c', 'model="cli-model"', '-c', 'model_reasoning_effort=high'])).code).toBe(0);
    expect(t.server.requests[1]!.body.model).toBe('cli-model');
    expect(t.server.requests[1]!.body.reasoning.effort).toBe('high');
  });

  it('reports a broken config.toml with file, line and column', async () => {
    writeFileSync(join(t.sb.home, 'config.toml'), 'model = "x"\nsandbox_mode = \n');
    const run = await execJson(t.sb, 'x');
    expect(run.code, run.stderr + run.stdout).toBe(1);
    expect(run.stderr).toContain(join(t.sb.home, 'config.toml'));
    expect(run.stderr).toMatch(/:2:\d+/);
    expect(t.server.requests).toHaveLength(0);
  });

  it('warns about unknown config keys once and still runs', async () => {
    const sb2 = makeSandbox(t.server.baseUrl, { extraConfig: 'no_such_key = 1\n[no_such_table]\nx = 2\n' });
    t.server.enqueue(R.text('ok'));
    const run = await execJson(sb2, 'x');
    expect(run.code, run.stderr).toBe(0);
    const warnings = run.events.filter((e) => e.item?.type === 'error').map((e) => e.item.message);
    expect(warnings.some((w: string) => w.includes('no_such_key'))).toBe(true);
    expect(warnings.filter((w: string) => w.includes('no_such_key'))).toHaveLength(1);
  });

  it('attaches -i images and answers view_image calls with the image', async () => {
    // A 1x1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    writeFileSync(join(t.sb.workspace, 'dot.png'), png);
    t.server.enqueue(R.functionCall({ name: 'view_image', arguments: { path: 'dot.png' }, callId: 'img1' }), R.text('a dot'));
    const run = await execJson(t.sb, 'what is this', ['-i', 'dot.png']);
    expect(run.code, run.stderr).toBe(0);
    const user = t.server.requests[0]!.body.input.at(-1);
    expect(user.content[1]).toEqual({ type: 'input_image', image_url: `data:image/png;base64,${png.toString('base64')}` });
    const out = outputOf(t.server.requests[1], 'img1');
    expect(out).toEqual([{ type: 'input_image', image_url: `data:image/png;base64,${png.toString('base64')}` }]);
  });

  it('refuses to run outside a git repo without --skip-git-repo-check', async () => {
    const sb2 = makeSandbox(t.server.baseUrl, { git: false });
    const run = await runCodex(['exec', 'x'], { cwd: sb2.workspace, env: sb2.env });
    expect(run.code, run.stderr + run.stdout).toBe(1);
    expect(run.stderr).toContain('Not inside a trusted directory and --skip-git-repo-check was not specified.');
  });

  it('reads the prompt from stdin, and appends piped stdin to an argument prompt', async () => {
    t.server.enqueue(R.text('a'), R.text('b'));
    expect((await runCodex(['exec', '--json'], { cwd: t.sb.workspace, env: t.sb.env, input: 'from stdin' })).code).toBe(0);
    expect(t.server.requests[0]!.body.input.at(-1).content[0].text).toBe('from stdin');
    expect((await runCodex(['exec', '--json', 'summarise'], { cwd: t.sb.workspace, env: t.sb.env, input: 'data' })).code).toBe(0);
    expect(t.server.requests[1]!.body.input.at(-1).content[0].text).toBe('summarise\n\n<stdin>\ndata\n</stdin>');
  });

  it('writes a rollout and resumes it with the whole history', async () => {
    t.server.enqueue(R.text('first answer'));
    const first = await execJson(t.sb, 'first question');
    const id = first.events[0].thread_id;
    const day = join(t.sb.home, 'sessions');
    const files = readdirSync(day, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(`${id}.jsonl`));
    expect(files).toHaveLength(1);
    const listed = await runCodex(['resume'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('first question');
    t.server.enqueue(R.text('second answer'));
    const second = await runCodex(['exec', 'resume', '--last', '--json', 'second question'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(second.code, second.stderr + second.stdout).toBe(0);
    expect(second.events[0].thread_id).toBe(id);
    const texts = t.server.requests[1]!.body.input.filter((i: any) => i.type === 'message').map((i: any) => i.content[0].text);
    expect(texts).toContain('first question');
    expect(texts).toContain('first answer');
    expect(texts.at(-1)).toBe('second question');
    t.server.enqueue(R.text('third'));
    const third = await runCodex(['exec', 'resume', id, 'third question', '--json'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(third.code, third.stderr + third.stdout).toBe(0);
    expect(t.server.requests[2]!.body.input.filter((i: any) => i.type === 'message' && i.role === 'user').length).toBeGreaterThanOrEqual(3);
  });

  it('skips a corrupt rollout line on resume with a warning', async () => {
    t.server.enqueue(R.text('first answer'));
    const first = await execJson(t.sb, 'first question');
    const id = first.events[0].thread_id;
    const file = readdirSync(join(t.sb.home, 'sessions'), { recursive: true })
      .map(String)
      .find((f) => f.endsWith(`${id}.jsonl`))!;
    const path = join(t.sb.home, 'sessions', file);
    writeFileSync(path, readFileSync(path, 'utf8') + '{"timestamp":"2026-01-01T00:00:00Z","type":"respo');
    t.server.enqueue(R.text('ok'));
    const run = await runCodex(['exec', 'resume', id, 'again', '--json'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.events.some((e) => e.item?.type === 'error' && /skipped unreadable rollout line/.test(e.item.message))).toBe(true);
  });

  it('writes no rollout with --ephemeral', async () => {
    t.server.enqueue(R.text('x'));
    const run = await execJson(t.sb, 'x', ['--ephemeral']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(existsSync(join(t.sb.home, 'sessions'))).toBe(false);
  });

  it('sends --output-schema as text.format and writes -o', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    writeFileSync(join(t.sb.workspace, 'schema.json'), JSON.stringify(schema));
    t.server.enqueue(R.text('{"answer":"yes"}'));
    const run = await execJson(t.sb, 'x', ['--output-schema', 'schema.json', '-o', 'last.txt']);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(t.server.requests[0]!.body.text.format).toEqual({ type: 'json_schema', name: 'codex_output_schema', strict: true, schema });
    expect(readFileSync(join(t.sb.workspace, 'last.txt'), 'utf8')).toBe('{"answer":"yes"}');
  });

  it('compacts the history when the context fills up and goes on', async () => {
    const sb2 = makeSandbox(t.server.baseUrl, { extraConfig: 'model_auto_compact_token_limit = 1000' });
    t.server.enqueue(
      R.reply(R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo big' }, callId: 'k1' }), { usage: { input: 1500, output: 10 } }),
      R.text('SUMMARY: ran echo big'),
      R.text('finished after compaction'),
    );
    const run = await execJson(sb2, 'do a long task');
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(t.server.requests).toHaveLength(3);
    const summaryReq = t.server.requests[1]!.body;
    expect(summaryReq.tools ?? []).toHaveLength(0);
    const after = t.server.requests[2]!.body.input;
    const texts = JSON.stringify(after);
    expect(texts).toContain('SUMMARY: ran echo big');
    expect(texts).toContain('do a long task');
    expect(after.some((i: any) => i.call_id === 'k1')).toBe(false);
    expect(run.events.find((e) => e.type === 'item.completed' && e.item.type === 'agent_message').item.text).toBe('finished after compaction');
  });
});
