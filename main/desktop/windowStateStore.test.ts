import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_STATE, loadWindowState, saveWindowState, windowStatePath } from './windowStateStore.js';

const displays = [
  { x: 0, y: 0, width: 1920, height: 1080 },
  { x: 1920, y: 0, width: 1440, height: 900 },
];

describe('window state store', () => {
  let dir: string;
  let logs: string[];
  const log = (l: string) => logs.push(l);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'codex-winstate-'));
    logs = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips bounds and maximized through an atomic write', () => {
    const file = windowStatePath(join(dir, 'userData'));
    expect(loadWindowState(file, displays, log)).toEqual(DEFAULT_WINDOW_STATE);
    expect(logs).toEqual([]); // a first launch is not a problem
    const state = { bounds: { x: 2000, y: 100, width: 1200, height: 800 }, maximized: true };
    saveWindowState(file, state);
    expect(loadWindowState(file, displays, log)).toEqual(state);
    expect(readdirSync(join(dir, 'userData'))).toEqual(['window-state.json']); // no temp file left behind
    saveWindowState(file, { bounds: { width: 900, height: 600 }, maximized: false });
    expect(loadWindowState(file, displays, log)).toEqual({ bounds: { width: 900, height: 600 }, maximized: false });
    expect(JSON.parse(readFileSync(file, 'utf8')).bounds.width).toBe(900);
  });

  it('falls back to defaults for corrupt, invalid or off-screen state, saying why', () => {
    const file = windowStatePath(dir);
    const cases: [string, string][] = [
      ['{"bounds": {"width": 1000', 'not JSON'],
      ['[1,2]', 'not an object'],
      ['{"bounds": {"width": "wide", "height": 700}}', 'integers'],
      ['{"bounds": {"width": 200, "height": 700}}', 'out of range'],
      ['{"bounds": {"x": 10, "y": 10, "width": 1000, "height": 700}, "maximized": "yes"}', 'maximized'],
      ['{"bounds": {"x": 5000, "y": 10, "width": 1000, "height": 700}}', 'off every display'],
      ['{"bounds": {"x": 100, "y": -600, "width": 1000, "height": 700}}', 'off every display'],
      ['{"bounds": {"x": 1.5, "y": 10, "width": 1000, "height": 700}}', 'integers'],
    ];
    for (const [content, why] of cases) {
      logs = [];
      writeFileSync(file, content);
      expect(loadWindowState(file, displays, log), content).toEqual(DEFAULT_WINDOW_STATE);
      expect(logs.join('\n'), content).toContain(why);
    }
    // Mostly off to the left but its title bar still reachable: kept.
    writeFileSync(file, '{"bounds": {"x": -800, "y": 40, "width": 1000, "height": 700}}');
    expect(loadWindowState(file, displays, log).bounds.x).toBe(-800);
  });
});
