// The Windows back end's argv builder and helper lookup (run anywhere), and
// the cross-compiled helper exe (when mingw-w64 is installed). Enforcement
// itself can only be tested on Windows.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SandboxUnavailableError } from '../../main/core/sandbox/index.js';
import { findPackageRoot } from '../../main/core/sandbox/linux.js';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';
import {
  buildWindowsFullAccessCommand,
  buildWindowsSandboxCommand,
  locateWindowsSandboxHelper,
  WINDOWS_SANDBOX_BUILD_PATH,
} from '../../main/core/sandbox/windows.js';
import { protectedPathsFor } from '../../main/core/sandbox/writableRoots.js';

type WorkspaceWrite = Extract<SandboxPolicy, { mode: 'workspace-write' }>;
const READ_ONLY: SandboxPolicy = { mode: 'read-only', networkAccess: false };
function ww(extra: Partial<WorkspaceWrite> = {}): WorkspaceWrite {
  return {
    mode: 'workspace-write',
    writableRoots: [],
    networkAccess: false,
    excludeTmpdirEnvVar: false,
    excludeSlashTmp: false,
    ...extra,
  };
}
const HELPER = 'C:\\codex\\codex-windows-sandbox.exe';

let tmp: string;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'winsb-test-')));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('buildWindowsSandboxCommand', () => {
  it('read-only: mode only, network disabled, command after --', () => {
    const { argv, env } = buildWindowsSandboxCommand(
      { argv: ['cmd.exe', '/c', 'echo "a b"'], cwd: tmp, env: { Path: 'C:\\Windows' }, policy: READ_ONLY },
      HELPER,
    );
    expect(argv).toEqual([HELPER, '--mode', 'read-only', '--', 'cmd.exe', '/c', 'echo "a b"']);
    expect(env).toEqual({ Path: 'C:\\Windows', CODEX_SANDBOX: 'windows-restricted-token', CODEX_SANDBOX_NETWORK_DISABLED: '1' });
  });

  it('workspace-write: roots, protected paths from protectedPathsFor, %TEMP% as a root, no /tmp', () => {
    const ws = path.join(tmp, 'ws');
    const temp = path.join(tmp, 'temp');
    const extra = path.join(tmp, 'extra');
    mkdirSync(path.join(ws, '.git'), { recursive: true });
    mkdirSync(path.join(ws, '.agents'));
    mkdirSync(temp);
    mkdirSync(path.join(extra, '.codex'), { recursive: true });
    const { argv, env } = buildWindowsSandboxCommand({ argv: ['git', 'status'], cwd: ws, env: { temp }, policy: ww({ writableRoots: [extra] }) }, HELPER);
    const expected = [HELPER, '--mode', 'workspace-write', '--writable-root', ws, '--writable-root', extra, '--writable-root', temp];
    for (const root of [ws, extra, temp]) {
      for (const p of protectedPathsFor(root, root === ws)) expected.push(p.createIfMissing ? '--protected-create' : '--protected', p.path);
    }
    expected.push('--', 'git', 'status');
    expect(argv).toEqual(expected);
    // Spelled out, so a change in protectedPathsFor is visible here too.
    expect(argv).toContain(path.join(ws, '.git'));
    expect(argv[argv.indexOf(path.join(ws, '.codex')) - 1]).toBe('--protected-create');
    expect(argv[argv.indexOf(path.join(extra, '.codex')) - 1]).toBe('--protected');
    expect(argv).not.toContain('/tmp');
    expect(argv).not.toContain('--network');
    expect(env['CODEX_SANDBOX_NETWORK_DISABLED']).toBe('1');
  });

  it('workspace-write with network: --network, no network-disabled env', () => {
    const { argv, env } = buildWindowsSandboxCommand({ argv: ['npm', 'install'], cwd: tmp, env: {}, policy: ww({ networkAccess: true }) }, HELPER);
    expect(argv.slice(0, argv.indexOf('--'))).toContain('--network');
    expect(env['CODEX_SANDBOX_NETWORK_DISABLED']).toBeUndefined();
  });

  it('arguments that look like helper options stay after --', () => {
    const { argv } = buildWindowsSandboxCommand({ argv: ['--writable-root', 'C:\\', '--network'], cwd: tmp, env: {}, policy: READ_ONLY }, HELPER);
    expect(argv.slice(argv.indexOf('--') + 1)).toEqual(['--writable-root', 'C:\\', '--network']);
    expect(argv.indexOf('--')).toBe(3);
  });

  it('refuses danger-full-access and empty argv', () => {
    expect(() => buildWindowsSandboxCommand({ argv: ['x'], cwd: tmp, env: {}, policy: { mode: 'danger-full-access' } }, HELPER)).toThrow();
    expect(() => buildWindowsSandboxCommand({ argv: [], cwd: tmp, env: {}, policy: READ_ONLY }, HELPER)).toThrow(/empty argv/);
  });
});

describe('buildWindowsFullAccessCommand', () => {
  it('runs the command under the helper in danger-full-access mode (the job object only), env unchanged', () => {
    const env = { PATH: 'C:\\Windows', CODEX_X: '1' };
    const cmd = buildWindowsFullAccessCommand({ argv: ['cmd.exe', '/c', 'echo', '--mode'], cwd: tmp, env, policy: { mode: 'danger-full-access' } }, HELPER);
    expect(cmd.argv).toEqual([HELPER, '--mode', 'danger-full-access', '--', 'cmd.exe', '/c', 'echo', '--mode']);
    expect(cmd.env).toEqual(env);
    expect(() => buildWindowsFullAccessCommand({ argv: [], cwd: tmp, env, policy: { mode: 'danger-full-access' } }, HELPER)).toThrow(/empty argv/);
  });
});

describe('locateWindowsSandboxHelper', () => {
  it('uses $CODEX_WINDOWS_SANDBOX_EXE when it is a file', () => {
    const exe = path.join(tmp, 'helper.exe');
    writeFileSync(exe, 'MZ');
    expect(locateWindowsSandboxHelper({ CODEX_WINDOWS_SANDBOX_EXE: exe })).toBe(exe);
  });

  it('throws SandboxUnavailableError for a wrong override, without falling back', () => {
    expect(() => locateWindowsSandboxHelper({ CODEX_WINDOWS_SANDBOX_EXE: path.join(tmp, 'nope.exe') })).toThrow(SandboxUnavailableError);
    expect(() => locateWindowsSandboxHelper({ CODEX_WINDOWS_SANDBOX_EXE: tmp })).toThrow(/is not a file/);
  });
});

const mingw = spawnSync('x86_64-w64-mingw32-gcc', ['--version'], { stdio: 'ignore' });
const haveMingw = !mingw.error && mingw.status === 0;

describe.skipIf(!haveMingw)('codex-windows-sandbox.exe (needs x86_64-w64-mingw32-gcc; skipped without it)', () => {
  const root = findPackageRoot()!;
  const exe = path.join(root, WINDOWS_SANDBOX_BUILD_PATH);

  it('builds with build-windows.mjs --require into a PE32+ exe importing the token APIs', { timeout: 120_000 }, () => {
    const r = spawnSync(process.execPath, [path.join(root, 'native-helpers', 'build-windows.mjs'), '--require'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(exe);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
    const pe = bytes.readUInt32LE(0x3c);
    expect(bytes.subarray(pe, pe + 4).toString('latin1')).toBe('PE\0\0');
    expect(bytes.readUInt16LE(pe + 4)).toBe(0x8664); // machine: x86-64
    expect(bytes.readUInt16LE(pe + 24)).toBe(0x20b); // optional header magic: PE32+
    const text = bytes.toString('latin1');
    for (const name of ['CreateRestrictedToken', 'CreateProcessAsUserW', 'SetInformationJobObject', 'SetNamedSecurityInfoW']) {
      expect(text).toContain(name);
    }
    // And the names really are imports (from ADVAPI32), not stray strings.
    const dump = spawnSync('x86_64-w64-mingw32-objdump', ['-p', exe], { encoding: 'utf8' });
    if (!dump.error && dump.status === 0) {
      const advapi = dump.stdout.split(/DLL Name: /).find((s) => s.startsWith('ADVAPI32.dll')) ?? '';
      expect(advapi).toMatch(/\bCreateRestrictedToken\b/);
      expect(advapi).toMatch(/\bCreateProcessAsUserW\b/);
      // danger-full-access starts the command itself (no token) inside the job.
      const kernel = dump.stdout.split(/DLL Name: /).find((s) => s.startsWith('KERNEL32.dll')) ?? '';
      expect(kernel).toMatch(/\bCreateProcessW\b/);
      expect(kernel).toMatch(/\bAssignProcessToJobObject\b/);
    }
  });
});
