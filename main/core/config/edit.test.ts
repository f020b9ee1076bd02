import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'smol-toml';
import { applyConfigEdit, buildConfigReadResponse, configVersion, splitKeyPath, writeConfigEdits } from './edit.js';
import { loadConfig } from './load.js';
import type { ConfigEdit } from '../../../shared/protocol/types.js';

const ORIGINAL = `# My Codex settings — keep this comment
model = "o3"   # trailing comment, odd spacing
approval_policy = 'on-request'
notify = [
  "notify-send", # the program
  "Codex",
]

[sandbox_workspace_write]
network_access = false # no network

# profiles below
[profiles.fast]
model = "gpt-5.5"
description = """
model = "not a key"
"""

[tui]
notifications = true
`;

const set = (keyPath: string, value: ConfigEdit['value'], mergeStrategy: ConfigEdit['mergeStrategy'] = 'replace'): ConfigEdit => ({
  keyPath,
  value,
  mergeStrategy,
});

/** `text` with exactly one substring replaced (asserting it occurs once). */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe('applyConfigEdit', () => {
  it('replaces a value where it is written, keeping comments and spacing byte for byte', () => {
    expect(applyConfigEdit(ORIGINAL, set('model', 'gpt-5.5-codex'))).toBe(replaceOnce(ORIGINAL, 'model = "o3"', 'model = "gpt-5.5-codex"'));
    expect(applyConfigEdit(ORIGINAL, set('approval_policy', 'never'))).toBe(
      replaceOnce(ORIGINAL, "approval_policy = 'on-request'", 'approval_policy = "never"'),
    );
    expect(applyConfigEdit(ORIGINAL, set('sandbox_workspace_write.network_access', true))).toBe(
      replaceOnce(ORIGINAL, 'network_access = false # no network', 'network_access = true # no network'),
    );
    expect(applyConfigEdit(ORIGINAL, set('profiles.fast.model', 'o4'))).toBe(replaceOnce(ORIGINAL, 'model = "gpt-5.5"', 'model = "o4"'));
  });

  it('replaces a multi-line array as one value', () => {
    const out = applyConfigEdit(ORIGINAL, set('notify', ['say', 'done']));
    expect(out).toBe(replaceOnce(ORIGINAL, 'notify = [\n  "notify-send", # the program\n  "Codex",\n]', 'notify = ["say", "done"]'));
  });

  it('adds a missing key as one line in the nearest existing table, or the root', () => {
    expect(applyConfigEdit(ORIGINAL, set('model_reasoning_effort', 'high'))).toBe(
      replaceOnce(ORIGINAL, '  "Codex",\n]\n', '  "Codex",\n]\nmodel_reasoning_effort = "high"\n'),
    );
    expect(applyConfigEdit(ORIGINAL, set('tui.animations', false))).toBe(ORIGINAL + 'animations = false\n');
    expect(applyConfigEdit(ORIGINAL, set('sandbox_workspace_write.writable_roots', ['/tmp/a']))).toBe(
      replaceOnce(ORIGINAL, '# no network\n', '# no network\nwritable_roots = ["/tmp/a"]\n'),
    );
    // No [desktop] table yet: a dotted key in the root.
    expect(applyConfigEdit(ORIGINAL, set('desktop.notifications', false))).toBe(
      replaceOnce(ORIGINAL, '  "Codex",\n]\n', '  "Codex",\n]\ndesktop.notifications = false\n'),
    );
  });

  it('removes a key with null and ignores a missing one', () => {
    expect(applyConfigEdit(ORIGINAL, set('approval_policy', null))).toBe(replaceOnce(ORIGINAL, "approval_policy = 'on-request'\n", ''));
    expect(applyConfigEdit(ORIGINAL, set('no_such_key', null))).toBe(ORIGINAL);
    expect(applyConfigEdit(ORIGINAL, set('tui', null))).toBe(replaceOnce(ORIGINAL, '\n[tui]\nnotifications = true\n', ''));
  });

  it('upserts into a table, or replaces it', () => {
    const up = applyConfigEdit(ORIGINAL, set('tui', { animations: false }, 'upsert'));
    expect(up).toBe(ORIGINAL + 'animations = false\n');
    const rep = applyConfigEdit(ORIGINAL, set('tui', { animations: false }, 'replace'));
    expect(parse(rep).tui).toEqual({ animations: false });
    expect(rep.startsWith(ORIGINAL.slice(0, ORIGINAL.indexOf('[tui]')))).toBe(true);
  });

  it('edits inside inline tables and CRLF files', () => {
    const inline = 'tui = { notifications = true, animations = true } # ui\n';
    expect(applyConfigEdit(inline, set('tui.notifications', false))).toBe('tui = { notifications = false, animations = true } # ui\n');
    const crlf = '# c\r\nmodel = "a"\r\n\r\n[tui]\r\nx = 1\r\n';
    expect(applyConfigEdit(crlf, set('model', 'b'))).toBe('# c\r\nmodel = "b"\r\n\r\n[tui]\r\nx = 1\r\n');
    expect(applyConfigEdit(crlf, set('effort', 'low'))).toBe('# c\r\nmodel = "a"\r\neffort = "low"\r\n\r\n[tui]\r\nx = 1\r\n');
  });

  it('adds root keys above the first table of a file without root keys, and to an empty file', () => {
    const tablesOnly = '# top\n\n# about tui\n[tui]\nx = 1\n';
    expect(applyConfigEdit(tablesOnly, set('model', 'm'))).toBe('# top\n\nmodel = "m"\n\n# about tui\n[tui]\nx = 1\n');
    expect(applyConfigEdit('', set('model', 'm'))).toBe('model = "m"\n');
    expect(applyConfigEdit('# only a comment', set('model', 'm'))).toBe('# only a comment\nmodel = "m"\n');
  });

  it('refuses what it cannot do with an error naming the key', () => {
    expect(() => applyConfigEdit(ORIGINAL, set('tui', 'x'))).toThrow(/tui.*table/);
    expect(() => applyConfigEdit(ORIGINAL, set('model', [1, null]))).toThrow(/model\[1\].*null/);
    expect(() => applyConfigEdit('model = ', set('model', 'x'))).toThrow(/not valid TOML/);
    expect(() => splitKeyPath('a..b')).toThrow(/invalid key path "a..b"/);
    expect(splitKeyPath('mcp_servers."a.b".env')).toEqual(['mcp_servers', 'a.b', 'env']);
  });
});

describe('writeConfigEdits / buildConfigReadResponse', () => {
  function home(text: string | null): { dir: string; file: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codex-config-edit-'));
    const file = path.join(dir, 'config.toml');
    if (text !== null) fs.writeFileSync(file, text, { mode: 0o640 });
    return { dir, file };
  }

  it('writes a batch once, keeps the mode, and checks the expected version', () => {
    const { file } = home(ORIGINAL);
    const v0 = configVersion(ORIGINAL);
    const r = writeConfigEdits(file, [set('model', 'gpt-5.5'), set('model_reasoning_effort', 'low')], v0);
    const written = fs.readFileSync(file, 'utf8');
    expect(written).toBe(
      replaceOnce(replaceOnce(ORIGINAL, 'model = "o3"', 'model = "gpt-5.5"'), '  "Codex",\n]\n', '  "Codex",\n]\nmodel_reasoning_effort = "low"\n'),
    );
    expect(r).toEqual({ status: 'ok', version: configVersion(written), filePath: file, overriddenMetadata: null });
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    expect(() => writeConfigEdits(file, [set('model', 'x')], v0)).toThrow('Configuration was modified since last read. Fetch latest version and retry.');
    expect(fs.readFileSync(file, 'utf8')).toBe(written);
  });

  it('creates a missing file and keeps a BOM', () => {
    const { file } = home(null);
    writeConfigEdits(file, [set('model', 'm')]);
    expect(fs.readFileSync(file, 'utf8')).toBe('model = "m"\n');
    const bom = home('\ufeffmodel = "a"\n');
    writeConfigEdits(bom.file, [set('model', 'b')]);
    expect(fs.readFileSync(bom.file, 'utf8')).toBe('\ufeffmodel = "b"\n');
  });

  it('reads effective values with defaults, origins and the user layer', () => {
    const { dir, file } = home(ORIGINAL);
    const config = loadConfig({ codexHome: dir, env: { HOME: dir } });
    const r = buildConfigReadResponse(config, true);
    expect(r.config).toMatchObject({
      model: 'o3',
      approval_policy: 'on-request',
      sandbox_mode: 'read-only',
      model_reasoning_effort: null,
      tui: { notifications: true },
    });
    expect(r.origins['model']).toEqual({ name: { type: 'user', file, profile: null }, version: configVersion(ORIGINAL) });
    expect(r.origins['sandbox_workspace_write.network_access']).toBeDefined();
    expect(r.origins['sandbox_mode']).toBeUndefined();
    expect(r.layers![0]!.version).toBe(configVersion(ORIGINAL));
    expect(buildConfigReadResponse(config, false).layers).toBeNull();
  });
});

describe('AppServer config/* requests', () => {
  it('reads and writes the user config.toml and refuses any other file', async () => {
    const { AppServer } = await import('../server/appServer.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codex-config-rpc-'));
    const file = path.join(dir, 'config.toml');
    fs.writeFileSync(file, ORIGINAL);
    const server = new AppServer({
      source: 'exec',
      originator: 'test',
      version: '0',
      host: { notify() {}, request: async () => ({ decision: 'decline' }) } as any,
      codexHome: dir,
      env: { HOME: dir },
    });
    const read = (await server.handle('config/read', { includeLayers: true })) as any;
    expect(read.config.model).toBe('o3');
    const version = read.layers[0].version;
    const w = (await server.handle('config/value/write', { keyPath: 'model', value: 'o4', mergeStrategy: 'replace', expectedVersion: version })) as any;
    expect(fs.readFileSync(file, 'utf8')).toBe(replaceOnce(ORIGINAL, 'model = "o3"', 'model = "o4"'));
    expect(w.version).not.toBe(version);
    await expect(
      server.handle('config/value/write', { keyPath: 'model', value: 'x', mergeStrategy: 'replace', filePath: path.join(dir, 'other.toml') }),
    ).rejects.toThrow(/only .*config\.toml can be written/);
    // Codex's answer to a stale version: -32600 with config_write_error_code.
    await expect(server.handle('config/batchWrite', { edits: [set('model', 'y')], expectedVersion: version })).rejects.toMatchObject({
      code: -32600,
      message: 'Configuration was modified since last read. Fetch latest version and retry.',
      data: { config_write_error_code: 'configVersionConflict' },
    });
    await expect(server.handle('config/value/write', { keyPath: 'a..b', value: 1, mergeStrategy: 'replace' })).rejects.toThrow(/invalid key path/);
    expect(fs.readFileSync(file, 'utf8')).toBe(replaceOnce(ORIGINAL, 'model = "o3"', 'model = "o4"'));
    // Loading the whole core takes a while on a busy machine.
  }, 120_000);
});
