// Tray / menu-bar icon and dock/taskbar badge, redrawn from the activity tracker.
// The menu's content comes from main/desktop/trayMenu.ts (tested without Electron).
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { ActivityTracker } from '../desktop/activityTracker.js';
import { badgeState, buildTrayMenu, type TrayMenuItem } from '../desktop/trayMenu.js';
import { TRAY_ICON_ATTENTION, TRAY_ICON_NORMAL } from './trayIcons.js';

export interface TrayOptions {
  tracker: ActivityTracker;
  showWindow: () => void;
  openThread: (threadId: string) => void;
  quit: () => void;
  log: (line: string) => void;
}

export function installTray(opts: TrayOptions): () => void {
  const normal = nativeImage.createFromDataURL(TRAY_ICON_NORMAL).resize({ width: 16, height: 16 });
  // macOS tints template images for light and dark menu bars (the attention one keeps its red dot).
  if (process.platform === 'darwin') normal.setTemplateImage(true);
  const attention = nativeImage.createFromDataURL(TRAY_ICON_ATTENTION).resize({ width: 16, height: 16 });
  let tray: Tray;
  try {
    tray = new Tray(normal);
  } catch (err) {
    // Some Linux desktops have no status area; the app works without a tray.
    opts.log(`tray: unavailable: ${(err as Error).message}`);
    return () => {};
  }
  let lastCount = -1;
  const redraw = () => {
    const threads = opts.tracker.list();
    tray.setContextMenu(Menu.buildFromTemplate(buildTrayMenu(threads).map((item) => toMenuItem(item, opts))));
    const badge = badgeState(threads);
    tray.setToolTip(badge.tooltip);
    tray.setImage(badge.attention ? attention : normal);
    if (badge.count !== lastCount) {
      lastCount = badge.count;
      // Dock badge on macOS, launcher count on Unity-style Linux desktops; false elsewhere.
      if (!app.setBadgeCount(badge.count)) app.dock?.setBadge(badge.count > 0 ? String(badge.count) : '');
    }
  };
  tray.on('click', () => opts.showWindow());
  redraw();
  const unsubscribe = opts.tracker.subscribe(redraw);
  return () => {
    unsubscribe();
    tray.destroy();
  };
}

function toMenuItem(item: TrayMenuItem, opts: TrayOptions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'thread':
      return { label: item.label, click: () => opts.openThread(item.threadId) };
    case 'separator':
      return { type: 'separator' };
    case 'show':
      return { label: item.label, click: () => opts.showWindow() };
    case 'quit':
      return { label: item.label, click: () => opts.quit() };
  }
}
