// Every session file under CODEX_HOME with its bytes, so a test can show that a
// refused request changed, moved or created nothing.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function rolloutSnapshot(codexHome: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files.set(p, readFileSync(p, 'latin1'));
    }
  };
  walk(join(codexHome, 'sessions'));
  walk(join(codexHome, 'archived_sessions'));
  const index = join(codexHome, 'session_index.jsonl');
  if (existsSync(index)) files.set(index, readFileSync(index, 'latin1'));
  return files;
}
