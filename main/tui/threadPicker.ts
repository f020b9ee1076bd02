// The /resume list (also what `codex resume` opens on): saved threads, newest
// first, loaded a page at a time as the highlight nears the end, and searched
// on the server too, so a session among thousands is reachable by scrolling or
// by typing a word of its first message.
import type { Thread } from '../../shared/protocol/types.js';
import { matchingItems, openPicker, type Picker, type PickerItem } from './picker.js';
import type { TuiSession } from './session.js';

/** Rows left below the highlight when the next page is asked for. */
const LOAD_AHEAD = 40;

function ago(unixSeconds: number, now = Date.now()): string {
  const s = Math.max(0, Math.round(now / 1000 - unixSeconds));
  const [n, unit] =
    s < 60 ? [s, 'second'] : s < 3600 ? [Math.floor(s / 60), 'minute'] : s < 86400 ? [Math.floor(s / 3600), 'hour'] : [Math.floor(s / 86400), 'day'];
  return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
}

function threadItem(t: Thread): PickerItem {
  const title = (t.name ?? t.preview).replace(/\s+/g, ' ').trim() || '(no message yet)';
  return {
    value: t.id,
    label: ago(t.updatedAt),
    description: title,
    search: `${t.preview} ${t.name ?? ''} ${t.id}`,
    preview: [t.preview.replace(/\s+/g, ' ').trim(), `${t.id} · ${t.cwd}`],
  };
}

/** The first page of the list; null when nothing is saved (but the current thread). */
export async function resumePicker(session: TuiSession, id: 'resume' | 'resume-startup', all = false): Promise<Picker | null> {
  const current = session.state.settings?.threadId;
  const page = await session.threadPage({ all });
  const threads = page.data.filter((t) => t.id !== current);
  if (threads.length === 0 && !page.nextCursor) return null;
  return openPicker({
    id,
    title: 'Resume a previous session',
    subtitle: all ? 'All directories' : `Sessions in ${session.state.settings?.cwd ?? session.launchCwd ?? 'this directory'}`,
    items: threads.map(threadItem),
    query: '',
    paging: { all, nextCursor: page.nextCursor, searched: '', found: [] },
  });
}

/**
 * What the list needs from the server now, as a change to apply to the picker
 * as it will be then (the user keeps typing and moving meanwhile); null when
 * nothing is missing: a search not asked yet, or the next page when the
 * highlight is near the end of an unfiltered list.
 */
export async function moreForThreadPicker(session: TuiSession, picker: Picker): Promise<((p: Picker) => Picker) | null> {
  const paging = picker.paging;
  if (!paging || (picker.id !== 'resume' && picker.id !== 'resume-startup')) return null;
  const others = (threads: Thread[]) => threads.filter((t) => t.id !== session.state.settings?.threadId);
  const query = picker.query?.trim() ?? '';
  if (query && paging.searched !== query) {
    const found = others((await session.threadPage({ all: paging.all, searchTerm: query })).data).map(threadItem);
    return (p) => (p.paging && p.query?.trim() === query ? { ...p, paging: { ...p.paging, searched: query, found } } : p);
  }
  if (query || !paging.nextCursor || picker.index < matchingItems(picker).length - LOAD_AHEAD) return null;
  const cursor = paging.nextCursor;
  const page = await session.threadPage({ all: paging.all, cursor });
  return (p) => {
    if (!p.paging || p.paging.nextCursor !== cursor) return p; // loaded already
    const known = new Set(p.items.map((i) => i.value));
    const added = others(page.data).filter((t) => !known.has(t.id));
    return { ...p, items: [...p.items, ...added.map(threadItem)], paging: { ...p.paging, nextCursor: page.nextCursor } };
  };
}
