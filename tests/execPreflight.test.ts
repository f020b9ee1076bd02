// What `codex exec` refuses before anything reaches the model server or the
// disk: a prompt over Codex's 1,048,576-character limit, a provider whose
// env_key variable is unset, and an OpenAI provider with no key at all.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCodex, scriptedSuite } from './support/cli.js';
import { AppServerClient } from './support/appServerClient.js';
import { responses as R } from './support/scriptedServer.js';

const t = scriptedSuite();
const FLAGS = ['--json', '--skip-git-repo-check', '-s', 'danger-full-access'];
const LIMIT = 1_048_576;

function rollouts(home: string): string[] {
  const root = join(home, 'sessions');
  return existsSync(root)
    ? readdirSync(root, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.jsonl'))
        .map((f) => join(root, f))
    : [];
}

describe('prompt size limit', () => {
  it('refuses a prompt one character over the limit before sending or storing anything', async () => {
    const run = await runCodex(['exec', ...FLAGS, '-'], { cwd: t.sb.workspace, env: t.sb.env, input: 'a'.repeat(LIMIT + 1) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `Error: turn/start: turn/start failed: Input exceeds the maximum length of ${LIMIT} characters. (code -32602), data: {"input_error_code":"input_too_large","max_chars":${LIMIT},"actual_chars":${LIMIT + 1}}`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(t.server.requests).toHaveLength(0);
    expect(rollouts(t.sb.home)).toEqual([]);
  }, 60_000);

  it('counts characters, not UTF-16 units: 1,048,576 emoji are accepted', async () => {
    t.server.enqueue(R.text('ok'));
    const run = await runCodex(['exec', ...FLAGS, '-'], { cwd: t.sb.workspace, env: t.sb.env, input: '😀'.repeat(LIMIT) });
    expect(run.code, run.stderr).toBe(0);
    expect(t.server.requests).toHaveLength(1);
  }, 60_000);

  it('leaves a resumed session untouched when the new prompt is too long', async () => {
    t.server.enqueue(R.text('first answer'));
    expect((await runCodex(['exec', ...FLAGS, 'first'], { cwd: t.sb.workspace, env: t.sb.env })).code).toBe(0);
    const [path] = rollouts(t.sb.home);
    const before = readFileSync(path!, 'utf8');
    const id = /([0-9a-f-]{36})\.jsonl$/.exec(path!)![1]!;
    const run = await runCodex(['exec', ...FLAGS, 'resume', id, '-'], { cwd: t.sb.workspace, env: t.sb.env, input: 'b'.repeat(LIMIT + 10) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Input exceeds the maximum length of 1048576 characters.');
    expect(t.server.requests).toHaveLength(1);
    expect(readFileSync(path!, 'utf8')).toBe(before);
  }, 60_000);

  it("app-server: turn/start answers -32602 with Codex's message, sends nothing, stores no user message", async () => {
    const client = AppServerClient.spawn(t.sb);
    try {
      await client.initialized;
      const started = await client.request('thread/start', { cwd: t.sb.workspace });
      const threadId = started.result.thread.id;
      const [path] = rollouts(t.sb.home);
      const before = readFileSync(path!, 'utf8');
      const turn = await client.request('turn/start', {
        threadId,
        input: [
          { type: 'text', text: 'x'.repeat(LIMIT - 1) },
          { type: 'text', text: 'yz' },
        ],
      });
      expect(turn.error).toEqual({
        code: -32602,
        message: `Input exceeds the maximum length of ${LIMIT} characters.`,
        data: { input_error_code: 'input_too_large', max_chars: LIMIT, actual_chars: LIMIT + 1 },
      });
      expect(readFileSync(path!, 'utf8')).toBe(before);
      // The thread is still usable with a prompt within the limit.
      t.server.enqueue(R.text('fine'));
      const ok = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'short' }] });
      expect(ok.result.turn.status).toBe('inProgress');
      await client.waitFor((n) => n.method === 'turn/completed');
      expect(t.server.requests).toHaveLength(1);
    } finally {
      client.close();
    }
  }, 60_000);
});

describe('missing credentials', () => {
  it("names the provider's unset env_key variable and sends nothing (Codex's text)", async () => {
    const env = { ...t.sb.env };
    delete env.MOCK_API_KEY;
    const run = await runCodex(['exec', ...FLAGS, 'hi'], { cwd: t.sb.workspace, env });
    expect(run.code).toBe(1);
    const message = 'Missing environment variable: `MOCK_API_KEY`.';
    expect(run.events.map((e) => e.type).filter((type) => !type.startsWith('item.'))).toEqual(['thread.started', 'turn.started', 'error', 'turn.failed']);
    expect(run.events.find((e) => e.type === 'error')?.message).toBe(message);
    expect(run.events.find((e) => e.type === 'turn.failed')?.error.message).toBe(message);
    expect(t.server.requests).toHaveLength(0);
  }, 60_000);

  it('adds env_key_instructions to the message', async () => {
    const cfg = join(t.sb.home, 'config.toml');
    writeFileSync(
      cfg,
      readFileSync(cfg, 'utf8').replace(
        'env_key = "MOCK_API_KEY"',
        'env_key = "MOCK_API_KEY"\nenv_key_instructions = "Create one at https://example.test/keys."',
      ),
    );
    const env = { ...t.sb.env, MOCK_API_KEY: '  ' };
    const run = await runCodex(['exec', ...FLAGS, 'hi'], { cwd: t.sb.workspace, env });
    expect(run.code).toBe(1);
    expect(run.events.find((e) => e.type === 'turn.failed')?.error.message).toBe(
      'Missing environment variable: `MOCK_API_KEY`. Create one at https://example.test/keys.',
    );
    expect(t.server.requests).toHaveLength(0);
  }, 60_000);

  it('with no OpenAI key anywhere, says how to log in and sends nothing; with one, it is sent', async () => {
    writeFileSync(join(t.sb.home, 'config.toml'), `model = "gpt-5.5"\nopenai_base_url = "${t.server.baseUrl}"\n`);
    const env = { ...t.sb.env };
    delete env.MOCK_API_KEY;
    const run = await runCodex(['exec', ...FLAGS, 'hi'], { cwd: t.sb.workspace, env });
    expect(run.code).toBe(1);
    const failed = run.events.find((e) => e.type === 'turn.failed')?.error.message as string;
    expect(failed).toContain('`codex login');
    expect(failed).toContain('OPENAI_API_KEY');
    expect(t.server.requests).toHaveLength(0);

    t.server.enqueue(R.text('hello'));
    const ok = await runCodex(['exec', ...FLAGS, 'hi'], { cwd: t.sb.workspace, env: { ...env, OPENAI_API_KEY: 'sk-real' } });
    expect(ok.code, ok.stderr).toBe(0);
    expect(t.server.requests[0]!.headers.authorization).toBe('Bearer sk-real');
  }, 60_000);
});
