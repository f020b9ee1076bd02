import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AdminCancelledError,
  adminAppleScript,
  describeCliLinkResult,
  inspectCliLink,
  installCliOnPath,
  LAUNCHER_MARKER,
  linkScript,
  removeCliFromPath,
} from '../../main/desktop/cliOnPath.js';

const REPO_LAUNCHER = join(import.meta.dirname, '..', '..', 'packaging', 'bin', 'codex');

/** A fake app bundle holding a copy of the real launcher, as the packaged app has it. */
function makeApp(root: string, name: string): string {
  const bin = join(root, `${name}.app`, 'Contents', 'Resources', 'bin');
  mkdirSync(bin, { recursive: true });
  copyFileSync(REPO_LAUNCHER, join(bin, 'codex'));
  chmodSync(join(bin, 'codex'), 0o755);
  return join(bin, 'codex');
}

/** Runs a script the way the admin fallback would, minus the password prompt. */
async function shElevate(script: string): Promise<void> {
  execFileSync('/bin/sh', ['-c', script]);
}

describe('codex on PATH (macOS menu item)', () => {
  let dir: string;
  let binDir: string;
  let launcher: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'codex-clipath-'));
    binDir = join(dir, 'usr', 'local', 'bin');
    launcher = makeApp(dir, 'Codex Desktop');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the shipped launcher carries the marker that identifies our links', () => {
    expect(readFileSync(REPO_LAUNCHER, 'utf8').slice(0, 512)).toContain(LAUNCHER_MARKER);
  });

  it('creates the bin dir and the link, then reports it as already installed', async () => {
    const r = await installCliOnPath({ launcher, binDir });
    expect(r.status).toBe('installed');
    const link = join(binDir, 'codex');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(launcher);
    expect(readdirSync(binDir)).toEqual(['codex']); // no temp link left behind
    expect((await installCliOnPath({ launcher, binDir })).status).toBe('unchanged');
    expect(describeCliLinkResult(r)).toMatchObject({ type: 'info', message: "'codex' is now on your PATH" });
  });

  it('replaces our own stale link: another copy of the app, or a deleted one', async () => {
    const old = makeApp(join(dir, 'Downloads'), 'Codex Desktop');
    mkdirSync(binDir, { recursive: true });
    const link = join(binDir, 'codex');
    symlinkSync(old, link);
    expect(inspectCliLink(link, launcher)).toEqual({ kind: 'stale', target: old });
    const r = await installCliOnPath({ launcher, binDir });
    expect(r).toMatchObject({ status: 'updated', previousTarget: old });
    expect(readlinkSync(link)).toBe(launcher);

    // The app was renamed and the old copy deleted: the dangling link is ours too.
    rmSync(link);
    symlinkSync(join(dir, 'gone', 'Codex Desktop 2.app', 'Contents', 'Resources', 'bin', 'codex'), link);
    expect((await installCliOnPath({ launcher, binDir })).status).toBe('updated');
    expect(readlinkSync(link)).toBe(launcher);
  });

  it('refuses to touch a codex that is not ours, and says what it is', async () => {
    mkdirSync(binDir, { recursive: true });
    const link = join(binDir, 'codex');
    const cases: [() => void, string][] = [
      [() => writeFileSync(link, '#!/bin/sh\necho npm codex\n', { mode: 0o755 }), 'a file, not a link to Codex Desktop'],
      [() => symlinkSync(REPO_LAUNCHER.replace('packaging/bin/codex', 'package.json'), link), 'a link to'],
      [() => symlinkSync('/nonexistent/lib/node_modules/@openai/codex/bin/codex.js', link), 'a broken link to'],
      [() => mkdirSync(link), 'a directory'],
    ];
    for (const [make, what] of cases) {
      rmSync(link, { recursive: true, force: true });
      make();
      const before = lstatSync(link);
      const r = await installCliOnPath({ launcher, binDir });
      expect(r.status).toBe('refused');
      expect(r.status === 'refused' && r.what).toContain(what);
      expect(lstatSync(link).mtimeMs).toBe(before.mtimeMs); // untouched
      expect((await removeCliFromPath({ launcher, binDir })).status).toBe('refused');
      expect(existsSync(link) || lstatSync(link).isSymbolicLink()).toBe(true);
      const msg = describeCliLinkResult(r);
      expect(msg.type).toBe('warning');
      expect(msg.message).toBe(`${link} already exists and is not Codex Desktop's`);
    }
  });

  it('uses the admin fallback (a real sh run of its script) when the bin dir is not writable', async () => {
    const scripts: string[] = [];
    const elevate = async (s: string) => {
      scripts.push(s);
      await shElevate(s);
    };
    const r = await installCliOnPath({ launcher, binDir, canWrite: () => false, elevate });
    expect(r.status).toBe('installed');
    expect(scripts).toHaveLength(1);
    expect(readlinkSync(join(binDir, 'codex'))).toBe(launcher); // the quoted path with a space survived sh
    expect((await removeCliFromPath({ launcher, binDir, canWrite: () => false, elevate })).status).toBe('removed');
    expect(existsSync(join(binDir, 'codex'))).toBe(false);

    // Without a way to elevate, or when the prompt is cancelled, nothing changes.
    expect(await installCliOnPath({ launcher, binDir, canWrite: () => false })).toMatchObject({ status: 'failed' });
    const cancelled = await installCliOnPath({
      launcher,
      binDir,
      canWrite: () => false,
      elevate: async () => {
        throw new AdminCancelledError('cancelled');
      },
    });
    expect(cancelled.status).toBe('cancelled');
    // An "elevation" that did nothing is caught by looking at the file system afterwards.
    expect((await installCliOnPath({ launcher, binDir, canWrite: () => false, elevate: async () => {} })).status).toBe('failed');
    expect(existsSync(join(binDir, 'codex'))).toBe(false);
  });

  it('quotes paths with quotes and spaces for sh and for AppleScript', () => {
    const odd = join(dir, `it's "odd" \\ dir`);
    const oddLauncher = makeApp(odd, 'Codex Desktop');
    const oddBin = join(odd, 'bin dir');
    execFileSync('/bin/sh', ['-c', linkScript(oddBin, join(oddBin, 'codex'), oddLauncher)]);
    expect(readlinkSync(join(oddBin, 'codex'))).toBe(oddLauncher);
    expect(adminAppleScript(`ln -s 'a "b" \\c'`)).toBe(`do shell script "ln -s 'a \\"b\\" \\\\c'" with administrator privileges`);
  });

  it('removes our link, and reports a missing launcher instead of linking to nothing', async () => {
    expect((await removeCliFromPath({ launcher, binDir })).status).toBe('absent');
    await installCliOnPath({ launcher, binDir });
    expect((await removeCliFromPath({ launcher, binDir })).status).toBe('removed');
    expect(existsSync(join(binDir, 'codex'))).toBe(false);
    const r = await installCliOnPath({ launcher: join(dir, 'nowhere', 'codex'), binDir });
    expect(r.status).toBe('no-launcher');
    expect(describeCliLinkResult(r).type).toBe('error');
  });
});
