// What a key press means in the current state. Pure: returns the action the
// app performs, so every binding is tested without a terminal.
import type { Key } from 'ink';
import * as C from './composer.js';
import type { ApprovalChoice, PendingApproval } from './session.js';
import { slashMatches } from './slashCommands.js';
import * as P from './picker.js';
import type { PickerId } from './picker.js';
import { mentionMatches, type UiState } from './screen.js';
import { mentionAtCursor } from './fileMentions.js';
import { trustKey, type TrustChoice, type TrustPrompt } from './trustPrompt.js';

export type Action =
  | { type: 'ui'; ui: UiState }
  | { type: 'submit'; text: string; ui: UiState }
  | { type: 'approve'; id: number; choice: ApprovalChoice }
  | { type: 'interrupt'; ui: UiState }
  | { type: 'quit' }
  | { type: 'queue'; text: string; ui: UiState }
  | { type: 'editor' }
  | { type: 'pick'; id: PickerId; value: string; ui: UiState }
  | { type: 'cancelPicker'; id: PickerId; ui: UiState }
  | { type: 'trust'; next: TrustPrompt | TrustChoice }
  | { type: 'none' };

export interface KeyContext {
  ui: UiState;
  approval: PendingApproval | undefined;
  /** The folder-trust question, while it is asked: it takes every key. */
  trust?: TrustPrompt | null;
  running: boolean;
  /** Rows a page scroll moves. */
  page: number;
  maxScroll: number;
}

export function keyAction(input: string, key: Key, ctx: KeyContext): Action {
  if (ctx.trust) return { type: 'trust', next: trustKey(ctx.trust, input, key) };
  const ui = { ...ctx.ui, quitArmed: false };
  const edit = (composer: C.Composer): Action => ({ type: 'ui', ui: { ...ui, composer, scroll: 0, mentionIndex: 0 } });

  if (key.ctrl && input === 'c') {
    if (ctx.ui.quitArmed) return { type: 'quit' };
    // The first Ctrl-C clears the prompt, or stops the running turn, and arms the quit.
    const armed: UiState = { ...ctx.ui, quitArmed: true, composer: C.emptyComposer(ctx.ui.composer.history) };
    return ctx.running ? { type: 'interrupt', ui: armed } : { type: 'ui', ui: armed };
  }
  if (key.ctrl && input === 'd' && ctx.ui.composer.text === '') return { type: 'quit' };

  const approval = ctx.approval;
  if (approval) {
    if (key.escape || input === 'n') return { type: 'approve', id: approval.id, choice: 'decline' };
    if (input === 'y') return { type: 'approve', id: approval.id, choice: 'accept' };
    if (input === 'a' && (approval.kind !== 'mcp' || approval.sessionOffered)) return { type: 'approve', id: approval.id, choice: 'acceptForSession' };
    return { type: 'none' };
  }

  if (ctx.ui.picker) return pickerKey(input, key, ctx.ui.picker, ui);
  if (ctx.ui.historySearch) return historySearchKey(input, key, ctx.ui.historySearch, ui);
  if (key.ctrl && input === 'r') return { type: 'ui', ui: { ...ui, historySearch: { query: '', skip: 0 } } };

  if (key.escape) return ctx.running ? { type: 'interrupt', ui } : { type: 'ui', ui };
  if (key.pageUp) return { type: 'ui', ui: { ...ui, scroll: Math.min(ctx.maxScroll, ctx.ui.scroll + ctx.page) } };
  if (key.pageDown) return { type: 'ui', ui: { ...ui, scroll: Math.max(0, ctx.ui.scroll - ctx.page) } };

  const c = ctx.ui.composer;
  const files = mentionMatches(ctx.ui);
  if (files.length) {
    const index = Math.min(ctx.ui.mentionIndex ?? 0, files.length - 1);
    if (key.upArrow) return { type: 'ui', ui: { ...ui, mentionIndex: (index - 1 + files.length) % files.length } };
    if (key.downArrow) return { type: 'ui', ui: { ...ui, mentionIndex: (index + 1) % files.length } };
    if (key.tab || key.return) return edit(insertMention(c, files[index]!));
  }
  if (key.return) {
    // A command being typed is completed to the highlighted match first.
    const matches = slashMatches(c.text);
    const text = matches.length > 0 && !matches.some((m) => `/${m.name}` === c.text) ? `/${matches[0]!.name}` : c.text;
    const { text: sent, next } = C.submit({ ...c, text });
    if (!sent) return { type: 'none' };
    return { type: 'submit', text: sent, ui: { ...ui, composer: next, scroll: 0 } };
  }
  if (key.tab) {
    const matches = slashMatches(c.text);
    if (matches.length) return edit(C.move({ ...c, text: `/${matches[0]!.name} ` }, 'end'));
    // Tab while a turn runs queues the message for when it completes.
    const { text, next } = C.submit(c);
    if (ctx.running && text) return { type: 'queue', text, ui: { ...ui, composer: next, scroll: 0 } };
    return { type: 'none' };
  }
  if (key.upArrow) return edit(C.historyUp(c));
  if (key.downArrow) return edit(C.historyDown(c));
  if (key.leftArrow) return edit(C.move(c, 'left'));
  if (key.rightArrow) return edit(C.move(c, 'right'));
  if (key.home || (key.ctrl && input === 'a')) return edit(C.move(c, 'home'));
  if (key.end || (key.ctrl && input === 'e')) return edit(C.move(c, 'end'));
  // Terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return edit(C.backspace(c));
  if (key.ctrl && input === 'u') return edit(C.emptyComposer(c.history));
  if (key.ctrl && input === 'w') return edit(C.deleteWordBack(c));
  if (key.ctrl && input === 'j') return edit(C.insert(c, '\n'));
  if (key.ctrl && input === 'g') return { type: 'editor' };
  if (key.ctrl || key.meta) return { type: 'none' };
  if (input) return edit(C.insert(c, input));
  return { type: 'none' };
}

/** The `@word` at the cursor becomes the picked path (and a space). */
function insertMention(c: C.Composer, path: string): C.Composer {
  const m = mentionAtCursor(c)!;
  const g = [...C.graphemesOf(c.text)];
  // One space after the path (the one already there, else a new one).
  const after = g.slice(c.cursor);
  const text = [...g.slice(0, m.start), path, ...(/^\s/.test(after[0] ?? '') ? [] : [' ']), ...after].join('');
  return { ...c, text, cursor: m.start + C.graphemesOf(path).length + 1, historyIndex: null };
}

/** Keys while Ctrl-R searches the sent prompts. */
function historySearchKey(input: string, key: Key, search: { query: string; skip: number }, ui: UiState): Action {
  const c = ui.composer;
  const set = (next: { query: string; skip: number }): Action => ({ type: 'ui', ui: { ...ui, historySearch: next } });
  if (key.escape || (key.ctrl && input === 'g')) return { type: 'ui', ui: { ...ui, historySearch: null } };
  if (key.return) {
    const match = C.historyMatches(c, search.query)[search.skip];
    return { type: 'ui', ui: { ...ui, historySearch: null, composer: match === undefined ? c : C.withDraft(c, match) } };
  }
  if (key.ctrl && input === 'r')
    return C.historyMatches(c, search.query).length > search.skip + 1 ? set({ ...search, skip: search.skip + 1 }) : { type: 'none' };
  if (key.backspace || key.delete) return set({ query: [...search.query].slice(0, -1).join(''), skip: 0 });
  if (key.ctrl || key.meta || !input) return { type: 'none' };
  return set({ query: search.query + input.replace(/[\x00-\x1f\x7f]/g, ''), skip: 0 });
}

/** Keys while a selection popup is open: move, search, pick with Enter (or its number), Esc to close. */
function pickerKey(input: string, key: Key, picker: P.Picker, ui: UiState): Action {
  const closed: UiState = { ...ui, picker: null };
  const withPicker = (next: P.Picker): Action => ({ type: 'ui', ui: { ...ui, picker: next } });
  if (key.escape) return { type: 'cancelPicker', id: picker.id, ui: closed };
  if (key.upArrow || (key.ctrl && input === 'p')) return withPicker(P.movePicker(picker, -1));
  if (key.downArrow || (key.ctrl && input === 'n')) return withPicker(P.movePicker(picker, 1));
  if (key.return && picker.freeText !== undefined) {
    // Empty instructions are not sent: the prompt stays open.
    const text = (picker.query ?? '').trim();
    return text ? { type: 'pick', id: picker.id, value: text, ui: closed } : { type: 'none' };
  }
  if (key.return) {
    const item = P.selectedItem(picker);
    return item ? { type: 'pick', id: picker.id, value: item.value, ui: closed } : { type: 'none' };
  }
  if (key.backspace || key.delete) return withPicker(P.backspaceInPicker(picker));
  if (key.ctrl || key.meta || !input) return { type: 'none' };
  if (picker.query === null) {
    const item = /^[1-9]$/.test(input) ? P.matchingItems(picker)[Number(input) - 1] : undefined;
    return item ? { type: 'pick', id: picker.id, value: item.value, ui: closed } : { type: 'none' };
  }
  return withPicker(P.typeInPicker(picker, input));
}

const EDIT_CONTROLS = /[\x7f\x08\x03]/;

/**
 * Keys typed faster than Ink reads them arrive as one chunk ("\x7f\x7f/status"):
 * Ink then reports the whole string as typed text. Backspace and Ctrl-C in such
 * a chunk are split out as the key presses they are; the text between stays text.
 */
export function splitChunk(input: string, key: Key): { input: string; key: Key }[] {
  const plain: Key = { ...key, backspace: false, delete: false, ctrl: false, meta: false, return: false, escape: false, tab: false };
  // A one-line chunk ending in Enter ("/quit\r") is text typed ahead and then Enter;
  // a chunk with a line break inside stays text (a pasted block must not submit).
  if (input.length > 1 && input.endsWith('\r') && !input.slice(0, -1).includes('\r')) {
    return [...splitChunk(input.slice(0, -1), plain), { input: '\r', key: { ...plain, return: true } }];
  }
  if (input.length <= 1 || !EDIT_CONTROLS.test(input)) return [{ input, key }];
  const out: { input: string; key: Key }[] = [];
  let text = '';
  for (const ch of input) {
    if (!EDIT_CONTROLS.test(ch)) {
      text += ch;
      continue;
    }
    if (text) out.push({ input: text, key: plain });
    text = '';
    out.push(ch === '\x03' ? { input: 'c', key: { ...plain, ctrl: true } } : { input: '', key: { ...plain, backspace: true } });
  }
  if (text) out.push({ input: text, key: plain });
  return out;
}
