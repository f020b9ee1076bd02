// A stand-in for an unpacked Linux Electron, for electron-builder's `electronDist`
// on machines that cannot download Electron (CI reaches no GitHub). The `electron`
// script behaves like Electron run as Node (ELECTRON_RUN_AS_NODE=1 → node), which is
// all the bundled `codex` launcher needs. After the script, behind a comment, sits a
// fuse wire in Electron's format, so electron-builder's real @electron/fuses step
// flips it and a test can read back what electron-builder.yml asked for.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** @electron/fuses' marker; the wire follows it: version byte, length byte, one ASCII '0'/'1' per fuse. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** FuseV1Options order in @electron/fuses. */
export const FUSE_NAMES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

const SCRIPT = `#!/bin/sh
# Stub Electron (tests/support/stubElectron.ts): only the run-as-Node mode works.
if [ "$ELECTRON_RUN_AS_NODE" = 1 ]; then exec node "$@"; fi
echo "stub Electron: only ELECTRON_RUN_AS_NODE=1 works" >&2
exit 1
# `;

export function makeStubElectronDist(dir: string, version: string): string {
  mkdirSync(dir, { recursive: true });
  // Electron's default fuse states (off = '0', on = '1'), so every flip shows.
  const wire = Buffer.from('10110001');
  const exe = Buffer.concat([Buffer.from(SCRIPT), Buffer.from(FUSE_SENTINEL), Buffer.from([1, wire.length]), wire, Buffer.from('\n')]);
  writeFileSync(join(dir, 'electron'), exe);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), version);
  writeFileSync(join(dir, 'LICENSE'), 'stub Electron for packaging tests\n');
  // No resources/default_app.asar: electron-builder's asar integrity step cannot read an empty one.
  return dir;
}

/** The fuse states in a (packaged) stub binary, by name. */
export function readFuses(exePath: string): Record<string, boolean> {
  const bytes = readFileSync(exePath);
  const at = bytes.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error(`${exePath}: no fuse sentinel`);
  const wire = at + FUSE_SENTINEL.length;
  const length = bytes[wire + 1]!;
  const out: Record<string, boolean> = {};
  for (let i = 0; i < length; i++) out[FUSE_NAMES[i] ?? `fuse${i}`] = bytes[wire + 2 + i] === 0x31;
  return out;
}
