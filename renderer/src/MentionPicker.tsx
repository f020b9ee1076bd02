// The composer's `@` file picker: while the cursor is in an `@token`, the
// thread folder's files are searched (a fuzzyFileSearch session per open
// picker, shared/pickerFileSearch.ts: a newer keystroke supersedes the older
// search) and listed above the input
// with the matched letters marked; ↑/↓ move, Enter or Tab inserts the path
// (mentions.ts), Escape closes until the token changes.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement, type RefObject } from 'react';
import { PickerFileSearch, type FileMatch } from '../../shared/pickerFileSearch.js';
import { atTokenAt, insertMention, type AtToken } from './mentions.js';

/** Numbers each picker's search session (one window can open many pickers over time). */
let searchSessions = 0;
const SHOWN = 8;

export interface MentionPicker {
  /** True when the key was the picker's (the composer must not act on it). */
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): boolean;
  /** Call on every input and cursor move. */
  onCursor(): void;
  popup: ReactElement | null;
}

export function useMentionPicker(input: RefObject<HTMLTextAreaElement | null>, text: string, setText: (t: string) => void, root: string | null): MentionPicker {
  const [token, setToken] = useState<AtToken | null>(null);
  const [files, setFiles] = useState<FileMatch[]>([]);
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState<string | null>(null);

  const onCursor = () => {
    const el = input.current;
    if (!el) return;
    const t = el.selectionStart === el.selectionEnd ? atTokenAt(el.value, el.selectionStart) : null;
    setToken((old) => (old && t && old.start === t.start && old.end === t.end && old.query === t.query ? old : t));
  };

  const query = token?.query ?? null;
  // One search session while the picker is open (from the '@'), stopped when it closes.
  const search = useRef<PickerFileSearch | null>(null);
  const pickerOpen = query !== null && root !== null;
  useEffect(() => {
    if (!pickerOpen || !root) return;
    const s = new PickerFileSearch(
      (method, params) => window.codex.request(method, params),
      `composer-mentions-${++searchSessions}`,
      [root],
      (_query, found) => {
        setFiles(found);
        setSelected(0);
      },
    );
    search.current = s;
    const off = window.codex.onNotification((n) => s.notified(n));
    return () => {
      off();
      s.close();
      search.current = null;
      setFiles([]);
    };
  }, [pickerOpen, root]);
  useEffect(() => {
    if (query !== null) search.current?.search(query);
  }, [query, pickerOpen, root]);

  const key = token ? `${token.start}:${token.query}` : null;
  const open = token !== null && key !== dismissed;

  const choose = (f: FileMatch) => {
    const el = input.current;
    if (!token || !el) return;
    const next = insertMention(text, token, f.path);
    setText(next.text);
    setToken(null);
    placeCursor.current = next;
  };
  // The cursor goes after the inserted path as soon as React has put the new
  // text in, before the next key is handled (a frame later, on a busy
  // machine, it would pull back the cursor from under what was typed since).
  const placeCursor = useRef<{ text: string; cursor: number } | null>(null);
  useLayoutEffect(() => {
    const el = input.current;
    const place = placeCursor.current;
    if (!el || !place || el.value !== place.text) return;
    placeCursor.current = null;
    el.focus();
    el.setSelectionRange(place.cursor, place.cursor);
  }, [text, input]);

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (!open) return false;
    const shown = files.slice(0, SHOWN);
    if (e.key === 'Escape') {
      setDismissed(key);
    } else if (e.key === 'ArrowDown' && shown.length) {
      setSelected((i) => (i + 1) % shown.length);
    } else if (e.key === 'ArrowUp' && shown.length) {
      setSelected((i) => (i - 1 + shown.length) % shown.length);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && !e.shiftKey && shown[selected]) {
      choose(shown[selected]);
    } else return false;
    e.preventDefault();
    return true;
  };

  const popup = open ? (
    <div className="mention-picker" role="listbox" aria-label="Files">
      {query === '' ? (
        <div className="mention-hint">Type to search files</div>
      ) : files.length === 0 ? (
        <div className="mention-hint">No matching files</div>
      ) : (
        files.slice(0, SHOWN).map((f, i) => (
          <div
            key={`${f.root}\0${f.path}`}
            role="option"
            aria-selected={i === selected}
            className={`mention-option${i === selected ? ' selected' : ''}`}
            // mousedown, not click: the textarea must keep its focus and cursor.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(f);
            }}
          >
            <Highlighted path={f.path} indices={f.indices ?? []} />
            {f.match_type === 'directory' && <span className="mention-kind">folder</span>}
          </div>
        ))
      )}
    </div>
  ) : null;

  return { onKeyDown, onCursor, popup };
}

function Highlighted({ path, indices }: { path: string; indices: number[] }) {
  const marked = new Set(indices);
  const parts: ReactElement[] = [];
  let run = '';
  let runMarked = false;
  const flush = (i: number) => {
    if (run) parts.push(runMarked ? <mark key={i}>{run}</mark> : <span key={i}>{run}</span>);
    run = '';
  };
  for (let i = 0; i < path.length; i++) {
    const m = marked.has(i);
    if (m !== runMarked) {
      flush(i);
      runMarked = m;
    }
    run += path[i];
  }
  flush(path.length);
  return <span className="mention-path">{parts}</span>;
}
