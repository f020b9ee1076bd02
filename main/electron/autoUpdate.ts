// The updater's Electron shell: where the staging folder and feed config are,
// status pushed to the window, and the install of a verified update when the app
// quits (or "Restart to update"). Every decision is in desktop/update/.
import { app } from 'electron';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { UpdateStatus } from '../../shared/ipc/contract.js';
import type { UpdateHost } from '../ipc/router.js';
import { installTargetFor, nsisArgs, replaceAppImage } from '../desktop/update/installPlan.js';
import { clearStaging, readPendingInstall } from '../desktop/update/pendingInstall.js';
import { UPDATE_PUBLIC_KEY_PEM } from '../desktop/update/publicKey.js';
import { readUpdateConfig, type UpdateConfig } from '../desktop/update/updateConfig.js';
import { UpdateService } from '../desktop/update/updateService.js';

export interface AutoUpdate extends UpdateHost {
  /** The quit was cancelled (quitGuard): a later quit installs the update but does not start the app again. */
  quitCancelled(): void;
}

export function installAutoUpdate(opts: { onStatus: (s: UpdateStatus) => void; log: (line: string) => void }): AutoUpdate {
  const stagingDir = join(app.getPath('userData'), 'pending-update');
  const target = installTargetFor({ platform: process.platform, isPackaged: app.isPackaged, env: process.env });
  let config: UpdateConfig | null = null;
  try {
    config = app.isPackaged ? readUpdateConfig(join(process.resourcesPath, 'app-update.yml')) : null;
  } catch (err) {
    opts.log(`updater: ${(err as Error).message}`);
  }
  const service = new UpdateService({
    currentVersion: app.getVersion(),
    feedUrl: config?.feedUrl ?? null,
    channel: config?.channel,
    publicKeyPem: UPDATE_PUBLIC_KEY_PEM,
    stagingDir,
    target,
    platform: process.platform,
    arch: process.arch,
    onStatus: opts.onStatus,
    log: opts.log,
  });

  let restartAfterInstall = false;
  let installing = false;
  // Installs at every quit once an update is ready (as electron-updater's autoInstallOnAppQuit).
  app.on('will-quit', (event) => {
    if (installing || service.status().state !== 'ready') return;
    event.preventDefault();
    installing = true;
    void installStaged(stagingDir, app.getVersion(), target, restartAfterInstall, opts.log).finally(() => app.exit(0));
  });

  return {
    status: () => service.status(),
    check: () => service.check(),
    restartToUpdate: async () => {
      restartAfterInstall = true;
      setImmediate(() => app.quit());
      return service.status();
    },
    quitCancelled: () => {
      restartAfterInstall = false;
    },
  };
}

async function installStaged(
  stagingDir: string,
  currentVersion: string,
  target: ReturnType<typeof installTargetFor>,
  restart: boolean,
  log: (line: string) => void,
): Promise<void> {
  try {
    // Checked again now: the staged file must still be exactly what the signed feed named.
    const state = await readPendingInstall(stagingDir, currentVersion);
    if (state.kind !== 'pending') {
      if (state.kind === 'discarded') log(`updater: not installing: ${state.reason}`);
      return;
    }
    if (target.kind === 'appimage') {
      replaceAppImage(state.install, target.appImage);
      clearStaging(stagingDir);
      if (restart) spawn(target.appImage, [], { detached: true, stdio: 'ignore' }).unref();
    } else if (target.kind === 'nsis') {
      // The installer replaces the app after this process exits; the marker tells the next start it happened.
      spawn(state.install.file, nsisArgs(restart), { detached: true, stdio: 'ignore' }).unref();
    }
  } catch (err) {
    log(`updater: install failed, keeping the current version: ${(err as Error).message}`);
  }
}
