// Sidebar search: every word of the query must appear in the thread's title
// (name, first message) or its folder, as typed or as displayed (`~/…`).
import type { Thread } from '../../shared/protocol/types.js';
import { formatCwd } from './format.js';

export function filterThreads(threads: Thread[], query: string, home: string | null): Thread[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return threads;
  return threads.filter((t) => {
    const hay = `${t.name ?? ''}\n${t.preview}\n${t.cwd}\n${formatCwd(t.cwd, home)}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}
