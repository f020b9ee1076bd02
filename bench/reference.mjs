// Where the reference Codex 0.169 CLI is, for the benchmarks and the interop
// tests (tests/support/codexReference.ts). package.json's `overrides` pins the
// Codex SDK's @openai/codex to 0.169.0, so `npm ci` already brings it; the
// machine-wide /opt/codexref install is the fallback.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(import.meta.dirname, '..');
export const REFERENCE_VERSION = '0.169.0';

function pinnedInRepo() {
  const pkg = join(REPO_ROOT, 'node_modules', '@openai', 'codex');
  try {
    if (JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version !== REFERENCE_VERSION) return undefined;
  } catch {
    return undefined;
  }
  return join(pkg, 'bin', 'codex.js');
}

/** Installed reference binaries, best first (CODEX_REFERENCE_BIN not included). */
export function installedReferenceCandidates() {
  return [pinnedInRepo(), '/opt/codexref/node_modules/.bin/codex'].filter((p) => p !== undefined && existsSync(p));
}

/** Path of the reference `codex`, or undefined (the benchmarks then report our figures only). */
export function codexReferenceBin() {
  const explicit = process.env.CODEX_REFERENCE_BIN;
  if (explicit && existsSync(explicit)) return explicit;
  return installedReferenceCandidates()[0];
}
