// Where the reference Codex 0.169 CLI lives, for interoperability tests.
// Order: $CODEX_REFERENCE_BIN (must exist when set), the copy `npm run bench`
// installs under .bench/, the machine-wide /opt/codexref install.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export const CODEX_REFERENCE_CANDIDATES = [
  join(REPO_ROOT, '.bench', 'codex-0.169.0', 'node_modules', '.bin', 'codex'),
  '/opt/codexref/node_modules/.bin/codex',
];

/**
 * Path of the reference `codex` binary, or undefined when none is installed.
 * Throws when CODEX_REFERENCE_BIN names a file that does not exist: a CI that
 * asked for interop tests must not silently skip them.
 */
export function codexReferenceBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env.CODEX_REFERENCE_BIN;
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`CODEX_REFERENCE_BIN=${explicit} does not exist (install @openai/codex@0.169.0 there or unset it)`);
    return explicit;
  }
  return CODEX_REFERENCE_CANDIDATES.find((p) => existsSync(p));
}

/** Why interop tests skip, for the test title. */
export const CODEX_REFERENCE_MISSING =
  'reference Codex 0.169 not found: set CODEX_REFERENCE_BIN or install @openai/codex@0.169.0 under .bench/codex-0.169.0';
