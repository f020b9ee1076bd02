// Sidebar search: every word of the query must appear in the thread's title
// (name, first message) or its folder, as typed or as displayed (`~/…`).
import type { Thread } from '../../shared/protocol/types.js';
import { formatCwd } from './format.js';

export function searchWords(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean);
}

export function filterThreads(threads: Thread[], query: string, home: string | null): Thread[] {
  const words = searchWords(query);
  if (!words.length) return threads;
  return threads.filter((t) => {
    const hay = `${t.name ?? ''}\n${t.preview}\n${t.cwd}\n${formatCwd(t.cwd, home)}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

/** The listed threads plus those the server found for this very query (older, not listed yet). */
export function withSearchHits(threads: Thread[], hits: { term: string; threads: Thread[] } | null, query: string): Thread[] {
  if (!hits || hits.term !== query) return threads;
  const listed = new Set(threads.map((t) => t.id));
  const extra = hits.threads.filter((t) => !listed.has(t.id));
  return extra.length ? [...threads, ...extra] : threads;
}
