// The application menu on every platform. Set explicitly (not Electron's default)
// so a packaged build has no "Toggle Developer Tools" entry or accelerator: the
// View menu comes from main/desktop/buildMode.ts's viewMenuEntries().
import { app, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { viewMenuEntries, type BuildMode } from '../desktop/buildMode.js';
import { macAppSubmenu } from './cliMenu.js';

export function installAppMenu(mode: BuildMode, window: () => BrowserWindow | null, log: (line: string) => void): void {
  const view: MenuItemConstructorOptions[] = viewMenuEntries(mode).map((entry) => (entry === 'separator' ? { type: 'separator' } : { role: entry }));
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ label: app.name, submenu: macAppSubmenu(window, log) }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
