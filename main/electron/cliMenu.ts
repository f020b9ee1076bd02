// macOS app menu entries "Install 'codex' Command in PATH…" (as VS Code has). The
// decisions live in main/desktop/cliOnPath.ts; this only wires menu and dialogs.
// Elsewhere PATH is the installer's job (deb postinst, NSIS).
import { dialog, type BrowserWindow, type MenuItemConstructorOptions, type MessageBoxOptions } from 'electron';
import { join } from 'node:path';
import { describeCliLinkResult, installCliOnPath, removeCliFromPath, runAsAdminOnMac, type CliLinkResult } from '../desktop/cliOnPath.js';

/** The macOS app menu's submenu, with Install / Uninstall 'codex' Command in PATH… (appMenu.ts places it). */
export function macAppSubmenu(window: () => BrowserWindow | null, log: (line: string) => void): MenuItemConstructorOptions[] {
  const launcher = join(process.resourcesPath, 'bin', 'codex');
  const run = (action: typeof installCliOnPath) => async () => {
    const result = await action({ launcher, elevate: runAsAdminOnMac });
    log(`codex on PATH: ${result.status} (${result.link})`);
    await show(window(), result);
  };
  return [
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
  ];
}

async function show(win: BrowserWindow | null, result: CliLinkResult): Promise<void> {
  const options: MessageBoxOptions = { ...describeCliLinkResult(result), buttons: ['OK'] };
  if (win && !win.isDestroyed()) await dialog.showMessageBox(win, options);
  else await dialog.showMessageBox(options);
}
