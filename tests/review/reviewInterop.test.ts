// A review whose reviewer runs a command, put through the reference Codex
// 0.169 app-server and ours with the same scripted model: the review turn's
// finished items come in the same order with the same command item, and the
// reviewer is offered the reference's tools (less its request_user_input).
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { responses as R } from '../support/scriptedServer.js';
import { scriptedSuite } from '../support/cli.js';
import { AppServerClient } from '../support/appServerClient.js';
import { makeRepo } from '../support/gitRepo.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';

const t = scriptedSuite();
const FINDINGS = { findings: [], overall_correctness: 'patch is correct', overall_explanation: 'Fine.', overall_confidence_score: 0.9 };

async function reviewWithCommand(bin: string | undefined): Promise<{ completed: any[]; toolNames: string[] }> {
  const repo = makeRepo().repo;
  fs.appendFileSync(path.join(repo, 'a.txt'), 'four\n');
  const client = AppServerClient.spawn(t.sb, { bin });
  try {
    await client.initialized;
    const th = await client.request('thread/start', { cwd: repo, sandbox: 'read-only' });
    const before = t.server.requests.length;
    t.server.enqueue(R.functionCall({ name: 'exec_command', arguments: { cmd: 'git diff' }, callId: 'call_diff' }), R.message(JSON.stringify(FINDINGS)));
    const from = client.notifications.length;
    const started = await client.request('review/start', { threadId: th.result.thread.id, target: { type: 'uncommittedChanges' } });
    expect(started.error).toBeUndefined();
    await client.waitFor((n) => n.method === 'turn/completed', 60_000);
    const completed = client.notifications
      .slice(from)
      .filter((n) => n.method === 'item/completed')
      .map((n) => n.params.item);
    return { completed, toolNames: t.server.requests[before]!.body.tools.map((tool: any) => tool.name) };
  } finally {
    client.close();
  }
}

describe('review/start interop', () => {
  it.skipIf(!codexReferenceBin())(
    `the reviewer's command shows in the review turn as the reference shows it${codexReferenceBin() ? '' : ` (${CODEX_REFERENCE_MISSING})`}`,
    async () => {
      const ref = await reviewWithCommand(codexReferenceBin()!);
      const ours = await reviewWithCommand(undefined);
      const types = (items: any[]) => items.map((i) => i.type);
      expect(types(ours.completed)).toEqual(types(ref.completed));
      expect(types(ours.completed)).toEqual(['enteredReviewMode', 'userMessage', 'commandExecution', 'exitedReviewMode', 'agentMessage']);
      const command = (items: any[]) => {
        const c = items.find((i) => i.type === 'commandExecution');
        return {
          id: c.id,
          status: c.status,
          exitCode: c.exitCode,
          commandActions: c.commandActions,
          aggregatedOutput: c.aggregatedOutput.replace(/index \w+\.\.\w+/, ''),
        };
      };
      expect(command(ours.completed)).toEqual(command(ref.completed));
      expect(ours.completed.at(-1).text).toBe(ref.completed.at(-1).text);
      expect(ref.toolNames.filter((n) => n !== 'request_user_input')).toEqual(ours.toolNames);
    },
    120_000,
  );
});
