import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUMMARY_FULL_READ_BYTES, summarizeRollout, summarizeRolloutForIndex } from './rollout.js';

function rollout(lines: object[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'codex-rollout-')), 'rollout-2026-11-24T00-00-00-0190a6a4-0000-7000-8000-000000000001.jsonl');
  writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

const meta = {
  timestamp: '2026-11-24T10:00:00.000Z',
  type: 'session_meta',
  payload: {
    id: 'abc',
    timestamp: '2026-11-24T10:00:00.000Z',
    cwd: '/work/a',
    cli_version: '0.1.0',
    source: 'exec',
    model_provider: 'openai',
    model: 'gpt-5.5',
  },
};
const user = { timestamp: '2026-11-24T10:00:01.000Z', type: 'event_msg', payload: { type: 'user_message', message: 'fix the tests' } };

describe('summarizeRollout', () => {
  it('summarises a long session from its head and tail: first prompt, latest cwd, model and time', () => {
    const filler = Array.from({ length: 3000 }, (_, i) => ({
      timestamp: '2026-11-24T10:05:00.000Z',
      type: 'response_item',
      payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `line ${i} ${'x'.repeat(100)}` }] },
    }));
    const last = { timestamp: '2026-11-24T11:30:00.000Z', type: 'turn_context', payload: { cwd: '/work/b', model: 'gpt-5.5-mini' } };
    const file = rollout([meta, user, ...filler, last]);
    const s = summarizeRollout(file)!;
    expect(s).toMatchObject({ id: 'abc', cwd: '/work/a', lastCwd: '/work/b', model: 'gpt-5.5-mini', preview: 'fix the tests', source: 'exec' });
    expect(s.updatedAt).toBe(Date.parse(last.timestamp) / 1000);
    expect(s.createdAt).toBe(Date.parse(meta.timestamp) / 1000);
  });

  it('reads a short session in full, skipping corrupt lines', () => {
    const file = rollout([meta, user]);
    writeFileSync(file, '{"truncated\n', { flag: 'a' });
    expect(summarizeRollout(file)).toMatchObject({ id: 'abc', preview: 'fix the tests', lastCwd: '/work/a' });
    expect(SUMMARY_FULL_READ_BYTES).toBeGreaterThan(1000);
  });

  it('is undefined without a session_meta line', () => {
    expect(summarizeRollout(rollout([user]))).toBeUndefined();
  });

  it('takes the latest time from lines it does not parse, but not from a line still being written', () => {
    const answer = (at: string) => ({ timestamp: at, type: 'response_item', payload: { type: 'message', role: 'assistant', content: [] } });
    const file = rollout([meta, user, answer('2026-11-24T10:20:00.000Z'), answer('2026-11-24T10:10:00.000Z')]);
    appendFileSync(file, JSON.stringify(answer('2026-11-24T12:00:00.000Z')).slice(0, 80));
    expect(summarizeRollout(file)?.updatedAt).toBe(Date.parse('2026-11-24T10:20:00.000Z') / 1000);
  });

  it('tells whether the preview came from the first 64 KiB, which appends never change', () => {
    const filler = (n: number) =>
      Array.from({ length: n }, () => ({
        timestamp: '2026-11-24T10:00:00.500Z',
        type: 'response_item',
        payload: { type: 'reasoning', text: 'x'.repeat(1000) },
      }));
    expect(summarizeRolloutForIndex(rollout([meta, user, ...filler(100)]))).toMatchObject({ previewInHead: true });
    // 100 KB before the first prompt: read in full (under 256 KiB), but not from the head a longer file is read by.
    const late = summarizeRolloutForIndex(rollout([meta, ...filler(100), user]));
    expect(late).toMatchObject({ summary: { preview: 'fix the tests' }, previewInHead: false });
    expect(summarizeRolloutForIndex(rollout([meta, ...filler(100)]))).toMatchObject({ summary: { preview: '' }, previewInHead: false });
  });
});
