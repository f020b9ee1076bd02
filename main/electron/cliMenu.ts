// macOS app menu with "Install 'codex' Command in PATH…" (as VS Code has). The
// decisions live in main/desktop/cliOnPath.ts; this only wires menu and dialogs.
// Elsewhere PATH is the installer's job (deb postinst, NSIS), so the default menu stays.
import { app, dialog, Menu, type BrowserWindow, type MessageBoxOptions } from 'electron';
import { join } from 'node:path';
import { describeCliLinkResult, installCliOnPath, removeCliFromPath, runAsAdminOnMac, type CliLinkResult } from '../desktop/cliOnPath.js';

export function installAppMenu(window: () => BrowserWindow | null, log: (line: string) => void): void {
  if (process.platform !== 'darwin') return;
  const launcher = join(process.resourcesPath, 'bin', 'codex');
  const run = (action: typeof installCliOnPath) => async () => {
    const result = await action({ launcher, elevate: runAsAdminOnMac });
    log(`codex on PATH: ${result.status} (${result.link})`);
    await show(window(), result);
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      {
        label: app.name,
        submenu: [
          { role: 'about' },
          { type: 'separator' },
          { label: "Install 'codex' Command in PATH…", click: run(installCliOnPath) },
          { label: "Uninstall 'codex' Command from PATH…", click: run(removeCliFromPath) },
          { type: 'separator' },
          { role: 'services' },
          { type: 'separator' },
          { role: 'hide' },
          { role: 'hideOthers' },
          { role: 'unhide' },
          { type: 'separator' },
          { role: 'quit' },
        ],
      },
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
    ]),
  );
}

async function show(win: BrowserWindow | null, result: CliLinkResult): Promise<void> {
  const options: MessageBoxOptions = { ...describeCliLinkResult(result), buttons: ['OK'] };
  if (win && !win.isDestroyed()) await dialog.showMessageBox(win, options);
  else await dialog.showMessageBox(options);
}
