import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLoginShellEnv, parseMarkedEnv, readLoginShellEnv, shouldLoadLoginShellEnv } from './loginShellEnv.js';

describe('login shell environment', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'codex-shellenv-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const launcherEnv = () => ({ HOME: home, PATH: '/usr/bin:/bin', SHELL: '/bin/bash', LANG: 'C.UTF-8' }) as NodeJS.ProcessEnv;

  it('loads what the login profile sets, ignoring the noise it prints', async () => {
    writeFileSync(
      join(home, '.bash_profile'),
      [
        'echo "Welcome back! Have a nice day"',
        'printf "\\0half=a\\0"',
        'export CODEX_TEST_FROM_PROFILE="from profile = yes"',
        `export PATH="${home}/tools/bin:$PATH"`,
        'export MULTI_LINE="one',
        'two"',
        'echo bye >&2',
      ].join('\n'),
    );
    const target = launcherEnv();
    const logs: string[] = [];
    expect(await applyLoginShellEnv({ target, stdinIsTTY: false, log: (l) => logs.push(l), platform: 'linux', timeoutMs: 15_000 })).toBe(true);
    expect(target.CODEX_TEST_FROM_PROFILE).toBe('from profile = yes');
    expect(target.MULTI_LINE).toBe('one\ntwo');
    // /etc/profile may rewrite the system part of PATH; the profile's addition comes first.
    expect(target.PATH?.startsWith(`${home}/tools/bin:`)).toBe(true);
    expect(target.half).toBeUndefined();
    expect(target.SHLVL).toBeUndefined();
    expect(logs.join('\n')).toContain('login shell environment loaded from /bin/bash');
  });

  it('keeps the current environment when the shell fails or hangs', async () => {
    const target: NodeJS.ProcessEnv = { ...launcherEnv(), SHELL: join(home, 'no-such-shell') };
    const logs: string[] = [];
    expect(await applyLoginShellEnv({ target, stdinIsTTY: false, log: (l) => logs.push(l), platform: 'linux' })).toBe(false);
    expect(target.PATH).toBe('/usr/bin:/bin');
    expect(logs.join('\n')).toMatch(/not loaded: cannot start .*no-such-shell/);

    writeFileSync(join(home, '.bash_profile'), 'export CODEX_TEST_FROM_PROFILE=late\nsleep 30\n');
    const started = Date.now();
    const r = await readLoginShellEnv({ shell: '/bin/bash', env: launcherEnv(), timeoutMs: 700 });
    expect(r).toEqual({ ok: false, error: '/bin/bash -ilc did not finish within 700 ms' });
    expect(Date.now() - started).toBeLessThan(5_000);

    writeFileSync(join(home, '.bash_profile'), 'exit 3\n');
    expect(await readLoginShellEnv({ shell: '/bin/bash', env: launcherEnv(), timeoutMs: 10_000 })).toEqual({
      ok: false,
      error: '/bin/bash -ilc gave no environment (exit 3)',
    });
  });

  it('runs only for launcher starts, never on Windows', () => {
    expect(shouldLoadLoginShellEnv({}, false, 'darwin')).toBe(true);
    expect(shouldLoadLoginShellEnv({ TERM: 'xterm' }, true, 'linux')).toBe(false);
    expect(shouldLoadLoginShellEnv({ TERM: 'xterm' }, false, 'linux')).toBe(true);
    expect(shouldLoadLoginShellEnv({}, false, 'win32')).toBe(false);
    expect(shouldLoadLoginShellEnv({ TERM: 'xterm', CODEX_DESKTOP_SHELL_ENV: '1' }, true, 'linux')).toBe(true);
    expect(shouldLoadLoginShellEnv({ CODEX_DESKTOP_SHELL_ENV: '0' }, false, 'linux')).toBe(false);
    expect(parseMarkedEnv('noise__M__A=1\0B=x=y\0__M__ trailing', '__M__')).toEqual({ A: '1', B: 'x=y' });
    expect(parseMarkedEnv('__M__A=1\0', '__M__')).toBeNull();
  });
});
