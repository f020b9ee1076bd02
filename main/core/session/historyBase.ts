// Codex 0.169's paginated rollouts do not copy history: a fork or a revert
// writes a new file whose session_meta has `history_base: {thread_id,
// end_ordinal_exclusive}`, meaning "the records of that thread with a smaller
// ordinal come first". A revert's file is `rollout-…-<id>_<segment>.jsonl`,
// for the same thread. This module reads such a rollout whole, base first, so
// a thread Codex forked or reverted reads, resumes and forks here too.
import { basename } from 'node:path';
import { readRollout, threadIdFromRolloutPath, type ParsedRollout } from './rollout.js';
import { listRolloutFiles } from './rollout.js';
import { listArchivedRolloutFiles } from './rolloutStore.js';

interface HistoryBase {
  thread_id: string;
  end_ordinal_exclusive: number;
}

function historyBaseOf(rollout: ParsedRollout): HistoryBase | undefined {
  return rollout.meta?.history_base;
}

/**
 * The rollout at `path` with its base's records (session_meta excepted) in
 * front; a rollout without a base is returned as read. A base that cannot be
 * found is reported in `warnings` and the rollout's own records stay usable.
 */
export function readRolloutWithBase(codexHome: string, path: string, depth = 0): ParsedRollout {
  const own = readRollout(path);
  const base = historyBaseOf(own);
  if (!base) return own;
  const where = `${path}: history_base ${base.thread_id} before ordinal ${base.end_ordinal_exclusive}`;
  if (depth > 32) return { ...own, warnings: [...own.warnings, `${where}: too many nested bases; read without it`] };
  // The base is the newest file of that thread written before this one (file names start with their creation time).
  const candidates = [...listRolloutFiles(codexHome), ...listArchivedRolloutFiles(codexHome)]
    .filter((f) => f !== path && threadIdFromRolloutPath(f)?.toLowerCase() === base.thread_id.toLowerCase() && basename(f) < basename(path))
    .sort((a, b) => basename(b).localeCompare(basename(a)));
  const basePath = candidates[0];
  if (!basePath) return { ...own, warnings: [...own.warnings, `${where}: no rollout of that thread found; its earlier history is missing`] };
  const resolved = readRolloutWithBase(codexHome, basePath, depth + 1);
  const prefix = resolved.lines.filter((l) => l.record.type !== 'session_meta' && (l.record.ordinal ?? -1) < base.end_ordinal_exclusive);
  const ownMeta = own.lines.filter((l) => l.record.type === 'session_meta');
  const ownRest = own.lines.filter((l) => l.record.type !== 'session_meta');
  return { ...own, lines: [...ownMeta, ...prefix, ...ownRest], warnings: [...resolved.warnings, ...own.warnings] };
}

/** Whether a rollout's session_meta points at a base (so a rewrite must carry the base's records itself). */
export function hasHistoryBase(rollout: ParsedRollout): boolean {
  return historyBaseOf(rollout) !== undefined;
}
