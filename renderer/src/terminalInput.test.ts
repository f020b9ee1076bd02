import { describe, expect, it } from 'vitest';
import { keyInput } from './terminals.js';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...mods,
});

describe('keys typed into the terminal panel before xterm.js has loaded', () => {
  it('become what a terminal sends: text, Enter as CR, Backspace as DEL, Tab, Ctrl+C and Ctrl+D', () => {
    expect(['e', '"', ' ', 'é', 'Ж'].map((k) => keyInput(key(k)))).toEqual(['e', '"', ' ', 'é', 'Ж']);
    expect(keyInput(key('Enter'))).toBe('\r');
    expect(keyInput(key('Backspace'))).toBe('\x7f');
    expect(keyInput(key('Tab'))).toBe('\t');
    expect(keyInput(key('c', { ctrlKey: true }))).toBe('\x03');
    expect(keyInput(key('D', { ctrlKey: true }))).toBe('\x04');
  });
  it("leaves the app's shortcuts and keys without text to the app", () => {
    for (const k of [
      key('k', { ctrlKey: true }),
      key('n', { metaKey: true }),
      key('x', { altKey: true }),
      key('Shift'),
      key('ArrowUp'),
      key('Escape'),
      key('F5'),
    ])
      expect(keyInput(k)).toBeNull();
  });
});
