// The exec-server's fs/* methods (Codex 0.169 shapes: file:// paths, base64
// contents). Writes honour the call's optional sandbox: a path outside the
// writable roots is refused before anything is touched. Reads are not
// restricted (Codex's read-only profiles can read everything but deny entries).
import { constants as osConstants } from 'node:os';
import { copyFile, cp, lstat, mkdir, readdir, readFile, readlink, realpath, rm, rmdir, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RpcError } from '../server/rpcError.js';
import {
  FS_NOT_FOUND,
  JSONRPC_INTERNAL_ERROR,
  JSONRPC_INVALID_PARAMS,
  JSONRPC_INVALID_REQUEST,
  type FsCanonicalizeResult,
  type FsDirectoryEntry,
  type FsMetadata,
  type FsReadDirectoryResult,
  type FsReadFileResult,
} from './protocol.js';
import { assertWritable, parsePathParam, parseSandboxParam } from './sandboxParam.js';

type Params = Record<string, unknown>;

export const FS_METHODS = [
  'fs/readFile',
  'fs/writeFile',
  'fs/createDirectory',
  'fs/getMetadata',
  'fs/canonicalize',
  'fs/readDirectory',
  'fs/remove',
  'fs/copy',
] as const;

const OS_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EISDIR: 'Is a directory',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EROFS: 'Read-only file system',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  ENOSPC: 'No space left on device',
};

/** Node fs error → Rust-style text ("No such file or directory (os error 2)"), as Codex words it, plus the path. */
function osError(err: unknown, path: string): RpcError {
  const e = err as NodeJS.ErrnoException;
  if (!e || typeof e.code !== 'string') return new RpcError(JSONRPC_INTERNAL_ERROR, `${(err as Error)?.message ?? String(err)}: ${path}`);
  const errno = (osConstants.errno as Record<string, number>)[e.code];
  const text = OS_TEXT[e.code] ? `${OS_TEXT[e.code]} (os error ${errno})` : e.message;
  return new RpcError(e.code === 'ENOENT' ? FS_NOT_FOUND : JSONRPC_INTERNAL_ERROR, `${text}: ${path}`);
}

async function io<T>(path: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    throw err instanceof RpcError ? err : osError(err, path);
  }
}

function optBool(p: Params, key: string, dflt: boolean): boolean {
  const v = p[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'boolean') throw new RpcError(JSONRPC_INVALID_PARAMS, `invalid params: "${key}" must be a boolean`);
  return v;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(p: Params, key: string): Buffer {
  const v = p[key];
  if (typeof v !== 'string') throw new RpcError(JSONRPC_INVALID_PARAMS, `invalid params: "${key}" must be a base64 string`);
  if (!BASE64.test(v)) throw new RpcError(JSONRPC_INVALID_PARAMS, `invalid params: "${key}" is not valid base64`);
  return Buffer.from(v, 'base64');
}

function metadataOf(link: Stats, target: Stats): FsMetadata {
  return {
    isDirectory: target.isDirectory(),
    isFile: target.isFile(),
    isSymlink: link.isSymbolicLink(),
    size: target.size,
    createdAtMs: Math.trunc(target.birthtimeMs),
    modifiedAtMs: Math.trunc(target.mtimeMs),
  };
}

/** stat that follows links, falling back to the link itself when it dangles. */
async function statFollowing(path: string, link: Stats): Promise<Stats> {
  if (!link.isSymbolicLink()) return link;
  try {
    return await stat(path);
  } catch {
    return link;
  }
}

async function readFileCall(p: Params): Promise<FsReadFileResult> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox);
  return io(path, async () => {
    if ((await stat(path)).isDirectory()) throw new RpcError(JSONRPC_INVALID_REQUEST, `path \`${path}\` is not a file`);
    return { dataBase64: (await readFile(path)).toString('base64') };
  });
}

async function writeFileCall(p: Params): Promise<Record<string, never>> {
  const path = parsePathParam(p.path, 'path');
  const data = decodeBase64(p, 'dataBase64');
  assertWritable(path, parseSandboxParam(p.sandbox), 'fs/writeFile');
  await io(path, () => writeFile(path, data));
  return {};
}

async function createDirectoryCall(p: Params): Promise<Record<string, never>> {
  const path = parsePathParam(p.path, 'path');
  const recursive = optBool(p, 'recursive', true);
  assertWritable(path, parseSandboxParam(p.sandbox), 'fs/createDirectory');
  await io(path, async () => {
    // mkdir -p succeeds silently on an existing directory but must still fail on a file.
    if (recursive && (await lstat(path).catch(() => undefined))?.isFile()) {
      throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    }
    await mkdir(path, { recursive });
  });
  return {};
}

async function getMetadataCall(p: Params): Promise<FsMetadata> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox);
  return io(path, async () => {
    const link = await lstat(path);
    return metadataOf(link, await statFollowing(path, link));
  });
}

async function canonicalizeCall(p: Params): Promise<FsCanonicalizeResult> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox);
  return { path: pathToFileURL(await io(path, () => realpath(path))).href };
}

async function readDirectoryCall(p: Params): Promise<FsReadDirectoryResult> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox);
  const dirents = await io(path, () => readdir(path, { withFileTypes: true }));
  const entries: FsDirectoryEntry[] = [];
  for (const d of dirents) {
    let isDirectory = d.isDirectory();
    let isFile = d.isFile();
    if (d.isSymbolicLink()) {
      // Like getMetadata: report what the link points at.
      const target = await stat(join(path, d.name)).catch(() => undefined);
      isDirectory = target?.isDirectory() ?? false;
      isFile = target?.isFile() ?? false;
    }
    entries.push({ fileName: d.name, isDirectory, isFile });
  }
  return { entries };
}

async function removeCall(p: Params): Promise<Record<string, never>> {
  const path = parsePathParam(p.path, 'path');
  const recursive = optBool(p, 'recursive', true);
  const force = optBool(p, 'force', true);
  assertWritable(path, parseSandboxParam(p.sandbox), 'fs/remove');
  await io(path, async () => {
    if (recursive) return rm(path, { recursive: true, force });
    let st: Stats;
    try {
      st = await lstat(path);
    } catch (err) {
      if (force && (err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await (st.isDirectory() ? rmdir(path) : unlink(path));
  });
  return {};
}

async function copyCall(p: Params): Promise<Record<string, never>> {
  const source = parsePathParam(p.sourcePath, 'sourcePath');
  const dest = parsePathParam(p.destinationPath, 'destinationPath');
  if (typeof p.recursive !== 'boolean') throw new RpcError(JSONRPC_INVALID_PARAMS, 'invalid params: "recursive" must be a boolean (it is required)');
  const recursive = p.recursive;
  assertWritable(dest, parseSandboxParam(p.sandbox), 'fs/copy');
  await io(source, async () => {
    const st = await lstat(source);
    if (st.isSymbolicLink()) {
      // The link itself is copied, not its target (as Codex does).
      const target = await readlink(source);
      await rm(dest, { force: true });
      await io(dest, () => symlink(target, dest));
    } else if (st.isDirectory()) {
      if (!recursive) throw new RpcError(JSONRPC_INVALID_REQUEST, 'fs/copy requires recursive: true when sourcePath is a directory');
      await io(dest, () => cp(source, dest, { recursive: true, force: true, verbatimSymlinks: true }));
    } else {
      await io(dest, () => copyFile(source, dest));
    }
  });
  return {};
}

const HANDLERS: Record<(typeof FS_METHODS)[number], (p: Params) => Promise<unknown>> = {
  'fs/readFile': readFileCall,
  'fs/writeFile': writeFileCall,
  'fs/createDirectory': createDirectoryCall,
  'fs/getMetadata': getMetadataCall,
  'fs/canonicalize': canonicalizeCall,
  'fs/readDirectory': readDirectoryCall,
  'fs/remove': removeCall,
  'fs/copy': copyCall,
};

export function isFsMethod(method: string): method is (typeof FS_METHODS)[number] {
  return Object.hasOwn(HANDLERS, method);
}

/** Runs one fs/* call; throws RpcError with the JSON-RPC code to send back. */
export function handleFsCall(method: (typeof FS_METHODS)[number], params: Params): Promise<unknown> {
  return HANDLERS[method](params);
}
