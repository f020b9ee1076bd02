// Call pairing, rollout line checks and the recorder's all-or-nothing writes,
// on real files (and /dev/full, which answers every write with ENOSPC).
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResponseItem } from '../model/types.js';
import { pairCallsWithOutputs } from './callPairing.js';
import { RolloutRecorder, historyFromRollout, readRollout } from './rollout.js';
import { responseItemProblem } from './rolloutSchema.js';

const call = (id: string, itemId?: string): ResponseItem => ({
  type: 'function_call',
  ...(itemId ? { id: itemId } : {}),
  name: 'exec_command',
  arguments: '{}',
  call_id: id,
});
const custom = (id: string, itemId?: string): ResponseItem => ({
  type: 'custom_tool_call',
  ...(itemId ? { id: itemId } : {}),
  name: 'apply_patch',
  input: 'p',
  call_id: id,
});
const out = (id: string, output = 'ok'): ResponseItem => ({ type: 'function_call_output', call_id: id, output });
const user = (text: string): ResponseItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

describe('pairCallsWithOutputs', () => {
  it('inserts "aborted" right after each unanswered call, of the call\'s kind', () => {
    const { items } = pairCallsWithOutputs([user('go'), call('a'), custom('b'), out('c0'), user('next')]);
    expect(items).toEqual([
      user('go'),
      call('a'),
      { type: 'function_call_output', call_id: 'a', output: 'aborted' },
      custom('b'),
      { type: 'custom_tool_call_output', call_id: 'b', output: 'aborted' },
      user('next'),
    ]);
  });

  it("gives a made-up output Codex's stable id, derived from the call's item id", () => {
    const { items } = pairCallsWithOutputs([call('call_k', 'fc_0001'), custom('call_c', 'ctc_0002')]);
    // The ids Codex 0.169 sent for these two calls after a kill.
    expect(items[1]).toEqual({ type: 'function_call_output', id: 'fco_b5688745-58ba-5ecb-8975-515dca57e641', call_id: 'call_k', output: 'aborted' });
    expect(items[3]).toEqual({ type: 'custom_tool_call_output', id: 'ctco_1e7c6d61-55a4-50bd-b9d9-8336cdcca3d6', call_id: 'call_c', output: 'aborted' });
  });

  it('keeps answered parallel calls as they are, and drops outputs that come first or twice', () => {
    const history = [call('a'), call('b'), out('a'), out('b')];
    expect(pairCallsWithOutputs(history).items).toEqual(history);
    const { items, repairs } = pairCallsWithOutputs([out('x'), call('x'), out('x'), out('x')]);
    expect(items).toEqual([call('x'), out('x')]);
    expect(repairs).toHaveLength(2);
  });
});

describe('responseItemProblem', () => {
  it('accepts the items we write and names what is wrong with others', () => {
    for (const ok of [call('a'), custom('b'), out('a'), user('hi'), { type: 'reasoning', id: 'r', summary: [], encrypted_content: 'e' }]) {
      expect(responseItemProblem(ok)).toBeUndefined();
    }
    expect(responseItemProblem({ type: 'function_call', name: 'x' })).toBe(
      'arguments: expected string, received undefined; call_id: expected string, received undefined',
    );
    expect(responseItemProblem({ type: 'message', role: 'user', content: 'x' })).toBe('content: expected array, received string');
    expect(responseItemProblem({ type: 'message', role: 'user', content: [{ type: 'input_text' }] })).toBe(
      'content.0.text: expected string, received undefined',
    );
    expect(responseItemProblem({ type: 'web_search_call' })).toMatch(/unsupported item type "web_search_call"/);
    expect(responseItemProblem([1])).toBe('expected object, received array');
  });
});

describe('RolloutRecorder', () => {
  it('starts on a new line when reopening a file cut mid-line, so the fragment never merges', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollout-'));
    const path = join(dir, 'rollout.jsonl');
    const whole = JSON.stringify({ timestamp: 't', type: 'response_item', payload: user('kept') });
    writeFileSync(path, `${whole}\n{"timestamp":"t","type":"respo`);
    const rec = RolloutRecorder.reopen(path, 1);
    rec.append({ type: 'response_item', payload: user('after') });
    rec.close();
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(lines[1]).toBe('{"timestamp":"t","type":"respo');
    expect(JSON.parse(lines[2]!).payload).toEqual(user('after'));
    const parsed = readRollout(path);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatch(new RegExp(`^${path}:2: skipped unreadable rollout line \\((?!torn)`));
    expect(historyFromRollout(parsed)).toEqual([user('kept'), user('after')]);
  });

  it('reports a torn last line as such', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollout-'));
    const path = join(dir, 'rollout.jsonl');
    writeFileSync(path, '{"type":"event_msg","payload":{"type":"x"}}\n{"type":"ev');
    expect(readRollout(path).warnings).toEqual([`${path}:2: skipped unreadable rollout line (torn last line: the file ends mid-record)`]);
  });

  it.skipIf(!existsSync('/dev/full'))('keeps a failed write as an error naming the file, and writes nothing after it', () => {
    const rec = RolloutRecorder.reopen('/dev/full', 0);
    expect(() => rec.append({ type: 'event_msg', payload: { type: 'task_started' } })).not.toThrow();
    expect(rec.failure?.message).toBe('Failed to save the conversation transcript to /dev/full: no space left on device (ENOSPC)');
    expect(() => rec.throwIfFailed()).toThrow(rec.failure!);
    rec.close();
  });
});
