// The Ink view: prints the rows screen.ts computes and turns key presses into
// actions (keymap.ts). All layout and decisions live in those pure modules.
import { createElement as h, useEffect, useMemo, useRef, useState, useSyncExternalStore, type ReactElement } from 'react';
import { Box, Static, Text, useApp, useInput, useStdin, type Key } from 'ink';
import type { Line } from './styledLine.js';
import type { TuiSession } from './session.js';
import type { Cell } from './transcript.js';
import { fullScreen, initialUiState, liveArea, type ScreenSize, type UiState } from './screen.js';
import { keyAction, splitChunk } from './keymap.js';
import { runPicked, runPickerCancelled, runSubmitted, type SubmitContext } from './runCommand.js';
import { moreForThreadPicker, resumePicker as listForResume } from './threadPicker.js';
import * as C from './composer.js';
import { mentionAtCursor } from './fileMentions.js';
import { editInExternalEditor, type EditorTerminal } from './externalEditor.js';
import { cellLines } from './cellLines.js';

export interface AppProps {
  session: TuiSession;
  /** Full screen (alternate screen) or inline with the terminal's scrollback. */
  fullscreen: boolean;
  /** The prompt given on the command line, sent once the session started. */
  initialPrompt: string | undefined;
  /** Images (-i) attached to the initial prompt. */
  images: string[];
  screenSize: ReturnType<typeof screenSizeStore>;
  /** The terminal, for handing it to an external editor (Ctrl-G) and taking it back. */
  terminal: EditorTerminal & { env: NodeJS.ProcessEnv; clear: () => void };
  /** `codex resume` in a terminal: open on the list of saved sessions (every directory's with `all`) instead of a new one. */
  resumePicker?: { all: boolean };
}

function LineRow({ line }: { line: Line }): ReactElement {
  if (line.length === 0) return h(Text, null, ' ');
  return h(
    Text,
    { wrap: 'truncate-end' },
    ...line.map((s, i) =>
      s.style
        ? h(
            Text,
            {
              key: i,
              color: s.style.color,
              bold: s.style.bold,
              dimColor: s.style.dim,
              italic: s.style.italic,
              underline: s.style.underline,
              inverse: s.style.inverse,
            },
            s.text,
          )
        : s.text,
    ),
  );
}

const rows = (lines: Line[]) => h(Box, { flexDirection: 'column' }, ...lines.map((line, i) => h(LineRow, { key: i, line })));

/**
 * The terminal size as a store. The new layout is drawn once Ink has handled
 * the same resize event itself (it clears and redraws the old tree); drawing
 * it from inside that event raced with Ink's own redraw and could be lost.
 */
export function screenSizeStore(stdout: NodeJS.WriteStream): { get: () => ScreenSize; subscribe: (fn: () => void) => () => void } {
  let size: ScreenSize = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const listeners = new Set<() => void>();
  stdout.on('resize', () => {
    setImmediate(() => {
      size = { columns: stdout.columns || 80, rows: stdout.rows || 24 };
      for (const fn of listeners) fn();
    });
  });
  return {
    get: () => size,
    subscribe: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export function App({ session, fullscreen, initialPrompt, images, screenSize, resumePicker, terminal }: AppProps): ReactElement {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const size = useSyncExternalStore(screenSize.subscribe, screenSize.get);
  const app = useApp();
  // A ref, not only state: keys that arrive in one chunk are handled before React re-renders.
  const uiRef = useRef<UiState>(initialUiState());
  const [, redraw] = useState(0);
  const setUi = (next: UiState) => {
    uiRef.current = next;
    redraw((n) => n + 1);
  };
  const ui = uiRef.current;
  const quitting = useRef(false);
  const quit = () => {
    if (quitting.current) return;
    quitting.current = true;
    app.exit();
  };
  const context = (attach: string[] = [], picked?: SubmitContext['picked']): SubmitContext => ({
    session,
    quit,
    images: attach,
    picked,
    env: terminal.env,
    openPicker: (picker) => setUi({ ...uiRef.current, picker }),
    setDraft: (text) => setUi({ ...uiRef.current, composer: C.move({ ...C.emptyComposer(uiRef.current.composer.history), text }, 'end') }),
  });
  const reportError = (err: unknown) => session.notice('error', [`■ ${(err as Error)?.message ?? String(err)}`]);
  const submit = (text: string, attach: string[] = []) => void runSubmitted(text, context(attach)).catch(reportError);

  // `codex resume`: the list opens once the core is loaded; with nothing saved, a new session starts.
  useEffect(() => {
    if (!resumePicker) return;
    void (async () => {
      await session.whenAttached;
      const picker = await listForResume(session, 'resume-startup', resumePicker.all);
      if (picker) return setUi({ ...uiRef.current, picker });
      session.notice('info', ['• No saved sessions to resume here: starting a new one.']);
      await session.startThread();
    })().catch(reportError);
  }, []);

  // The resume list asks the server for the next page near its end and searches
  // it as the user types (after a pause, so a typed word is one request).
  const picker = ui.picker;
  useEffect(() => {
    if (!picker?.paging) return;
    const timer = setTimeout(
      () =>
        void moreForThreadPicker(session, picker)
          .then((change) => {
            const now = uiRef.current.picker;
            if (change && now && now.id === picker.id) setUi({ ...uiRef.current, picker: change(now) });
          })
          .catch(reportError),
      picker.query ? 150 : 0,
    );
    return () => clearTimeout(timer);
  }, [picker?.index, picker?.query, picker?.paging]);

  // Earlier sessions' prompts (history.jsonl) come before this session's for Up and Ctrl-R.
  useEffect(() => {
    void session.savedPrompts.then((saved) => {
      if (saved.length === 0) return;
      const c = uiRef.current.composer;
      setUi({ ...uiRef.current, composer: { ...c, history: [...saved, ...c.history], historyIndex: null } });
    });
  }, []);

  // The command-line prompt goes out as soon as there is a thread to send it to.
  const sentInitial = useRef(false);
  useEffect(() => {
    if (state.settings && initialPrompt && !sentInitial.current) {
      sentInitial.current = true;
      submit(initialPrompt, images);
    }
  }, [state.settings]);

  // An @ mention asks the server (a fuzzyFileSearch session, .gitignore respected) as it is
  // typed; each keystroke's search supersedes the one before; the session ends with the mention.
  useEffect(() => {
    const mention = mentionAtCursor(ui.composer);
    const cwd = session.state.settings?.cwd ?? session.launchCwd;
    if (!mention || !cwd) return session.endFileSearch();
    session.searchFiles(mention.query, cwd, (files) => {
      if (mentionAtCursor(uiRef.current.composer)?.query === mention.query) setUi({ ...uiRef.current, files });
    });
  }, [ui.composer.text]);

  // The last screen's scroll range, for PageUp.
  const screen = useMemo(() => (fullscreen ? fullScreen(state, ui, { columns: size.columns, rows: size.rows - 1 }) : null), [fullscreen, state, ui, size]);

  // Focus reports (CSI ?1004h) are read raw: Ink hands them to useInput as the
  // text "[I" / "[O", which a paste could also be. This listener runs first.
  const { internal_eventEmitter: rawInput } = useStdin();
  const focusReport = useRef(false);
  useEffect(() => {
    const onRaw = (raw: string) => {
      focusReport.current = raw === '\x1b[I' || raw === '\x1b[O';
      if (focusReport.current) session.onFocus?.(raw === '\x1b[I');
    };
    rawInput?.on('input', onRaw);
    return () => void rawInput?.removeListener('input', onRaw);
  }, [rawInput]);

  useInput((chunk, key) => {
    if (focusReport.current) return;
    for (const press of splitChunk(chunk, key)) handleKey(press.input, press.key);
  });

  function handleKey(input: string, key: Key): void {
    const now = session.getState();
    const action = keyAction(input, key, {
      ui: uiRef.current,
      approval: now.approvals[0],
      trust: now.trust,
      running: now.transcript.turnId !== null,
      page: Math.max(1, size.rows - 8),
      maxScroll: screen?.maxScroll ?? 0,
    });
    switch (action.type) {
      case 'ui':
        setUi(action.ui);
        return;
      case 'submit':
        setUi(action.ui);
        submit(action.text);
        return;
      case 'approve':
        session.answer(action.id, action.choice);
        return;
      case 'trust':
        session.updateTrust(action.next);
        return;
      case 'interrupt':
        setUi(action.ui);
        void session.interrupt().catch((err: unknown) => session.notice('error', [`■ ${(err as Error).message}`]));
        return;
      case 'quit':
        quit();
        return;
      case 'editor': {
        const r = editInExternalEditor(uiRef.current.composer.text, terminal.env, terminal);
        // The screen was the editor's: Ink draws the whole frame again.
        terminal.clear();
        if ('error' in r) {
          setUi({ ...uiRef.current });
          session.notice('error', [`■ ${r.error}`]);
        } else setUi({ ...uiRef.current, composer: C.withDraft(uiRef.current.composer, r.text) });
        return;
      }
      case 'queue':
        setUi(action.ui);
        session.queueMessage(action.text);
        return;
      case 'pick': {
        const picked = uiRef.current.picker ?? undefined;
        setUi(action.ui);
        void runPicked(action.id, action.value, context([], picked)).catch(reportError);
        return;
      }
      case 'cancelPicker':
        setUi(action.ui);
        void runPickerCancelled(action.id, context()).catch(reportError);
        return;
    }
  }

  if (screen) return rows(screen.lines);
  return h(InlineView, { state, ui, size });
}

/** The app as an element, so its caller need not load React itself. */
export const appElement = (props: AppProps): ReactElement => h(App, props);

interface Printed {
  id: number;
  lines: Line[];
}

/** Inline mode: finished cells are printed once into the scrollback (Static); the rest stays live. */
function InlineView({ state, ui, size }: { state: ReturnType<TuiSession['getState']>; ui: UiState; size: ScreenSize }): ReactElement {
  const printed = useRef<{ keys: Set<Cell>; items: Printed[] }>({ keys: new Set(), items: [] });
  const cells = state.transcript.cells;
  let firstLive = cells.findIndex((c) => !c.done);
  if (firstLive < 0) firstLive = cells.length;
  for (const cell of cells.slice(0, firstLive)) {
    if (printed.current.keys.has(cell)) continue;
    printed.current.keys.add(cell);
    printed.current.items.push({ id: printed.current.items.length, lines: [...cellLines(cell, size.columns), []] });
  }
  const live = cells.slice(firstLive);
  return h(
    Box,
    { flexDirection: 'column' },
    h(Static<Printed>, {
      items: [...printed.current.items],
      children: (item: Printed) => h(Box, { key: item.id, flexDirection: 'column' }, ...item.lines.map((line, i) => h(LineRow, { key: i, line }))),
    }),
    rows(liveArea(state, ui, live, { columns: size.columns, rows: size.rows - 1 })),
  );
}
