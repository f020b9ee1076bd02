// The official @openai/codex-sdk drives our CLI (codexPathOverride) end to end:
// it spawns `codex exec --experimental-json …`, writes the prompt to stdin and
// parses our JSONL events.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Codex } from '@openai/codex-sdk';
import { startScriptedServer, responses as R, type ScriptedServer } from './support/scriptedServer.js';
import { CODEX_BIN, makeSandbox } from './support/cli.js';

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});

it('runs a thread with a command and a final answer through the official SDK', async () => {
  const sb = makeSandbox(server.baseUrl);
  server.enqueue(
    R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo sdk-was-here' }, callId: 'sdk1' }),
    R.reply(R.message('The command printed sdk-was-here.'), { usage: { input: 50, output: 9 } }),
  );
  const codex = new Codex({ codexPathOverride: CODEX_BIN, env: sb.env as Record<string, string> });
  const thread = codex.startThread({ workingDirectory: sb.workspace, skipGitRepoCheck: true, sandboxMode: 'danger-full-access', approvalPolicy: 'never' });
  const result = await thread.run('run echo and tell me what it printed');
  expect(result.finalResponse).toBe('The command printed sdk-was-here.');
  const cmd = result.items.find((i) => i.type === 'command_execution');
  expect(cmd).toMatchObject({ type: 'command_execution', status: 'completed', exit_code: 0 });
  expect((cmd as { aggregated_output: string }).aggregated_output).toBe('sdk-was-here\n');
  expect(thread.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(result.usage).toMatchObject({ input_tokens: 60, output_tokens: 14 });
  // The SDK passed the prompt on stdin.
  expect(server.requests[0]!.body.input.at(-1).content[0].text).toBe('run echo and tell me what it printed');
}, 60_000);
