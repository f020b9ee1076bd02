// config.toml loses no write (issue 11 §6): the built `codex mcp add` and
// `codex app-server`'s config writes, run as parallel processes against one
// CODEX_HOME, queue on config.toml.lock and each apply their change to the file
// as it is on disk; an editor's save is never reverted; a symlinked config.toml
// stays a link; a live lock holder is waited for and a dead one's lock recovered.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { AppServerClient } from './support/appServerClient.js';
import { makeSandbox, runCodex, type Sandbox } from './support/cli.js';
import { holdLock } from './support/lockHolder.js';

let sb: Sandbox;
let configFile: string;
const clients: AppServerClient[] = [];
beforeEach(() => {
  // No model is asked anything here; the provider URL only has to parse.
  sb = makeSandbox('http://127.0.0.1:9/v1');
  configFile = path.join(sb.home, 'config.toml');
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});

const mcpAdd = (name: string) => runCodex(['mcp', 'add', name, '--', 'node', `${name}.js`], { cwd: sb.workspace, env: sb.env, timeoutMs: 120_000 });
const doc = () => parse(fs.readFileSync(configFile, 'utf8')) as any;
/** Nothing but config.toml is left behind: no lock, no temp file. */
const leftovers = (dir: string) => fs.readdirSync(dir).filter((f) => f !== 'config.toml');

async function appServer(): Promise<AppServerClient> {
  const c = AppServerClient.spawn(sb);
  clients.push(c);
  const init = await c.initialized;
  expect(init.error).toBeUndefined();
  return c;
}

describe('config.toml writers', () => {
  it('20 parallel `codex mcp add` all succeed and all 20 servers are kept', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `server${i}`);
    const runs = await Promise.all(names.map(mcpAdd));
    runs.forEach((r, i) => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`Added global MCP server '${names[i]}'.\n`);
    });
    const kept = Object.keys(doc().mcp_servers ?? {});
    expect(kept.sort()).toEqual([...names].sort());
    expect(doc().model).toBe('gpt-5.5');
    expect(leftovers(sb.home)).toEqual([]);
  }, 180_000);

  it('mcp add and app-server config writes running in parallel lose nothing', async () => {
    const [a, b] = await Promise.all([appServer(), appServer()]);
    const write = (c: AppServerClient, i: number) =>
      c.request('config/value/write', { keyPath: `projects."/work/p${i}".trust_level`, value: 'trusted', mergeStrategy: 'replace' });
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => write(i % 2 ? a : b, i)),
      ...Array.from({ length: 10 }, (_, i) => mcpAdd(`mixed${i}`)),
      // A batch of two keys from each server, in the middle of it all.
      a.request('config/batchWrite', {
        edits: [
          { keyPath: 'tui.notifications', value: true, mergeStrategy: 'replace' },
          { keyPath: 'tui.animations', value: false, mergeStrategy: 'replace' },
        ],
      }),
      b.request('config/batchWrite', { edits: [{ keyPath: 'model_reasoning_effort', value: 'high', mergeStrategy: 'replace' }] }),
    ]);
    for (const r of answers) {
      if ('code' in r) expect(r.code).toBe(0);
      else expect(r.error).toBeUndefined();
    }
    const d = doc();
    expect(Object.keys(d.projects).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `/work/p${i}`).sort());
    expect(Object.keys(d.mcp_servers).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `mixed${i}`).sort());
    expect(d.tui).toEqual({ notifications: true, animations: false });
    expect(d.model_reasoning_effort).toBe('high');
    expect(d.model_providers.mock.base_url).toBe('http://127.0.0.1:9/v1');
    expect(leftovers(sb.home)).toEqual([]);
  }, 180_000);

  it("never reverts an editor's save made between a client's read and its write", async () => {
    const c = await appServer();
    const read = await c.request('config/read', { includeLayers: true });
    const version = read.result.layers[0].version;
    // The user saves the file in an editor meanwhile.
    const edited = fs.readFileSync(configFile, 'utf8').replace('model = "gpt-5.5"', '# picked by hand\nmodel = "gpt-5.5-codex"');
    fs.writeFileSync(configFile, edited);

    // With the version it read, the client is refused as Codex refuses it, and nothing changes.
    const stale = await c.request('config/value/write', {
      keyPath: 'model_reasoning_effort',
      value: 'low',
      mergeStrategy: 'replace',
      expectedVersion: version,
    });
    expect(stale.error).toEqual({
      code: -32600,
      message: 'Configuration was modified since last read. Fetch latest version and retry.',
      data: { config_write_error_code: 'configVersionConflict' },
    });
    expect(fs.readFileSync(configFile, 'utf8')).toBe(edited);

    // Without a version, the edit lands on top of the editor's content.
    const blind = await c.request('config/value/write', { keyPath: 'model_reasoning_effort', value: 'low', mergeStrategy: 'replace' });
    expect(blind.error).toBeUndefined();
    const after = fs.readFileSync(configFile, 'utf8');
    expect(after).toContain('# picked by hand\nmodel = "gpt-5.5-codex"\n');
    expect(doc().model_reasoning_effort).toBe('low');
    expect(after.replace('model_reasoning_effort = "low"\n', '')).toBe(edited);
  }, 120_000);

  it('writes a symlinked config.toml through to its target and leaves the link in place', async () => {
    const dotfiles = path.join(path.dirname(sb.home), 'dotfiles');
    fs.mkdirSync(dotfiles);
    const target = path.join(dotfiles, 'codex.toml');
    fs.renameSync(configFile, target);
    fs.chmodSync(target, 0o640);
    fs.symlinkSync('../dotfiles/codex.toml', configFile);

    expect((await mcpAdd('linked')).code).toBe(0);
    const c = await appServer();
    expect((await c.request('config/value/write', { keyPath: 'model', value: 'o4-mini', mergeStrategy: 'replace' })).error).toBeUndefined();

    expect(fs.lstatSync(configFile).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(configFile)).toBe('../dotfiles/codex.toml');
    const d = parse(fs.readFileSync(target, 'utf8')) as any;
    expect(d.mcp_servers.linked.command).toBe('node');
    expect(d.model).toBe('o4-mini');
    expect(fs.statSync(target).mode & 0o777).toBe(0o640);
    expect(leftovers(sb.home)).toEqual([]);
    expect(fs.readdirSync(dotfiles)).toEqual(['codex.toml']);
  }, 120_000);

  it('waits for a live holder of config.toml.lock, then writes', async () => {
    const holder = await holdLock(configFile, 2_500);
    let holderExitedAt = 0;
    void holder.exited.then(() => (holderExitedAt = Date.now()));
    const r = await mcpAdd('patient');
    const doneAt = Date.now();
    expect(r.code).toBe(0);
    expect(holderExitedAt).toBeGreaterThan(0);
    expect(doneAt).toBeGreaterThanOrEqual(holderExitedAt);
    expect(doc().mcp_servers.patient).toBeDefined();
  }, 120_000);

  it('recovers the lock left by a writer killed while holding it', async () => {
    const holder = await holdLock(configFile, 60_000);
    holder.proc.kill('SIGKILL');
    await holder.exited;
    expect(fs.existsSync(`${configFile}.lock`)).toBe(true);
    const t0 = Date.now();
    const r = await mcpAdd('after-crash');
    expect(r.code).toBe(0);
    // Well under the 10 s a live holder is waited for.
    expect(Date.now() - t0).toBeLessThan(8_000);
    expect(doc().mcp_servers['after-crash']).toBeDefined();
    expect(leftovers(sb.home)).toEqual([]);
  }, 120_000);
});
