// `codex sandbox` end to end: the real CLI (bin/codex.js) running commands
// under the real Linux helper, in every spelling Codex has had: 0.169's
// `codex sandbox [-P …] [-C DIR] [--] CMD`, the older
// `codex sandbox linux [--full-auto] [-s POLICY] -- CMD`, and `codex debug landlock`.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeSandbox, runCodex, type Sandbox } from './support/cli.js';

// No model is called; the config only needs to load.
const UNUSED_MODEL_URL = 'http://127.0.0.1:9/v1';
// Keep /tmp out of the writable roots, so a sibling temp dir is "outside".
const NO_TMP = ['-c', 'sandbox_workspace_write.exclude_slash_tmp=true', '-c', 'sandbox_workspace_write.exclude_tmpdir_env_var=true'];

describe.skipIf(process.platform !== 'linux')('codex sandbox (real Linux helper)', () => {
  let sb: Sandbox;
  let other: string; // neither the workspace nor a writable root
  beforeEach(() => {
    sb = makeSandbox(UNUSED_MODEL_URL, {
      extraConfig: '[profiles.extra.sandbox_workspace_write]\nwritable_roots = ["EXTRA"]\n',
    });
    other = realpathSync(mkdtempSync(join(tmpdir(), 'codex-sbx-cli-')));
    // The profile's writable root, known only now.
    const cfg = join(sb.home, 'config.toml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace('"EXTRA"', JSON.stringify(join(other, 'extra'))));
    mkdirSync(join(other, 'extra'));
  });
  const codex = (args: string[], cwd = sb.workspace, env = sb.env) => runCodex(args, { cwd, env });

  it('-P :workspace -C DIR runs the command in DIR, lets it write there, and exits with its code', async () => {
    const r = await codex(
      ['sandbox', '-P', ':workspace', '-C', sb.workspace, ...NO_TMP, '--', 'sh', '-c', `pwd; echo x > f; echo y > ${other}/g; exit 3`],
      other,
    );
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe(`${sb.workspace}\n`);
    expect(readFileSync(join(sb.workspace, 'f'), 'utf8')).toBe('x\n');
    expect(existsSync(join(other, 'g'))).toBe(false);
  });

  it('plain `codex sandbox -- CMD` is read-only, without network, and says which sandbox it is', async () => {
    const r = await codex(['sandbox', '--', 'sh', '-c', 'echo "[$CODEX_SANDBOX] [$CODEX_SANDBOX_NETWORK_DISABLED]"; touch f']);
    expect(r.stdout).toBe('[linux-landlock] [1]\n');
    expect(r.stderr).toMatch(/Read-only file system|Permission denied/);
    expect(r.code).toBe(1);
    expect(existsSync(join(sb.workspace, 'f'))).toBe(false);
  });

  it('-s read-only -- touch f fails and leaves no file', async () => {
    const r = await codex(['sandbox', '-s', 'read-only', '--', 'touch', 'f']);
    expect(r.code).toBe(1);
    expect(existsSync(join(sb.workspace, 'f'))).toBe(false);
  });

  it('takes the command from the first positional, without --, leaving its flags alone', async () => {
    const r = await codex(['sandbox', 'sh', '-c', 'printf %s "$1"; exit 4', 'sh', '-s']);
    expect(r.stdout).toBe('-s');
    expect(r.code).toBe(4);
  });

  it('codex sandbox linux --full-auto writes the workspace but not outside it', async () => {
    const r = await codex(['sandbox', 'linux', '--full-auto', ...NO_TMP, '--', 'sh', '-c', `echo in > f; echo out > ${other}/g; echo done`]);
    expect(r.stdout).toBe('done\n');
    expect(r.code).toBe(0);
    expect(readFileSync(join(sb.workspace, 'f'), 'utf8')).toBe('in\n');
    expect(existsSync(join(other, 'g'))).toBe(false);
  });

  it('-c sandbox_mode and network_access pick the policy', async () => {
    const r = await codex([
      'sandbox',
      '-c',
      'sandbox_mode="workspace-write"',
      '-c',
      'sandbox_workspace_write.network_access=true',
      '--',
      'sh',
      '-c',
      'echo "[$CODEX_SANDBOX_NETWORK_DISABLED]" > f',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(sb.workspace, 'f'), 'utf8')).toBe('[]\n');
  });

  it('-p PROFILE and --add-dir add writable roots', async () => {
    const added = join(other, 'added');
    mkdirSync(added);
    const r = await codex([
      'sandbox',
      '-p',
      'extra',
      '--full-auto',
      '--add-dir',
      added,
      ...NO_TMP,
      '--',
      'sh',
      '-c',
      `echo a > ${other}/extra/a; echo b > ${added}/b; echo c > ${other}/c; true`,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(other, 'extra', 'a'), 'utf8')).toBe('a\n');
    expect(readFileSync(join(added, 'b'), 'utf8')).toBe('b\n');
    expect(existsSync(join(other, 'c'))).toBe(false);
  });

  it('codex debug landlock is the read-only sandbox; codex debug seatbelt refuses on Linux', async () => {
    const landlock = await codex(['debug', 'landlock', '--', 'sh', '-c', 'echo $CODEX_SANDBOX; touch f']);
    expect(landlock.stdout).toBe('linux-landlock\n');
    expect(landlock.code).toBe(1);
    expect(existsSync(join(sb.workspace, 'f'))).toBe(false);
    const seatbelt = await codex(['debug', 'seatbelt', '--', 'touch', 'f']);
    expect(seatbelt.code).toBe(1);
    expect(seatbelt.stderr).toMatch(/only available on macOS/);
    expect(existsSync(join(sb.workspace, 'f'))).toBe(false);
  });

  it('a command killed by a signal exits 128 + the signal number', async () => {
    const r = await codex(['sandbox', '--', 'sh', '-c', 'kill -TERM $$']);
    expect(r.code).toBe(143);
  });

  it('bad flags are usage errors (exit 2) and run nothing', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--bogus'], /unexpected argument '--bogus' found[\s\S]*use '-- --bogus'/],
      [['-P', ':workspace', '-s', 'workspace-write'], /'--permission-profile' cannot be used with '--sandbox'/],
      [['--full-auto', '-s', 'workspace-write'], /'--sandbox' cannot be used with '--full-auto'/],
      [['-P', 'custom'], /unknown permission profile 'custom'.*:read-only, :workspace, :danger-full-access/],
      [['-s', 'everything'], /invalid value 'everything' for '--sandbox'/],
      [['-C'], /a value is required for '--cd'/],
    ];
    for (const [flags, message] of cases) {
      const r = await codex(['sandbox', ...flags, '--', 'touch', 'f']);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const none = await codex(['sandbox', '-P', ':workspace']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no command given/);
    const badDebug = await codex(['debug', 'chroot', '--', 'touch', 'f']);
    expect(badDebug.code).toBe(2);
    expect(existsSync(join(sb.workspace, 'f'))).toBe(false);
  });

  it('a missing -C directory or a missing helper is an error (exit 1), never an unsandboxed run', async () => {
    const noDir = await codex(['sandbox', '-C', join(other, 'nope'), '--', 'touch', join(other, 'f')]);
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toMatch(/no such directory/);
    const env = { ...sb.env, CODEX_LINUX_SANDBOX_EXE: join(other, 'no-helper') };
    const noHelper = await codex(['sandbox', '-P', ':workspace', '--', 'touch', 'f'], sb.workspace, env);
    expect(noHelper.code).toBe(1);
    expect(noHelper.stderr).toMatch(/no-helper.*Refusing to run the command unsandboxed/);
    expect(existsSync(join(sb.workspace, 'f'))).toBe(false);
    expect(existsSync(join(other, 'f'))).toBe(false);
  });
});
