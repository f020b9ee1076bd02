import { resolve } from 'node:path';
import { listRolloutFiles, summarizeRollout } from '../../core/session/rollout.js';

/** The newest thread whose last turn ran in `cwd` (any cwd when undefined), for `resume --last`. */
export function findLatestThreadForCwd(codexHome: string, cwd: string | undefined): string | undefined {
  const want = cwd ? resolve(cwd) : undefined;
  let best: { id: string; updated: number } | undefined;
  for (const file of listRolloutFiles(codexHome)) {
    const s = summarizeRollout(file);
    if (!s || (want && s.lastCwd !== want)) continue;
    if (!best || s.updatedAt > best.updated) best = { id: s.id, updated: s.updatedAt };
  }
  return best?.id;
}
