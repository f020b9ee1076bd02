// Display formatting shared by every panel, so a path or a number reads the same
// wherever it appears (sidebar, conversation header, approval prompt, palette).
import type { SessionSource } from '../../shared/protocol/types.js';

/** `cwd` with the user's home shown as `~` (`/home/a/p` → `~/p`); other paths unchanged. */
export function formatCwd(cwd: string, home: string | null | undefined): string {
  if (!home || !cwd) return cwd;
  const windows = home.includes('\\');
  const sep = windows ? '\\' : '/';
  const h = home.length > 1 && home.endsWith(sep) ? home.slice(0, -1) : home;
  const same = (a: string, b: string) => (windows ? a.toLowerCase() === b.toLowerCase() : a === b);
  if (same(cwd, h)) return '~';
  if (cwd.length > h.length && cwd[h.length] === sep && same(cwd.slice(0, h.length), h)) return `~${cwd.slice(h.length)}`;
  return cwd;
}

/** The last path segment, for compact labels (`~/src/app` → `app`). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? path;
}

/** 950 → "950", 12_345 → "12.3k", 2_500_000 → "2.5M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, '')}k`;
  return `${(n / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/**
 * A thread's origin in our own words: Codex reports our app-server's threads as
 * "vscode" and our MCP server's as "appServer"; a custom source is its name.
 */
export function formatSessionSource(source: SessionSource): string {
  if (typeof source === 'object') return source.custom;
  if (source === 'vscode') return 'app-server';
  if (source === 'appServer') return 'mcp';
  return source;
}

/** What a thread is called: the name the user gave it, else its first message. */
export function threadTitle(t: { name?: string | null; preview: string }): string {
  return t.name?.trim() || t.preview || '(new thread)';
}

/**
 * `path` relative to the thread's folder when it lies inside it (`/r/app/src/a.ts`
 * under `/r/app` → `src/a.ts`), so diff headers name files as the project does;
 * other paths unchanged.
 */
export function relativePath(path: string, root: string | null | undefined): string {
  if (!root) return path;
  const sep = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const base = root.endsWith(sep) ? root : root + sep;
  return path.startsWith(base) && path.length > base.length ? path.slice(base.length) : path;
}
