// One file line of thread/list's index (rolloutIndexFile.ts) parsed into
// the entry it records: kept apart from the file's format, which loads no
// protocol schema.
import { sessionSource } from '../../../shared/protocol/thread.js';
import { isNum, type IndexEntry } from './rolloutIndexFile.js';
import type { RolloutSummary } from './rollout.js';

/** A file line's entry, or undefined when it is not one (checked field by field). */
export function parseEntry(line: string, path: string): IndexEntry | undefined {
  let a: unknown;
  try {
    a = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!Array.isArray(a) || !isNum(a[3]) || !isNum(a[4]) || !isNum(a[5]) || !isNum(a[6]) || typeof a[2] !== 'string') return undefined;
  const base = { ino: a[3], size: a[4], mtimeMs: a[5], checkedAt: a[6] };
  if (a.length === 7 && a[1] === null) return { ...base, summary: null };
  const [, id, , , , , , cwd, createdAt, updatedAt, modelProvider, model, cliVersion, rawSource, preview, lastCwd] = a as unknown[];
  const source = sessionSource.safeParse(rawSource);
  if (
    a.length !== 16 ||
    typeof id !== 'string' ||
    typeof cwd !== 'string' ||
    !isNum(createdAt) ||
    !isNum(updatedAt) ||
    typeof modelProvider !== 'string' ||
    (model !== null && typeof model !== 'string') ||
    typeof cliVersion !== 'string' ||
    !source.success ||
    typeof preview !== 'string' ||
    typeof lastCwd !== 'string'
  )
    return undefined;
  const summary: RolloutSummary = {
    path,
    id,
    cwd,
    createdAt,
    updatedAt,
    modelProvider,
    model,
    cliVersion,
    source: source.data,
    preview,
    lastCwd,
  };
  return { ...base, summary };
}
