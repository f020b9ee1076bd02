// The staged update waiting for the app to quit: a marker (pending-install.json)
// in the staging folder naming the verified file. The shell installs it only at
// quit/restart, and re-validates it first (the file could have changed since);
// at the next start the marker tells whether the install happened.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod/mini';
import { compareSemVer, parseSemVer } from './version.js';

export const PENDING_MARKER = 'pending-install.json';

export interface PendingInstall {
  version: string;
  /** Absolute path of the staged file (inside the staging folder). */
  file: string;
  sha512: string;
  size: number;
}

const markerShape = z.strictObject({
  version: z.string(),
  file: z.string(),
  sha512: z.string(),
  size: z.number().check(z.int(), z.positive()),
});

export function writePendingInstall(stagingDir: string, install: PendingInstall): void {
  const marker = { version: install.version, file: path.basename(install.file), sha512: install.sha512, size: install.size };
  writeFileSync(path.join(stagingDir, PENDING_MARKER), JSON.stringify(marker, null, 2) + '\n', { mode: 0o600 });
}

export type StartupUpdateState =
  | { kind: 'none' }
  /** A verified update still waits for the next quit. */
  | { kind: 'pending'; install: PendingInstall }
  /** The app now runs the version the marker named: the install happened; staging was cleared. */
  | { kind: 'applied'; version: string }
  /** The marker or its file did not hold up; staging was cleared. */
  | { kind: 'discarded'; reason: string };

/** What the staging folder says at start (or just before installing), cleaning up whatever is not a valid pending update. */
export async function readPendingInstall(stagingDir: string, currentVersion: string): Promise<StartupUpdateState> {
  const markerPath = path.join(stagingDir, PENDING_MARKER);
  if (!existsSync(markerPath)) return { kind: 'none' };
  const discard = (reason: string): StartupUpdateState => {
    clearStaging(stagingDir);
    return { kind: 'discarded', reason };
  };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(markerPath, 'utf8'));
  } catch (err) {
    return discard(`${markerPath}: ${(err as Error).message}`);
  }
  const p = markerShape.safeParse(raw);
  if (!p.success) return discard(`${markerPath}: not a pending-install marker`);
  const m = p.data;
  const offered = parseSemVer(m.version);
  const current = parseSemVer(currentVersion);
  if (!offered || !current) return discard(`${markerPath}: version ${m.version} or ${currentVersion} is not a semantic version`);
  const order = compareSemVer(offered, current);
  if (order === 0) {
    clearStaging(stagingDir);
    return { kind: 'applied', version: m.version };
  }
  if (order < 0) return discard(`staged ${m.version} is older than the running ${currentVersion}`);
  if (path.basename(m.file) !== m.file || m.file === PENDING_MARKER) return discard(`${markerPath}: file must be a bare name in the staging folder`);
  const file = path.join(stagingDir, m.file);
  if (!existsSync(file) || !statSync(file).isFile()) return discard(`staged file ${file} is missing`);
  if (statSync(file).size !== m.size) return discard(`staged file ${file} is not ${m.size} bytes`);
  if ((await sha512Of(file)) !== m.sha512) return discard(`staged file ${file} does not match its sha512`);
  return { kind: 'pending', install: { version: m.version, file, sha512: m.sha512, size: m.size } };
}

/** Removes everything in the staging folder (it holds only our own files). */
export function clearStaging(stagingDir: string): void {
  if (!existsSync(stagingDir)) return;
  for (const name of readdirSync(stagingDir)) rmSync(path.join(stagingDir, name), { recursive: true, force: true });
}

export function sha512Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha512');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('base64')))
      .on('error', reject);
  });
}
