// Where the reference Codex 0.169 CLI lives, for interoperability tests: the
// lookup bench/reference.mjs does, but a CODEX_REFERENCE_BIN that names a
// missing file is an error here rather than a fallback.
import { existsSync } from 'node:fs';
import { installedReferenceCandidates } from '../../bench/reference.mjs';

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
  return installedReferenceCandidates()[0];
}

/** Why interop tests skip, for the test title. */
export const CODEX_REFERENCE_MISSING = 'reference Codex 0.169 not found: run `npm ci` (package.json pins @openai/codex to 0.169.0) or set CODEX_REFERENCE_BIN';
