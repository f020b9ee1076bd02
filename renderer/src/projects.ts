// The projects the window offers (sidebar, welcome screen, project picker):
// the folders the host remembers threads were started in, then the folders of
// listed threads, newest first, each once. A worktree thread's folder is a
// worktree under CODEX_HOME, not a project: it is left out.
import type { Thread } from '../../shared/protocol/types.js';
import { formatCwd } from './format.js';

/** Recent projects first (the host's order), then the folders of threads not among them, by their latest thread. */
export function projectFolders(threads: readonly Thread[], recent: readonly string[], limit = Infinity): string[] {
  const out = [...new Set(recent)];
  for (const t of [...threads].sort((a, b) => b.updatedAt - a.updatedAt)) {
    if (t.workspace?.kind === 'worktree' || !t.cwd) continue;
    if (!out.includes(t.cwd)) out.push(t.cwd);
  }
  return out.slice(0, limit);
}

/** True when the picker's text names a folder (absolute, or under ~) rather than searching the list. */
export function looksLikePath(text: string): boolean {
  return /^(\/|~(\/|$)|[A-Za-z]:[\\/]|\\\\)/.test(text.trim());
}

/** `~/x` with the home folder spelled out (the core wants absolute folders). */
export function expandHome(text: string, home: string | null): string {
  const t = text.trim();
  if (!home || !(t === '~' || t.startsWith('~/'))) return t;
  return home.replace(/[\\/]$/, '') + t.slice(1);
}

/**
 * The folders whose path (as shown, with ~) holds every word of `query`, in
 * their order; for a typed path, the folders under what is typed so far.
 */
export function matchProjects(folders: readonly string[], query: string, home: string | null): string[] {
  if (looksLikePath(query)) {
    const typed = expandHome(query, home);
    return folders.filter((f) => f.startsWith(typed));
  }
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...folders];
  return folders.filter((f) => {
    const shown = formatCwd(f, home).toLowerCase();
    return words.every((w) => shown.includes(w));
  });
}

/**
 * What the picker offers for its text: the matching projects, and the typed
 * folder itself when it is a path not among them (first, as the user meant it).
 */
export function pickerChoices(folders: readonly string[], query: string, home: string | null): { folder: string; typed: boolean }[] {
  const matches = matchProjects(folders, query, home).map((folder) => ({ folder, typed: false }));
  if (!looksLikePath(query)) return matches;
  const typed = expandHome(query, home).replace(/(.)[\\/]+$/, '$1');
  return folders.includes(typed) ? matches : [{ folder: typed, typed: true }, ...matches];
}
