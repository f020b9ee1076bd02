// What the model is told about a tool call cut short by turn/interrupt: the
// next request carries Codex 0.169's synthesized output for it, "Wall time: X
// seconds\naborted by user" for a command, checked against the reference itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, responses as R, type ScriptedServer } from '../support/scriptedServer.js';
import { makeSandbox } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { codexReferenceBin } from '../support/codexReference.js';

const REFERENCE = codexReferenceBin();

let server: ScriptedServer;
beforeAll(async () => {
  server = await startScriptedServer();
});
afterAll(async () => {
  await server.close();
});

/** Interrupts a turn whose command sleeps, starts another, and returns the output the model got for the call. */
async function interruptedOutput(bin: string | undefined): Promise<string> {
  server.reset();
  const sb = makeSandbox(server.baseUrl);
  const client = AppServerClient.spawn(sb, { bin });
  try {
    await client.initialized;
    server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'sleep 30', yield_time_ms: 30000 }, callId: 'slow' }), R.text('ok'));
    const { result } = await client.request('thread/start', { cwd: sb.workspace });
    const threadId = result.thread.id;
    const { result: t } = await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'wait' }] });
    await client.waitFor((n) => n.method === 'item/started' && n.params.item.type === 'commandExecution');
    await new Promise((r) => setTimeout(r, 300));
    await client.request('turn/interrupt', { threadId, turnId: t.turn.id });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id === t.turn.id);
    await client.request('turn/start', { threadId, input: [{ type: 'text', text: 'again' }] });
    await client.waitFor((n) => n.method === 'turn/completed' && n.params.turn.id !== t.turn.id);
    const next = server.requests[server.requests.length - 1]!.body.input as any[];
    const out = next.find((i) => i.type === 'function_call_output' && i.call_id === 'slow');
    return typeof out?.output === 'string' ? out.output : JSON.stringify(out);
  } finally {
    client.close();
  }
}

describe('an interrupted tool call', () => {
  it('reads "Wall time: X seconds\\naborted by user" to the model, as in Codex 0.169', async () => {
    const ours = await interruptedOutput(undefined);
    expect(ours).toMatch(/^Wall time: \d+\.\d seconds\naborted by user$/);
    expect(Number(ours.match(/(\d+\.\d)/)![1])).toBeGreaterThanOrEqual(0.1);
  }, 60_000);

  it.skipIf(!REFERENCE)(
    'matches the reference Codex 0.169 in form',
    async () => {
      const theirs = await interruptedOutput(REFERENCE!);
      const ours = await interruptedOutput(undefined);
      const shape = (s: string) => s.replace(/\d+\.\d/g, 'N');
      expect(shape(ours)).toBe(shape(theirs));
    },
    90_000,
  );
});
