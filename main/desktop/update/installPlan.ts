// How this copy of the app can install an update at quit, decided from where it
// runs: an AppImage replaces its own file (APPIMAGE names it), the Windows NSIS
// build runs the new installer silently, anything else (a .deb, a dev run, macOS
// until it is signed for Squirrel) is updated by other means and does not download.
import { chmodSync, copyFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { PendingInstall } from './pendingInstall.js';

export type InstallTarget =
  { kind: 'appimage'; appImage: string; extension: '.AppImage' } | { kind: 'nsis'; extension: '.exe' } | { kind: 'unsupported'; reason: string };

export function installTargetFor(opts: { platform: NodeJS.Platform; isPackaged: boolean; env: NodeJS.ProcessEnv }): InstallTarget {
  if (!opts.isPackaged) return { kind: 'unsupported', reason: 'a development build does not update itself' };
  if (opts.platform === 'linux') {
    const appImage = opts.env.APPIMAGE;
    if (appImage && path.isAbsolute(appImage)) return { kind: 'appimage', appImage, extension: '.AppImage' };
    return { kind: 'unsupported', reason: 'this copy was installed by a package manager; update it there' };
  }
  if (opts.platform === 'win32') return { kind: 'nsis', extension: '.exe' };
  return { kind: 'unsupported', reason: `automatic updates are not available on ${opts.platform} yet; download the new version from the website` };
}

/**
 * AppImage install: copy the verified file next to the running AppImage, make it
 * executable, then rename it over the old one (atomic on one filesystem, so a
 * crash leaves the old app or the new one, never half of either).
 */
export function replaceAppImage(install: PendingInstall, appImage: string): void {
  const temp = path.join(path.dirname(appImage), `.${path.basename(appImage)}.update-${process.pid}`);
  try {
    copyFileSync(install.file, temp);
    chmodSync(temp, 0o755);
    renameSync(temp, appImage);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
}

/** The NSIS installer's arguments for a silent update that starts the app again when asked. */
export function nsisArgs(restart: boolean): string[] {
  return restart ? ['--updated', '/S', '--force-run'] : ['--updated', '/S'];
}
