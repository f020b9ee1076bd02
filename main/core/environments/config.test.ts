import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvironments } from './config.js';

function home(toml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'codex-envs-'));
  if (toml !== undefined) writeFileSync(join(dir, 'environments.toml'), toml);
  return dir;
}

describe('environments configuration', () => {
  it('defaults to this machine when nothing is configured', () => {
    expect(loadEnvironments(home(), {})).toEqual({ defaultId: 'local', includeLocal: true, remotes: [], source: undefined });
  });

  it('CODEX_EXEC_SERVER_URL makes a websocket environment the default and wins over the file', () => {
    const cfg = loadEnvironments(home('default = "local"\n'), { CODEX_EXEC_SERVER_URL: 'ws://127.0.0.1:9000' });
    expect(cfg.defaultId).toBe('remote');
    expect(cfg.remotes).toEqual([{ id: 'remote', kind: 'websocket', url: 'ws://127.0.0.1:9000' }]);
    expect(loadEnvironments(home(), { CODEX_EXEC_SERVER_URL: 'none' }).defaultId).toBe('none');
    expect(() => loadEnvironments(home(), { CODEX_EXEC_SERVER_URL: 'http://x:1' })).toThrow(
      'CODEX_EXEC_SERVER_URL: value: expected a ws:// or wss:// URL, got http://',
    );
  });

  it('reads websocket and stdio environments with their timeouts', () => {
    const dir = home(
      [
        'default = "box"',
        'include_local = false',
        '[[environments]]',
        'id = "box"',
        'url = "ws://10.0.0.5:8765"',
        'connect_timeout_sec = 2',
        'initialize_timeout_sec = 1.5',
        '[[environments]]',
        'id = "ssh-dev"',
        'program = "ssh"',
        'args = ["dev", "codex", "exec-server", "--listen", "stdio"]',
        'env = { A = "1" }',
      ].join('\n'),
    );
    expect(loadEnvironments(dir, {})).toEqual({
      defaultId: 'box',
      includeLocal: false,
      source: join(dir, 'environments.toml'),
      remotes: [
        { id: 'box', kind: 'websocket', url: 'ws://10.0.0.5:8765', connectTimeoutMs: 2000, initializeTimeoutMs: 1500 },
        {
          id: 'ssh-dev',
          kind: 'stdio',
          program: 'ssh',
          args: ['dev', 'codex', 'exec-server', '--listen', 'stdio'],
          env: { A: '1' },
          cwd: undefined,
          initializeTimeoutMs: undefined,
        },
      ],
    });
  });

  it.each([
    ['[[environments]]\nid = "local"\nurl = "ws://a:1"\n', 'environments[0].id: "local" is reserved'],
    ['[[environments]]\nid = "bad id"\nurl = "ws://a:1"\n', 'environments[0].id: expected 1 to 64 characters of A-Z a-z 0-9 _ -'],
    ['[[environments]]\nid = "a"\n', 'environment "a" needs exactly one of `url` or `program`'],
    ['[[environments]]\nid = "a"\nurl = "ws://a:1"\nprogram = "ssh"\n', 'environment "a" needs exactly one of `url` or `program`'],
    ['[[environments]]\nid = "a"\nurl = "ws://a:1"\n[[environments]]\nid = "a"\nurl = "ws://b:1"\n', 'environments: duplicate id "a"'],
    ['[[environments]]\nid = "a"\nurl = "ws://a:1"\nconnect_timeout_sec = -1\n', 'environments[0].connect_timeout_sec: expected a positive number of seconds'],
    ['[[environments]]\nid = "a"\nurl = "ws://a:1"\nargs = ["x"]\n', 'environments[0].args: only allowed with `program`'],
    ['default = "nope"\n', 'default: unknown environment "nope"; expected one of "local", "none"'],
    ['include_local = false\ndefault = "local"\n', 'default: unknown environment "local"'],
    ['colour = "blue"\n', 'colour: unknown key'],
    ['default = \n', 'environments.toml:1:'],
  ])('rejects %j with an error naming the key', (toml, message) => {
    const dir = home(toml);
    expect(() => loadEnvironments(dir, {})).toThrow(message);
    expect(() => loadEnvironments(dir, {})).toThrow(join(dir, 'environments.toml'));
  });
});
