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
  JSONRPC_INVALID_REQUEST,
  type ExecServerParams,
  type ExecServerResult,
  type FsDirectoryEntry,
  type FsMetadata,
  type FsMethod,
} from './methods.js';
import { assertWritable, parsePathParam, parseSandboxParam } from './sandboxParam.js';

type Params<M extends FsMethod> = ExecServerParams<M>;
type Result<M extends FsMethod> = Promise<ExecServerResult<M>>;

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

async function readFileCall(p: Params<'fs/readFile'>): Result<'fs/readFile'> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox, 'fs/readFile');
  return io(path, async () => {
    if ((await stat(path)).isDirectory()) throw new RpcError(JSONRPC_INVALID_REQUEST, `path \`${path}\` is not a file`);
    return { dataBase64: (await readFile(path)).toString('base64') };
  });
}

async function writeFileCall(p: Params<'fs/writeFile'>): Result<'fs/writeFile'> {
  const path = parsePathParam(p.path, 'path');
  const data = Buffer.from(p.dataBase64, 'base64');
  assertWritable(path, parseSandboxParam(p.sandbox, 'fs/writeFile'), 'fs/writeFile');
  await io(path, () => writeFile(path, data));
  return {};
}

async function createDirectoryCall(p: Params<'fs/createDirectory'>): Result<'fs/createDirectory'> {
  const path = parsePathParam(p.path, 'path');
  const recursive = p.recursive ?? true;
  assertWritable(path, parseSandboxParam(p.sandbox, 'fs/createDirectory'), 'fs/createDirectory');
  await io(path, async () => {
    // mkdir -p succeeds silently on an existing directory but must still fail on a file.
    if (recursive && (await lstat(path).catch(() => undefined))?.isFile()) {
      throw Object.assign(new Error('exists'), { code: 'EEXIST' });
    }
    await mkdir(path, { recursive });
  });
  return {};
}

async function getMetadataCall(p: Params<'fs/getMetadata'>): Result<'fs/getMetadata'> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox, 'fs/getMetadata');
  return io(path, async () => {
    const link = await lstat(path);
    return metadataOf(link, await statFollowing(path, link));
  });
}

async function canonicalizeCall(p: Params<'fs/canonicalize'>): Result<'fs/canonicalize'> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox, 'fs/canonicalize');
  return { path: pathToFileURL(await io(path, () => realpath(path))).href };
}

async function readDirectoryCall(p: Params<'fs/readDirectory'>): Result<'fs/readDirectory'> {
  const path = parsePathParam(p.path, 'path');
  parseSandboxParam(p.sandbox, 'fs/readDirectory');
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

async function removeCall(p: Params<'fs/remove'>): Result<'fs/remove'> {
  const path = parsePathParam(p.path, 'path');
  const recursive = p.recursive ?? true;
  const force = p.force ?? true;
  assertWritable(path, parseSandboxParam(p.sandbox, 'fs/remove'), 'fs/remove');
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

async function copyCall(p: Params<'fs/copy'>): Result<'fs/copy'> {
  const source = parsePathParam(p.sourcePath, 'sourcePath');
  const dest = parsePathParam(p.destinationPath, 'destinationPath');
  const recursive = p.recursive;
  assertWritable(dest, parseSandboxParam(p.sandbox, 'fs/copy'), 'fs/copy');
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

/** The fs/* handlers, by method; each throws RpcError with the JSON-RPC code to send back. */
export const fsHandlers: { [M in FsMethod]: (p: Params<M>) => Result<M> } = {
  'fs/readFile': readFileCall,
  'fs/writeFile': writeFileCall,
  'fs/createDirectory': createDirectoryCall,
  'fs/getMetadata': getMetadataCall,
  'fs/canonicalize': canonicalizeCall,
  'fs/readDirectory': readDirectoryCall,
  'fs/remove': removeCall,
  'fs/copy': copyCall,
};
