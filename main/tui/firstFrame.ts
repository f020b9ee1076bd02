// The first frame, painted with plain ANSI as soon as the arguments are read:
// Ink, React and the agent core take several hundred milliseconds to load, and
// a person who typed `codex` should see the UI at once. It is the exact frame
// Ink draws first (same layout functions, same empty state), so when Ink takes
// over and draws from the same cursor position nothing visibly changes.
import { ansiLine } from './ansiLines.js';
import { fullScreen, initialUiState, liveArea, type ScreenSize } from './screen.js';
import type { SessionState } from './session.js';

export function paintFirstFrame(out: NodeJS.WriteStream, state: SessionState, fullscreen: boolean): void {
  const size: ScreenSize = { columns: out.columns || 80, rows: (out.rows || 24) - 1 };
  const ui = initialUiState();
  const lines = fullscreen ? fullScreen(state, ui, size).lines : liveArea(state, ui, [], size);
  // Cursor hidden (as Ink keeps it), the rows, then back to where the first row
  // starts: Ink's first render writes from there over the same text.
  const back = lines.length > 1 ? `\r\x1b[${lines.length - 1}A` : '\r';
  out.write(`\x1b[?25l${lines.map(ansiLine).join('\n')}${back}`);
}
