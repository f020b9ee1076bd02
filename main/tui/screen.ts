// The whole screen as lines, computed from the session state and the UI state:
// transcript viewport on top, then the approval prompt or slash-command popup,
// the composer, and the status line. Pure, so layout is tested without a
// terminal; the Ink view only prints these rows.
import { homedir } from 'node:os';
import type { Cell } from './transcript.js';
import { contextLeftPercent } from './transcript.js';
import { displayCommand, viewportLines } from './cellLines.js';
import { span, truncateLine, wrapLine, type Line } from './styledLine.js';
import { graphemes } from './textWidth.js';
import { emptyComposer, historyMatches, type Composer } from './composer.js';
import type { PendingApproval, SessionState } from './session.js';
import { slashMatches } from './slashCommands.js';
import { pickerLines, type Picker } from './picker.js';
import { trustPromptLines } from './trustPrompt.js';
import { mentionAtCursor, searchFiles } from './fileMentions.js';

export interface UiState {
  composer: Composer;
  /** Rows scrolled up from the newest (alt screen only). */
  scroll: number;
  /** The first Ctrl-C was pressed: the next one quits. */
  quitArmed: boolean;
  /** A selection popup shown instead of the composer (/resume, /permissions). */
  picker?: Picker | null;
  /** Ctrl-R: searching the sent prompts; `skip` older matches passed over with Ctrl-R again. */
  historySearch?: { query: string; skip: number } | null;
  /** The project's files for `@` mentions, once listed. */
  files?: readonly string[] | null;
  /** Highlighted row of the `@` popup. */
  mentionIndex?: number;
}

/** The `@` popup's rows for the word at the cursor (empty when there is none). */
export function mentionMatches(ui: UiState): string[] {
  const m = ui.files ? mentionAtCursor(ui.composer) : null;
  return m ? searchFiles(ui.files!, m.query) : [];
}

export const initialUiState = (): UiState => ({ composer: emptyComposer(), scroll: 0, quitArmed: false });

export interface ScreenSize {
  columns: number;
  rows: number;
}

export function composerLines(c: Composer, width: number): Line[] {
  const g = graphemes(c.text);
  const rows: Line[] = [];
  // Logical lines of the text, the cursor drawn as an inverse cell.
  let current: Line = [];
  const pushCursor = () => current.push(span(' ', { inverse: true }));
  if (g.length === 0) {
    pushCursor();
    current.push(span('Ask Codex to do anything', { dim: true }));
  }
  for (let i = 0; i < g.length; i++) {
    const ch = g[i]!;
    if (ch === '\n') {
      if (i === c.cursor) pushCursor();
      rows.push(current);
      current = [];
      continue;
    }
    current.push(i === c.cursor ? span(ch, { inverse: true }) : span(ch));
  }
  if (g.length > 0 && c.cursor >= g.length) pushCursor();
  rows.push(current);
  return rows.flatMap((l, i) => wrapLine([span(i === 0 ? '› ' : '  ', { bold: true }), ...merge(l)], width, [span('  ')]));
}

/** Joins neighbouring unstyled spans (one span per grapheme is slow to draw). */
function merge(line: Line): Line {
  const out: Line = [];
  for (const s of line) {
    const prev = out.at(-1);
    if (prev && !prev.style && !s.style) prev.text += s.text;
    else out.push({ ...s });
  }
  return out;
}

export function approvalLines(a: PendingApproval, width: number): Line[] {
  const rows: Line[] = [];
  const title =
    a.kind === 'command'
      ? 'Would you like to run the following command?'
      : a.kind === 'patch'
        ? 'Would you like to make the following edits?'
        : `Allow the ${a.server} MCP server to run a tool?`;
  rows.push([span(title, { bold: true })]);
  if (a.kind === 'command') {
    const cmd = displayCommand(a.command).split('\n');
    cmd.slice(0, 6).forEach((l, i) => rows.push(...wrapLine([span(i === 0 ? '  $ ' : '    ', { dim: true }), span(l)], width, [span('    ')])));
    if (cmd.length > 6) rows.push([span(`    … +${cmd.length - 6} lines`, { dim: true })]);
  } else if (a.kind === 'patch') {
    for (const f of a.files.slice(0, 6)) rows.push(...wrapLine([span('  '), span(f)], width));
    if (a.files.length > 6) rows.push([span(`  … +${a.files.length - 6} files`, { dim: true })]);
  } else {
    rows.push(...wrapLine([span('  '), span(a.message)], width, [span('  ')]));
  }
  if (a.kind !== 'mcp' && a.reason) rows.push(...wrapLine([span('  Reason: ', { dim: true }), span(a.reason, { italic: true })], width, [span('  ')]));
  const session = a.kind !== 'mcp' || a.sessionOffered;
  rows.push([
    span('  '),
    span('y', { bold: true, color: 'cyan' }),
    span(' Yes   '),
    ...(session ? [span('a', { bold: true, color: 'cyan' }), span(' Yes, for this session   ')] : []),
    span('n', { bold: true, color: 'cyan' }),
    span(' / '),
    span('Esc', { bold: true, color: 'cyan' }),
    span(' No'),
  ]);
  return rows;
}

export function statusLine(state: SessionState, width: number): Line {
  const s = state.settings;
  if (!s) return truncateLine([span(state.fatal ? 'session failed to start' : 'Starting…', { dim: true })], width);
  const home = homedir();
  const cwd = s.cwd === home ? '~' : s.cwd.startsWith(home + '/') ? `~${s.cwd.slice(home.length)}` : s.cwd;
  const left = contextLeftPercent(state.transcript.tokenUsage);
  const parts = [`${s.model}${s.effort ? ` ${s.effort}` : ''}`, cwd, `sandbox: ${s.sandbox}`, `approval: ${s.approvalPolicy}`, `${left ?? 100}% context left`];
  return truncateLine([span(parts.join(' · '), { dim: true })], width);
}

/** Everything below the transcript. */
export function bottomLines(state: SessionState, ui: UiState, width: number, maxRows = 24): Line[] {
  const rows: Line[] = [];
  const approval = state.approvals[0];
  if (state.transcript.turnId && !approval)
    rows.push([span('• ', { color: 'cyan' }), span('Working', { bold: true }), span(' (Esc to interrupt)', { dim: true })]);
  if (ui.quitArmed) rows.push([span('Press Ctrl-C again to quit', { dim: true })]);
  rows.push([]);
  if (state.trust) {
    rows.push(...trustPromptLines(state.trust, width));
  } else if (approval) {
    rows.push(...approvalLines(approval, width));
  } else if (ui.picker) {
    rows.push(...pickerLines(ui.picker, width, maxRows - rows.length - 1));
  } else if (ui.historySearch) {
    const match = historyMatches(ui.composer, ui.historySearch.query)[ui.historySearch.skip];
    rows.push(
      ...wrapLine(
        [
          span(match === undefined && ui.historySearch.query ? 'failing reverse-i-search: ' : 'reverse-i-search: ', { dim: true }),
          span(ui.historySearch.query, { bold: true }),
          span(' ', { inverse: true }),
          span('  '),
          span(match ?? ''),
        ],
        width,
        [span('  ')],
      ),
    );
    rows.push([span('  Enter to use it · Ctrl-R for an older one · Esc to cancel', { dim: true })]);
  } else {
    for (const q of state.queued) rows.push(truncateLine([span('↳ queued: ', { dim: true }), span(q.replace(/\s+/g, ' '), { italic: true })], width));
    if (state.queued.length) rows.push([span('  (sent when the current turn completes)', { dim: true })]);
    rows.push(...composerLines(ui.composer, width));
    const files = mentionMatches(ui);
    files.forEach((f, i) =>
      rows.push(
        truncateLine(
          [
            span(i === (ui.mentionIndex ?? 0) ? '› ' : '  ', { color: 'cyan' }),
            span(f, i === (ui.mentionIndex ?? 0) ? { color: 'cyan', bold: true } : undefined),
          ],
          width,
        ),
      ),
    );
    for (const c of slashMatches(ui.composer.text))
      rows.push(truncateLine([span(`  /${c.name}`.padEnd(16), { color: 'cyan' }), span(c.description, { dim: true })], width));
  }
  rows.push(statusLine(state, width));
  return rows;
}

/** The full-screen layout: exactly `rows` lines, the newest transcript rows above the composer. */
export function fullScreen(state: SessionState, ui: UiState, size: ScreenSize): { lines: Line[]; maxScroll: number } {
  const width = size.columns;
  const bottom = bottomLines(state, ui, width, size.rows - 2);
  const height = Math.max(1, size.rows - bottom.length);
  const view = viewportLines(state.transcript.cells, width, height, ui.scroll);
  const pad: Line[] = Array.from({ length: height - view.lines.length }, () => []);
  const lines = [...pad, ...view.lines, ...bottom].slice(-size.rows);
  return { lines, maxScroll: view.maxScroll };
}

/** Inline mode: cells still changing above the composer; finished cells go to the scrollback. */
export function liveArea(state: SessionState, ui: UiState, live: readonly Cell[], size: ScreenSize): Line[] {
  const width = size.columns;
  const bottom = bottomLines(state, ui, width, size.rows - 2);
  const height = Math.max(1, size.rows - bottom.length - 1);
  const view = viewportLines(live, width, height, 0);
  return [...view.lines, ...bottom];
}
