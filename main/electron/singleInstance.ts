// One app instance: a second launch hands over to the first, which comes to front.
import { app } from 'electron';

/** False when another instance owns the lock (this one should quit at once). */
export function claimSingleInstance(showWindow: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => showWindow());
  return true;
}
