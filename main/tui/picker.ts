// A selection popup over the composer (the /resume and /permissions lists):
// numbered rows, the highlighted one marked with ›, a second column for the
// description, optional search by typing, and a preview of the highlighted
// row. Pure: the keymap moves it, screen.ts draws it.
import { span, truncateLine, wrapLine, type Line } from './styledLine.js';

/** Which list it is: what Enter and Esc do depends on it (runCommand.ts). */
export type PickerId = 'resume' | 'resume-startup' | 'permissions' | 'review' | 'review-branch' | 'review-commit' | 'review-custom';

export interface PickerItem {
  value: string;
  label: string;
  description?: string;
  /** Text the search matches, besides the label. */
  search?: string;
  /** Rows shown under the list while this item is highlighted. */
  preview?: string[];
}

export interface Picker {
  id: PickerId;
  title: string;
  /** The second title line (e.g. how to search). */
  subtitle?: string;
  items: PickerItem[];
  /** The search typed so far; null when the list is not searchable (digits pick then). */
  query: string | null;
  /** Highlighted row among the matching items. */
  index: number;
  /** Row shown as "(current)". */
  current?: string;
  /** Descriptions wrap under themselves (short lists) instead of being cut to one row. */
  wrap?: boolean;
  /** Shown in the search row while nothing is typed. */
  searchPlaceholder?: string;
  /** The footer line (default: the resume list's). */
  hint?: string;
  /** A line of text to type instead of a list (its placeholder): Enter picks the typed text. */
  freeText?: string;
  /** The list is longer than what is loaded (saved threads): see threadPicker.ts. */
  paging?: PickerPaging;
}

export interface PickerPaging {
  /** Threads of every folder, not only this one's. */
  all: boolean;
  /** Where the next page starts; null once everything is loaded. */
  nextCursor: string | null;
  /** The query the server last searched for, and the items it found, in its order (loaded or not). */
  searched: string;
  found: PickerItem[];
}

export const openPicker = (p: Omit<Picker, 'index'> & { index?: number }): Picker => ({ index: 0, ...p });

export function matchingItems(p: Picker): PickerItem[] {
  const q = p.query?.trim().toLowerCase();
  if (!q) return p.items;
  const local = (i: PickerItem) => `${i.label} ${i.search ?? ''}`.toLowerCase().includes(q);
  if (!p.paging || p.paging.searched !== p.query?.trim()) return p.items.filter(local);
  // What the server found counts too (it searches text the rows do not carry); the
  // loaded rows are the newest, so what it found beyond them comes after them.
  const found = new Set(p.paging.found.map((i) => i.value));
  const loaded = new Set(p.items.map((i) => i.value));
  return [...p.items.filter((i) => found.has(i.value) || local(i)), ...p.paging.found.filter((i) => !loaded.has(i.value))];
}

export function selectedItem(p: Picker): PickerItem | undefined {
  return matchingItems(p)[p.index];
}

export function movePicker(p: Picker, delta: number): Picker {
  const n = matchingItems(p).length;
  if (n === 0) return p;
  return { ...p, index: (p.index + delta + n) % n };
}

export function typeInPicker(p: Picker, text: string): Picker {
  if (p.query === null) return p;
  return { ...p, query: p.query + text.replace(/[\x00-\x1f\x7f]/g, ''), index: 0 };
}

export function backspaceInPicker(p: Picker): Picker {
  if (p.query === null || p.query === '') return p;
  return { ...p, query: [...p.query].slice(0, -1).join(''), index: 0 };
}

/** The popup's rows; at most `maxRows` (the list scrolls to keep the highlight in view). */
export function pickerLines(p: Picker, width: number, maxRows: number): Line[] {
  if (p.freeText !== undefined) return freeTextLines(p, p.freeText, width);
  const items = matchingItems(p);
  const head: Line[] = [[span(`  ${p.title}`, { bold: true })]];
  if (p.subtitle) head.push(truncateLine([span(`  ${p.subtitle}`, { dim: true })], width));
  if (p.query !== null && p.searchPlaceholder && p.query === '')
    head.push(truncateLine([span('  '), span(' ', { inverse: true }), span(p.searchPlaceholder, { dim: true })], width));
  else if (p.query !== null) head.push(truncateLine([span('  Search: ', { dim: true }), span(p.query), span(' ', { inverse: true })], width));
  head.push([]);
  const preview = (items[p.index]?.preview ?? []).flatMap((l) => wrapLine([span(`    ${l}`, { dim: true })], width, [span('    ')])).slice(0, 4);
  const foot: Line[] = [
    ...(preview.length ? [[], ...preview] : []),
    [],
    [
      span(`  ${p.hint ?? (p.query !== null ? 'Type to search · Enter to resume · Esc to go back' : 'Press enter to confirm or esc to go back')}`, {
        dim: true,
      }),
    ],
  ];
  const room = Math.max(3, maxRows - head.length - foot.length);
  const labels = items.map((i, n) => `${n + 1}. ${i.label}${p.current !== undefined && i.value === p.current ? ' (current)' : ''}`);
  const labelWidth = Math.min(Math.max(0, ...labels.map((l) => l.length)), Math.floor(width / 2));
  const first = Math.min(Math.max(0, p.index - room + 1), Math.max(0, items.length - room));
  const rows: Line[] = [];
  if (items.length === 0) rows.push([span('  No matches', { dim: true })]);
  for (let n = first; n < Math.min(items.length, first + room); n++) {
    const on = n === p.index;
    const mark = on ? '› ' : '  ';
    const label = labels[n]!.length > labelWidth ? `${labels[n]!.slice(0, labelWidth - 1)}…` : labels[n]!.padEnd(labelWidth);
    const desc = items[n]!.description;
    const line: Line = [span(mark + label, on ? { color: 'cyan', bold: true } : undefined), ...(desc ? [span(`  ${desc}`, { dim: true })] : [])];
    rows.push(...(p.wrap ? wrapLine(line, width, [span(' '.repeat(labelWidth + 4))]) : [truncateLine(line, width)]));
  }
  return [...head, ...rows, ...foot];
}

/** A one-line text prompt (the placeholder until something is typed). */
function freeTextLines(p: Picker, placeholder: string, width: number): Line[] {
  const text = p.query ?? '';
  const typed: Line = text
    ? [span('  › '), span(text), span(' ', { inverse: true })]
    : [span('  › '), span(' ', { inverse: true }), span(placeholder, { dim: true })];
  return [
    [span(`  ${p.title}`, { bold: true })],
    [],
    ...wrapLine(typed, width, [span('    ')]),
    [],
    [span('  Press enter to confirm or esc to go back', { dim: true })],
  ];
}
