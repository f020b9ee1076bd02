// The Seatbelt profile generator. sandbox-exec does not exist off macOS, so
// these tests check the generated argv and profile text, not enforcement.
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSeatbeltCommand, SANDBOX_EXEC_PATH } from './seatbelt.js';
import { READ_ONLY, ww } from '../../../tests/support/sandboxPolicies.js';

/** Parses SBPL just enough to prove it is one or more balanced s-expressions. */
function checkBalanced(src: string): void {
  let depth = 0;
  let forms = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === ';') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '"' || (c === '#' && src[i + 1] === '"')) {
      if (c === '#') i++;
      i++;
      while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
      if (i >= src.length) throw new Error('unterminated string');
    } else if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth < 0) throw new Error(`unbalanced ")" at ${i}`);
      if (depth === 0) forms++;
    }
  }
  if (depth !== 0) throw new Error(`unclosed "(" (depth ${depth})`);
  if (forms === 0) throw new Error('no forms');
}

/** Splits the sandbox-exec argv into its parts. */
function parts(argv: string[]) {
  expect(argv[0]).toBe(SANDBOX_EXEC_PATH);
  expect(argv[1]).toBe('-p');
  const profile = argv[2]!;
  const sep = argv.indexOf('--');
  const params = Object.fromEntries(
    argv.slice(3, sep).map((a) => {
      expect(a.startsWith('-D')).toBe(true);
      const eq = a.indexOf('=');
      return [a.slice(2, eq), a.slice(eq + 1)];
    }),
  );
  return { profile, params, command: argv.slice(sep + 1) };
}

let tmp: string;
beforeEach(() => {
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'seatbelt-test-')));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('buildSeatbeltCommand', () => {
  it('read-only: no writable roots, no network, env flags set', () => {
    const { argv, env } = buildSeatbeltCommand({ argv: ['ls', '-la'], cwd: tmp, env: { PATH: '/bin' }, policy: READ_ONLY });
    const { profile, params, command } = parts(argv);
    expect(command).toEqual(['ls', '-la']);
    expect(params).toEqual({});
    expect(profile).toMatch(/^\(version 1\)\n\(deny default\)/);
    expect(profile).toContain('(allow file-read*)');
    expect(profile).not.toContain('WRITABLE_ROOT');
    expect(profile).not.toMatch(/\(allow network/);
    expect(profile).not.toContain('(allow file-write*\n');
    expect(env).toEqual({ PATH: '/bin', CODEX_SANDBOX: 'seatbelt', CODEX_SANDBOX_NETWORK_DISABLED: '1' });
    checkBalanced(profile);
  });

  it('workspace-write without network: cwd is a root, .codex of the cwd excluded even when missing', () => {
    const { argv, env } = buildSeatbeltCommand({ argv: ['touch', 'x'], cwd: tmp, env: {}, policy: ww() });
    const { profile, params } = parts(argv);
    expect(params).toEqual({ WRITABLE_ROOT_0: tmp, WRITABLE_ROOT_0_EXCLUDED_0: path.join(tmp, '.codex') });
    expect(profile).toContain('(require-all (subpath (param "WRITABLE_ROOT_0")) (require-not (subpath (param "WRITABLE_ROOT_0_EXCLUDED_0"))))');
    expect(profile).not.toMatch(/\(allow network/);
    expect(env['CODEX_SANDBOX_NETWORK_DISABLED']).toBe('1');
    checkBalanced(profile);
  });

  it('workspace-write with network and excludes (.git, .agents, extra root, TMPDIR)', () => {
    mkdirSync(path.join(tmp, 'ws', '.git'), { recursive: true });
    mkdirSync(path.join(tmp, 'ws', '.agents'));
    mkdirSync(path.join(tmp, 'extra'));
    mkdirSync(path.join(tmp, 'tmpdir'));
    const ws = path.join(tmp, 'ws');
    const { argv, env } = buildSeatbeltCommand({
      argv: ['git', 'status'],
      cwd: ws,
      env: { TMPDIR: path.join(tmp, 'tmpdir') },
      policy: ww({ networkAccess: true, writableRoots: ['../extra'], excludeTmpdirEnvVar: false }),
    });
    const { profile, params, command } = parts(argv);
    expect(command).toEqual(['git', 'status']);
    expect(params).toEqual({
      WRITABLE_ROOT_0: ws,
      WRITABLE_ROOT_0_EXCLUDED_0: path.join(ws, '.git'),
      WRITABLE_ROOT_0_EXCLUDED_1: path.join(ws, '.codex'),
      WRITABLE_ROOT_0_EXCLUDED_2: path.join(ws, '.agents'),
      WRITABLE_ROOT_1: path.join(tmp, 'extra'),
      WRITABLE_ROOT_2: path.join(tmp, 'tmpdir'),
    });
    // Every -D parameter is used by the profile, and every param the profile uses is defined.
    const used = [...profile.matchAll(/\(param "([A-Z0-9_]+)"\)/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(params)));
    expect(profile).toContain('(subpath (param "WRITABLE_ROOT_1"))');
    expect(profile).toContain('(require-not (subpath (param "WRITABLE_ROOT_0_EXCLUDED_2")))');
    expect(profile).toContain('(allow network-outbound)');
    expect(profile).toContain('(allow network-inbound)');
    expect(env['CODEX_SANDBOX']).toBe('seatbelt');
    expect(env['CODEX_SANDBOX_NETWORK_DISABLED']).toBeUndefined();
    checkBalanced(profile);
  });

  it('a root whose name contains SBPL cannot change the profile', () => {
    const evil = path.join(tmp, '")(allow default) (allow file-write* (subpath "x');
    const plain = path.join(tmp, 'plain');
    mkdirSync(evil);
    mkdirSync(plain);
    const a = buildSeatbeltCommand({ argv: ['true'], cwd: evil, env: {}, policy: ww() });
    const b = buildSeatbeltCommand({ argv: ['true'], cwd: plain, env: {}, policy: ww() });
    const pa = parts(a.argv);
    expect(pa.profile).toBe(parts(b.argv).profile);
    expect(pa.profile).not.toContain('(allow default');
    expect(pa.params['WRITABLE_ROOT_0']).toBe(evil);
    checkBalanced(pa.profile);
  });

  it('the command after -- is passed through verbatim, even when it looks like an option', () => {
    const { argv } = buildSeatbeltCommand({ argv: ['-p', '(allow default)', '--'], cwd: tmp, env: {}, policy: READ_ONLY });
    expect(parts(argv).command).toEqual(['-p', '(allow default)', '--']);
  });

  it('refuses danger-full-access and empty argv', () => {
    expect(() => buildSeatbeltCommand({ argv: ['x'], cwd: tmp, env: {}, policy: { mode: 'danger-full-access' } })).toThrow();
    expect(() => buildSeatbeltCommand({ argv: [], cwd: tmp, env: {}, policy: READ_ONLY })).toThrow(/empty argv/);
  });

  it('the balance checker itself rejects broken profiles', () => {
    expect(() => checkBalanced('(version 1')).toThrow();
    expect(() => checkBalanced('(a))')).toThrow();
    expect(() => checkBalanced('(a "unterminated)')).toThrow();
    expect(() => checkBalanced('(a #"^/x)$")')).not.toThrow();
  });
});
