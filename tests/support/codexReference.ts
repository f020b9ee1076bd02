// Where the reference Codex 0.169 CLI lives, for interoperability tests.
// Order: $CODEX_REFERENCE_BIN (must exist when set), the @openai/codex that
// package.json's `overrides` pins to 0.169.0 (installed by `npm ci`), the
// machine-wide /opt/codexref install.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

const REFERENCE_VERSION = '0.169.0';

function pinnedInRepo(): string | undefined {
  const pkg = join(REPO_ROOT, 'node_modules', '@openai', 'codex');
  try {
    if (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version !== REFERENCE_VERSION) return undefined;
  } catch {
    return undefined;
  }
  return join(pkg, 'bin', 'codex.js');
}

export const CODEX_REFERENCE_CANDIDATES = [pinnedInRepo(), '/opt/codexref/node_modules/.bin/codex'].filter((p): p is string => p !== undefined);

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
  'reference Codex 0.169 not found: run `npm ci` (package.json pins @openai/codex to 0.169.0) or set CODEX_REFERENCE_BIN';
