// The schema-checked rollout read path (main/core/session/rolloutSchema.ts):
// a rollout the reference Codex 0.169 wrote reads with no line dropped or
// changed and resumes through our CLI; lines of a known kind whose payload has
// the wrong shape are dropped with a warning naming file and line, never
// reach the model, and stay in the file as they were.
import { describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readRollout } from '../../main/core/session/rollout.js';
import { runCodex, scriptedSuite } from '../support/cli.js';
import { CODEX_REFERENCE_MISSING, codexReferenceBin } from '../support/codexReference.js';
import { runReferenceCodex } from '../support/referenceCli.js';
import { responses as R } from '../support/scriptedServer.js';

const t = scriptedSuite();
const REFERENCE = codexReferenceBin();
const FLAGS = ['--json', '--skip-git-repo-check', '-s', 'danger-full-access'];

function onlyRollout(home: string): string {
  const root = join(home, 'sessions');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.jsonl'));
  expect(files).toHaveLength(1);
  return join(root, files[0]!);
}

const threadIdOf = (path: string) => /([0-9a-f-]{36})\.jsonl$/.exec(path)![1]!;

/** A turn of the reference Codex with reasoning, a shell call and an answer: every line kind it writes. */
async function referenceRollout(bin: string): Promise<string> {
  t.server.enqueue(
    R.reply(R.reasoning('thinking'), R.functionCall({ name: 'exec_command', arguments: { cmd: 'echo hi' }, callId: 'call_ref' })),
    R.message('done'),
  );
  const run = await runReferenceCodex(bin, ['exec', ...FLAGS, 'say ok'], { cwd: t.sb.workspace, env: t.sb.env });
  expect(run.code, run.stderr).toBe(0);
  return onlyRollout(t.sb.home);
}

const warningsOf = (events: any[]): string[] => events.filter((e) => e.item?.type === 'error').map((e) => e.item.message as string);

describe.skipIf(!REFERENCE)(`a rollout written by Codex 0.169 (${REFERENCE ?? CODEX_REFERENCE_MISSING})`, () => {
  it('reads with every line kept as written and no warning, and resumes with its history', async () => {
    const path = await referenceRollout(REFERENCE!);
    const written = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    const parsed = readRollout(path);
    expect(parsed.warnings).toEqual([]);
    // Every line, each record serialising back to the very text Codex wrote (fork and revert copy records as read).
    expect(parsed.lines.map((l) => JSON.stringify(l.record))).toEqual(written);
    // The kinds our readers use are all recognised (Codex's world_state and token_usage_record are kept unread).
    const read = new Set(parsed.lines.flatMap((l) => (l.item ? [l.item.type] : [])));
    expect([...read].sort()).toEqual(['event_msg', 'response_item', 'session_meta', 'turn_context']);
    expect(parsed.meta?.id).toBe(threadIdOf(path));

    t.server.enqueue(R.message('resumed'));
    const before = t.server.requests.length;
    const res = await runCodex(['exec', 'resume', threadIdOf(path), 'again', ...FLAGS], { cwd: t.sb.workspace, env: t.sb.env });
    expect(res.code, res.stderr).toBe(0);
    expect(warningsOf(res.events)).toEqual([]);
    const input: any[] = t.server.requests[before]!.body.input;
    expect(input.some((i) => i.type === 'message' && i.role === 'user' && i.content[0].text === 'say ok')).toBe(true);
    expect(input.filter((i) => i.call_id === 'call_ref').map((i) => i.type)).toEqual(['function_call', 'function_call_output']);
    expect(input.some((i) => i.type === 'reasoning' && i.summary[0].text === 'thinking')).toBe(true);
  }, 120_000);
});

describe('a rollout with wrong-shaped payloads', () => {
  it('drops each such line with a warning naming file and line, sends none of it, and resumes; the file keeps every line', async () => {
    t.server.enqueue(R.text('first answer'));
    const first = await runCodex(['exec', ...FLAGS, 'first'], { cwd: t.sb.workspace, env: t.sb.env });
    expect(first.code, first.stderr).toBe(0);
    const path = onlyRollout(t.sb.home);
    const lineCount = readFileSync(path, 'utf8').split('\n').length - 1;
    const ts = new Date().toISOString();
    // Each is valid JSON of a known line kind whose payload breaks its schema; the old reader took them all.
    const wrong = [
      {
        timestamp: ts,
        type: 'compacted',
        payload: { message: 5, replacement_history: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'JUNK-compacted' }] }] },
      },
      { timestamp: ts, type: 'turn_context', payload: { turn_id: 't-junk', cwd: 42, approval_policy: 'never', sandbox_policy: {}, model: 'JUNK-model' } },
      { timestamp: ts, type: 'session_meta', payload: { id: 7, timestamp: ts, cwd: '/JUNK' } },
      { timestamp: ts, type: 'event_msg', payload: { type: 'task_complete', turn_id: 'JUNK-turn', duration_ms: 'slow' } },
      { timestamp: ts, type: 'event_msg', payload: { type: 'item_completed', thread_id: 'x', turn_id: 'JUNK-turn', item: 'JUNK-item' } },
      { timestamp: ts, type: 'response_item', payload: { type: 'reasoning', id: 'rs_junk', summary: 'JUNK-summary' } },
      { timestamp: 12, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'JUNK-timestamp' }] } },
    ];
    // Kinds the reader does not use are kept unread: no warning, never sent.
    const unread = [
      { timestamp: ts, type: 'world_state', payload: { JUNK_unread: true } },
      { timestamp: ts, type: 'event_msg', payload: { type: 'thread_settings_applied', JUNK_unread: true } },
    ];
    appendFileSync(path, [...wrong, ...unread].map((l) => JSON.stringify(l) + '\n').join(''));
    const onDisk = readFileSync(path, 'utf8');

    t.server.reset();
    t.server.enqueue(R.text('ok'));
    const res = await runCodex(['exec', 'resume', threadIdOf(path), 'again', ...FLAGS], { cwd: t.sb.workspace, env: t.sb.env });
    expect(res.code, res.stderr).toBe(0);
    expect(t.server.requests[0]!.rawBody).not.toContain('JUNK');
    const input: any[] = t.server.requests[0]!.body.input;
    expect(input.some((i) => i.type === 'message' && i.content[0]?.text === 'first answer')).toBe(true);
    const warnings = warningsOf(res.events);
    wrong.forEach((_, i) =>
      expect(
        warnings.filter((w) => w.startsWith(`${path}:${lineCount + 1 + i}: skipped rollout line: `)),
        `line ${lineCount + 1 + i}: ${warnings.join('\n')}`,
      ).toHaveLength(1),
    );
    expect(warnings.filter((w) => w.startsWith(`${path}:`))).toHaveLength(wrong.length);
    // Named field by field, e.g. "turn_context: cwd: expected string, received number".
    expect(warnings).toContainEqual(`${path}:${lineCount + 2}: skipped rollout line: turn_context: cwd: expected string, received number`);
    // Nothing was dropped from or rewritten in the file: it only grew by the resumed turn.
    expect(readFileSync(path, 'utf8').startsWith(onDisk)).toBe(true);
  }, 60_000);
});
