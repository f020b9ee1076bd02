import { describe, expect, it } from 'vitest';
import { windowsSandboxRefusal } from './commandExec.js';

describe('windowsSandboxRefusal', () => {
  const readOnly = { mode: 'read-only', networkAccess: false } as const;
  it("refuses a PTY or streams under Windows' sandbox, in Codex's words", () => {
    expect(windowsSandboxRefusal('win32', readOnly, true)).toBe('streaming command/exec is not supported with windows sandbox');
  });
  it('lets a buffered command, full access, or another platform through', () => {
    expect(windowsSandboxRefusal('win32', readOnly, false)).toBeNull();
    expect(windowsSandboxRefusal('win32', { mode: 'danger-full-access' }, true)).toBeNull();
    expect(windowsSandboxRefusal('linux', readOnly, true)).toBeNull();
    expect(windowsSandboxRefusal('darwin', readOnly, true)).toBeNull();
  });
});
