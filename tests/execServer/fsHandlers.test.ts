// fs/* on our exec-server: a real server on loopback, our client, real files.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ExecServerClient, type ExecServerRpcError } from '../../main/core/execServer/client.js';
import { toCodexSandboxContext } from '../../main/core/execServer/sandboxParam.js';
import { RawPeer, startServer, type Running } from '../support/execServerPeers.js';
import type { SandboxPolicy } from '../../main/core/sandbox/policy.js';

let running: Running;
let client: ExecServerClient;
let dir: string;

beforeEach(async () => {
  running = await startServer();
  client = await ExecServerClient.connectWebSocket(running.url, { clientName: 'fs-test' });
  dir = realpathSync(mkdtempSync(join(tmpdir(), 'es-fs-')));
});
afterEach(async () => {
  client.close();
  await running.stop();
});

const rpcError = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('expected an RPC error'),
    (e) => e as ExecServerRpcError,
  );

describe('exec-server fs/*', () => {
  it('advertises the fs capability', () => {
    expect(client.environmentInfo?.capabilities?.fs).toBe(true);
  });

  it('writes and reads binary content (base64 on the wire, file:// or plain paths)', async () => {
    const bytes = randomBytes(300_000);
    const file = join(dir, 'blob.bin');
    await client.writeFile(file, bytes);
    expect(Buffer.compare(readFileSync(file), bytes)).toBe(0);
    expect(Buffer.compare(await client.readFile(pathToFileURL(file).href), bytes)).toBe(0);
    // Our server also takes absolute paths on the wire.
    const raw = (await client.request('fs/readFile', { path: file })) as { dataBase64: string };
    expect(Buffer.from(raw.dataBase64, 'base64').length).toBe(bytes.length);
  });

  it('creates directories (recursive by default) and reports what exists', async () => {
    await client.createDirectory(join(dir, 'a', 'b', 'c'));
    expect(existsSync(join(dir, 'a', 'b', 'c'))).toBe(true);
    await client.createDirectory(join(dir, 'a', 'b', 'c')); // mkdir -p on an existing dir is fine
    expect((await rpcError(client.createDirectory(join(dir, 'x', 'y'), { recursive: false }))).code).toBe(-32004);
    writeFileSync(join(dir, 'file'), 'f');
    const exists = await rpcError(client.createDirectory(join(dir, 'file')));
    expect(exists.code).toBe(-32603);
    expect(exists.message).toContain(`File exists (os error 17): ${join(dir, 'file')}`);
  });

  it('reports metadata, follows symlinks like Codex, canonicalizes and lists directories', async () => {
    writeFileSync(join(dir, 'f.txt'), 'hello');
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'f.txt'), join(dir, 'link'));
    const meta = await client.getMetadata(join(dir, 'f.txt'));
    expect(meta).toMatchObject({ isFile: true, isDirectory: false, isSymlink: false, size: 5 });
    expect(Math.abs(meta.modifiedAtMs - Date.now())).toBeLessThan(60_000);
    expect(await client.getMetadata(join(dir, 'link'))).toMatchObject({ isFile: true, isSymlink: true, size: 5 });
    expect(await client.getMetadata(dir)).toMatchObject({ isDirectory: true, isFile: false });
    expect(await client.canonicalize(join(dir, 'sub', '..', 'link'))).toBe(join(dir, 'f.txt'));
    const raw = (await client.request('fs/canonicalize', { path: pathToFileURL(join(dir, 'link')).href })) as { path: string };
    expect(raw.path).toBe(pathToFileURL(join(dir, 'f.txt')).href);
    const entries = (await client.readDirectory(dir)).sort((a, b) => a.fileName.localeCompare(b.fileName));
    expect(entries).toEqual([
      { fileName: 'f.txt', isDirectory: false, isFile: true },
      { fileName: 'link', isDirectory: false, isFile: true },
      { fileName: 'sub', isDirectory: true, isFile: false },
    ]);
    expect((await rpcError(client.readDirectory(join(dir, 'f.txt')))).message).toContain('Not a directory (os error 20)');
  });

  it('removes recursively and forcefully by default, strictly when asked', async () => {
    mkdirSync(join(dir, 'tree', 'deep'), { recursive: true });
    writeFileSync(join(dir, 'tree', 'deep', 'f'), 'x');
    const notEmpty = await rpcError(client.remove(join(dir, 'tree'), { recursive: false }));
    expect(notEmpty.message).toContain('Directory not empty (os error 39)');
    await client.remove(join(dir, 'tree'));
    expect(existsSync(join(dir, 'tree'))).toBe(false);
    await client.remove(join(dir, 'never-existed'));
    expect((await rpcError(client.remove(join(dir, 'never-existed'), { force: false }))).code).toBe(-32004);
  });

  it('copies files, directories (recursive only) and symlinks as links', async () => {
    mkdirSync(join(dir, 'src', 'inner'), { recursive: true });
    writeFileSync(join(dir, 'src', 'inner', 'f'), 'content');
    symlinkSync('inner/f', join(dir, 'src', 'rel-link'));
    await client.copy(join(dir, 'src', 'inner', 'f'), join(dir, 'f-copy'));
    expect(readFileSync(join(dir, 'f-copy'), 'utf8')).toBe('content');
    const dirNeedsRecursive = await rpcError(client.copy(join(dir, 'src'), join(dir, 'dst')));
    expect(dirNeedsRecursive.code).toBe(-32600);
    expect(dirNeedsRecursive.message).toContain('recursive: true');
    await client.copy(join(dir, 'src'), join(dir, 'dst'), { recursive: true });
    expect(readFileSync(join(dir, 'dst', 'inner', 'f'), 'utf8')).toBe('content');
    expect(readlinkSync(join(dir, 'dst', 'rel-link'))).toBe('inner/f');
    await client.copy(join(dir, 'src', 'rel-link'), join(dir, 'link-copy'));
    expect(readlinkSync(join(dir, 'link-copy'))).toBe('inner/f');
  });

  it('names the missing file, and the bad field with -32602', async () => {
    const missing = await rpcError(client.readFile(join(dir, 'nope.txt')));
    expect(missing.code).toBe(-32004);
    expect(missing.message).toContain(`No such file or directory (os error 2): ${join(dir, 'nope.txt')}`);
    const isDir = await rpcError(client.readFile(dir));
    expect(isDir.code).toBe(-32600);
    expect(isDir.message).toContain('is not a file');

    const peer = await RawPeer.open(running.url);
    try {
      expect((await peer.call('fs/readFile', { path: '/tmp' })).error.message).toContain('before "initialize"');
      await peer.call('initialize', { clientName: 'raw' });
      const cases: [string, object, string][] = [
        ['fs/readFile', {}, '"path"'],
        ['fs/readFile', { path: 'relative/file' }, '"path" must be absolute'],
        ['fs/readFile', { path: 'http://example.com/x' }, 'unsupported URI scheme'],
        ['fs/writeFile', { path: join(dir, 'w') }, '"dataBase64"'],
        ['fs/writeFile', { path: join(dir, 'w'), dataBase64: '!!not base64' }, '"dataBase64" is not valid base64'],
        ['fs/copy', { sourcePath: join(dir, 'a'), destinationPath: join(dir, 'b') }, '"recursive"'],
        ['fs/copy', { sourcePath: join(dir, 'a') }, '"destinationPath"'],
        ['fs/remove', { path: join(dir, 'a'), force: 'yes' }, '"force" must be a boolean'],
        ['fs/writeFile', { path: join(dir, 'w'), dataBase64: '', sandbox: { mode: 'bogus' } }, 'sandbox.mode'],
        ['fs/writeFile', { path: join(dir, 'w'), dataBase64: '', sandbox: { permissions: { type: 'odd' } } }, 'sandbox.permissions.type'],
      ];
      for (const [method, params, text] of cases) {
        const r = await peer.call(method, params);
        expect(r.error, `${method} ${JSON.stringify(params)}`).toMatchObject({ code: -32602 });
        expect(r.error.message).toContain(text);
      }
      expect(existsSync(join(dir, 'w'))).toBe(false);
    } finally {
      peer.close();
    }
  });
});

describe('exec-server fs/* under a sandbox policy', () => {
  // /tmp and $TMPDIR are writable roots by default; exclude them so "outside" is outside.
  const policy: SandboxPolicy = { mode: 'workspace-write', writableRoots: [], networkAccess: false, excludeSlashTmp: true, excludeTmpdirEnvVar: true };

  it('allows writes inside the workspace and refuses them outside, in .git, and under read-only', async () => {
    const ws = join(dir, 'ws');
    const outside = join(dir, 'outside');
    mkdirSync(join(ws, '.git'), { recursive: true });
    mkdirSync(outside);
    const opts = { sandbox: policy, sandboxCwd: ws };
    await client.writeFile(join(ws, 'ok.txt'), 'inside', opts);
    await client.createDirectory(join(ws, 'new', 'dir'), opts);
    expect(readFileSync(join(ws, 'ok.txt'), 'utf8')).toBe('inside');

    const refused = await rpcError(client.writeFile(join(outside, 'evil.txt'), 'x', opts));
    expect(refused.code).toBe(-32603);
    expect(refused.message).toContain(`fs/writeFile refused to write ${join(outside, 'evil.txt')}`);
    expect(refused.message).toContain('outside the writable roots');
    expect(existsSync(join(outside, 'evil.txt'))).toBe(false);
    await expect(client.writeFile(join(ws, '.git', 'config'), 'x', opts)).rejects.toThrow(/refused/);
    await expect(client.copy(join(ws, 'ok.txt'), join(outside, 'copy.txt'), opts)).rejects.toThrow(/fs\/copy refused/);
    await expect(client.remove(outside, opts)).rejects.toThrow(/fs\/remove refused/);
    await expect(client.createDirectory(join(outside, 'd'), opts)).rejects.toThrow(/fs\/createDirectory refused/);
    expect(existsSync(outside)).toBe(true);
    // A symlink inside the workspace cannot carry a write outside it.
    symlinkSync(outside, join(ws, 'escape'));
    await expect(client.writeFile(join(ws, 'escape', 'x.txt'), 'x', opts)).rejects.toThrow(/refused/);
    // Reads are not restricted.
    writeFileSync(join(outside, 'readable.txt'), 'r');
    expect((await client.readFile(join(outside, 'readable.txt'), opts)).toString()).toBe('r');

    const ro = await rpcError(client.writeFile(join(ws, 'ro.txt'), 'x', { sandbox: { mode: 'read-only', networkAccess: false } }));
    expect(ro.message).toContain('the sandbox is read-only');
  });

  it('understands Codex’s sandbox context (as Codex 0.169 sends it for apply_patch)', async () => {
    const ws = join(dir, 'ws');
    mkdirSync(ws);
    const uri = pathToFileURL(ws).href;
    // Shape captured from Codex 0.169's client (`codex exec -s workspace-write`), /tmp entries dropped.
    const sandbox = {
      permissions: {
        type: 'managed',
        file_system: {
          type: 'restricted',
          entries: [
            { path: { type: 'special', value: { kind: 'root' } }, access: 'read' },
            { path: { type: 'special', value: { kind: 'project_roots' } }, access: 'write' },
            { path: { type: 'special', value: { kind: 'project_roots', subpath: '.git' } }, access: 'read', missing_path_behavior: 'skip' },
          ],
        },
        network: 'restricted',
      },
      cwd: uri,
      policyContext: { cwd: uri, workspaceRoots: [uri] },
      workspaceRoots: [uri],
      userHomeDir: pathToFileURL(dir).href,
      windowsSandboxLevel: 'disabled',
      useLegacyLandlock: false,
    };
    const peer = await RawPeer.open(running.url);
    try {
      await peer.call('initialize', { clientName: 'raw' });
      const ok = await peer.call('fs/writeFile', { path: `${uri}/in.txt`, dataBase64: 'aGk=', sandbox });
      expect(ok).toEqual({ id: ok.id, result: {} });
      expect(readFileSync(join(ws, 'in.txt'), 'utf8')).toBe('hi');
      const no = await peer.call('fs/writeFile', { path: pathToFileURL(join(dir, 'out.txt')).href, dataBase64: 'aGk=', sandbox });
      expect(no.error.code).toBe(-32603);
      expect(no.error.message).toMatch(/^Read-only file system \(os error 30\)/);
      expect(existsSync(join(dir, 'out.txt'))).toBe(false);
      // Full access profiles: no restriction.
      const open = await peer.call('fs/writeFile', {
        path: pathToFileURL(join(dir, 'free.txt')).href,
        dataBase64: 'aGk=',
        sandbox: { ...sandbox, permissions: { type: 'disabled' } },
      });
      expect(open.result).toEqual({});
    } finally {
      peer.close();
    }
  });

  it('our policy converted to Codex’s shape keeps its meaning', async () => {
    const ws = join(dir, 'ws');
    const extra = join(dir, 'extra');
    mkdirSync(ws);
    mkdirSync(extra);
    const withExtra: SandboxPolicy = { ...policy, writableRoots: [extra] };
    const ctx = toCodexSandboxContext(withExtra, ws)!;
    await client.writeFile(join(extra, 'a.txt'), 'a', { sandbox: ctx });
    await client.writeFile(join(ws, 'b.txt'), 'b', { sandbox: ctx });
    await expect(client.writeFile(join(dir, 'c.txt'), 'c', { sandbox: ctx })).rejects.toThrow(/refused/);
    expect(toCodexSandboxContext({ mode: 'danger-full-access' }, ws)).toBeNull();
    await expect(client.writeFile(join(ws, 'd.txt'), 'd', { sandbox: policy })).rejects.toThrow(/needs sandboxCwd/);
  });
});
