// Where the reference Codex 0.169 CLI is, for the benchmarks. package.json's
// `overrides` pins the Codex SDK's @openai/codex to 0.169.0, so `npm ci`
// already brings it; CODEX_REFERENCE_BIN and the machine-wide /opt/codexref
// install are used when set or present.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const REFERENCE_VERSION = '0.169.0';

function pinnedInRepo() {
  const pkg = join(ROOT, 'node_modules', '@openai', 'codex');
  try {
    if (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version !== REFERENCE_VERSION) return undefined;
  } catch {
    return undefined;
  }
  return join(pkg, 'bin', 'codex.js');
}

/** Path of the reference `codex`, or undefined (the benchmarks then report our figures only). */
export function codexReferenceBin() {
  const candidates = [process.env.CODEX_REFERENCE_BIN, pinnedInRepo(), '/opt/codexref/node_modules/.bin/codex'];
  return candidates.find((p) => p && existsSync(p));
}
