// A SESSION argument as Codex reads it: a UUID (which takes precedence when it
// parses as one), else a thread name from CODEX_HOME/session_index.jsonl. A
// name matches the most recently named thread that still has a rollout of the
// wanted kind (live sessions for resume/fork/archive, archived for unarchive).
import { UUID_RE } from '../core/util/ids.js';
import { locateRollout } from '../core/session/rolloutStore.js';
import { threadIdsNamed } from '../core/session/threadNames.js';

export type SessionKind = 'live' | 'archived' | 'any';

export function isSessionUuid(ref: string): boolean {
  return UUID_RE.test(ref);
}

/** The thread id `ref` names, or undefined when no session of that kind matches. */
export function resolveSessionRef(codexHome: string, ref: string, kind: SessionKind): string | undefined {
  const fits = (id: string) => {
    const loc = locateRollout(codexHome, id);
    return loc !== undefined && (kind === 'any' || loc.archived === (kind === 'archived'));
  };
  if (isSessionUuid(ref)) return fits(ref) ? ref : undefined;
  return threadIdsNamed(codexHome, ref).find(fits);
}
