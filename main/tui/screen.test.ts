import { describe, expect, it } from 'vitest';
import { fullScreen, type UiState } from './screen.js';
import { emptyTranscript, reduce } from './transcript.js';
import { emptyComposer } from './composer.js';
import { lineText } from './styledLine.js';
import type { SessionState } from './session.js';

const ui: UiState = { composer: emptyComposer(), scroll: 0, quitArmed: false };

function stateWith(text: string): SessionState {
  const transcript = reduce(emptyTranscript(), {
    method: 'item/completed',
    params: { threadId: 't', turnId: 'u', item: { type: 'agentMessage', id: 'a', text }, completedAtMs: 0 },
  });
  return {
    transcript,
    approvals: [],
    fatal: null,
    queued: [],
    settings: { model: 'gpt-5.5', effort: null, cwd: '/w', approvalPolicy: 'on-request', sandbox: 'read-only', threadId: 't' },
  };
}

describe('fullScreen', () => {
  it('fills exactly the rows, rewraps to the width, composer and status at the bottom', () => {
    const state = stateWith('word '.repeat(60) + 'END');
    for (const columns of [100, 50]) {
      const { lines } = fullScreen(state, ui, { columns, rows: 20 });
      const text = lines.map(lineText);
      expect(text).toHaveLength(20);
      expect(Math.max(...text.map((t) => t.length))).toBeLessThanOrEqual(columns);
      expect(text.at(-1)).toMatch(/^gpt-5\.5 · \/w/);
      expect(text.filter((t) => t.includes('word')).length).toBe(Math.ceil(305 / (columns - 2)));
    }
  });
});
