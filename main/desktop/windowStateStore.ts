// The main window's bounds and maximized flag, kept in <userData>/window-state.json.
// Loading never throws: a missing, corrupt or off-screen record gives the defaults.
// Saving writes a temp file and renames it, so a crash mid-write leaves the old file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Undefined x/y = let the OS place (center) the window. */
  bounds: { x?: number; y?: number; width: number; height: number };
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const DEFAULT_WINDOW_STATE: WindowState = { bounds: { width: 1280, height: 840 }, maximized: false };
export const MIN_WINDOW_SIZE = { width: 760, height: 480 };
/** How much of the window must lie on some display to be reachable (title bar grab area). */
const MIN_VISIBLE = { width: 120, height: 40 };

export function windowStatePath(userDataDir: string): string {
  return join(userDataDir, WINDOW_STATE_FILE);
}

/**
 * Reads the saved state and checks it against the current displays' work areas.
 * `log` hears why a saved state was ignored.
 */
export function loadWindowState(file: string, displays: readonly Rect[], log?: (line: string) => void): WindowState {
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log?.(`window state: cannot read ${file}: ${(err as Error).message}`);
    return structuredClone(DEFAULT_WINDOW_STATE);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    log?.(`window state: ${file} is not JSON (${(err as Error).message}); using defaults`);
    return structuredClone(DEFAULT_WINDOW_STATE);
  }
  const problem = validate(data, displays);
  if (typeof problem === 'string') {
    log?.(`window state: ${file}: ${problem}; using defaults`);
    return structuredClone(DEFAULT_WINDOW_STATE);
  }
  return problem;
}

function validate(data: unknown, displays: readonly Rect[]): WindowState | string {
  if (!isObject(data)) return 'not an object';
  const b = data.bounds;
  if (!isObject(b)) return 'bounds missing';
  const width = b.width;
  const height = b.height;
  if (!isInt(width) || !isInt(height)) return 'bounds.width/height must be integers';
  if (width < MIN_WINDOW_SIZE.width || height < MIN_WINDOW_SIZE.height || width > 20000 || height > 20000) return `size ${width}x${height} out of range`;
  const maximized = data.maximized === undefined ? false : data.maximized;
  if (typeof maximized !== 'boolean') return 'maximized must be a boolean';
  if (b.x === undefined && b.y === undefined) return { bounds: { width, height }, maximized };
  if (!isInt(b.x) || !isInt(b.y)) return 'bounds.x/y must be integers';
  const rect = { x: b.x, y: b.y, width, height };
  if (!displays.some((d) => overlaps(rect, d))) return `window at ${rect.x},${rect.y} is off every display`;
  return { bounds: rect, maximized };
}

/** True when the window's top strip (where it can be dragged) is on display `d`. */
function overlaps(w: Rect, d: Rect): boolean {
  const dx = Math.min(w.x + w.width, d.x + d.width) - Math.max(w.x, d.x);
  const dy = Math.min(w.y + MIN_VISIBLE.height, d.y + d.height) - Math.max(w.y, d.y);
  return dx >= MIN_VISIBLE.width && dy >= MIN_VISIBLE.height;
}

/** Atomic write: temp file in the same directory, then rename over the old one. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
