// Where the Linux helper remembers its walk for nested repositories
// (native-helpers/linux-sandbox/gitscan.c): one file per set of scanned roots
// under CODEX_HOME, which sandboxed commands cannot write. Without it every
// sandboxed command reads every directory of the workspace again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

const KEEP_MS = 7 * 24 * 3600 * 1000;
const pruned = new Set<string>();

export function gitScanCacheDir(codexHome: string): string {
  return path.join(codexHome, 'cache', 'sandbox-scan');
}

/** The cache file for these scan roots, its directory made; undefined when it cannot be. */
export function gitScanCacheFile(scanRoots: readonly string[], codexHome: string): string | undefined {
  const dir = gitScanCacheDir(codexHome);
  // A CODEX_HOME that does not exist yet is not made here: inside a writable
  // root the helper keeps it uncreatable, which needs it missing.
  if (!existsSync(codexHome)) return undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  if (!pruned.has(dir)) {
    pruned.add(dir);
    pruneOld(dir);
  }
  const key = createHash('sha256').update(scanRoots.join('\0')).digest('hex').slice(0, 32);
  return path.join(dir, key);
}

/** Caches of workspaces not sandboxed for a week go (one readdir per process). */
function pruneOld(dir: string): void {
  const cutoff = Date.now() - KEEP_MS;
  try {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      try {
        if (statSync(file).mtimeMs < cutoff) unlinkSync(file);
      } catch {
        // gone already, or not ours to remove: the next prune tries again
      }
    }
  } catch {
    // an unreadable cache directory only costs full walks
  }
}
