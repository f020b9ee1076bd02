// apply_patch's file operations on an exec-server environment, over fs/*.
// Writes are plain fs/writeFile calls (the protocol has no rename), so unlike
// local patches a remote one is not written through temporary files; the
// applier still verifies every hunk first and rolls back on a failed write.
// Symlinks are followed as files (the protocol has no readlink/symlink).
import type { DiskSnapshot, PatchFs } from '../tools/applyPatch/patchFs.js';
import { ExecServerRpcError, type ExecServerClient, type FsCallOptions } from '../execServer/index.js';
import { dirname } from 'node:path';

/** A missing path, or any other refusal to describe it (not a directory on the way…). */
function isAbsent(err: unknown): boolean {
  return err instanceof ExecServerRpcError;
}

export function remotePatchFs(connect: () => Promise<ExecServerClient>, sandbox: FsCallOptions): PatchFs {
  const stat = async (abs: string) => {
    const c = await connect();
    try {
      const m = await c.getMetadata(abs, sandbox);
      return { isDirectory: m.isDirectory, isFile: m.isFile, mode: 0 };
    } catch (err) {
      if (isAbsent(err)) return undefined;
      throw err;
    }
  };
  return {
    async snapshot(abs): Promise<DiskSnapshot> {
      const st = await stat(abs);
      if (!st) return { type: 'missing' };
      if (!st.isFile) return { type: 'other' };
      const c = await connect();
      try {
        return { type: 'file', bytes: await c.readFile(abs, sandbox), mode: 0 };
      } catch (err) {
        if (err instanceof ExecServerRpcError) return { type: 'unreadable', error: err.message };
        throw err;
      }
    },
    stat,
    realpath: async (abs) => (await connect()).canonicalize(abs, sandbox),
    unlink: async (abs) => (await connect()).remove(abs, { ...sandbox, recursive: false, force: false }),
    symlink: async () => {
      throw new Error('symbolic links cannot be created on an exec-server environment');
    },
    async mkdirp(dir) {
      // The first missing ancestor is what a rollback removes.
      let first: string | undefined;
      for (let d = dir; d !== dirname(d); d = dirname(d)) {
        const st = await stat(d);
        if (st) break;
        first = d;
      }
      if (first) await (await connect()).createDirectory(dir, { ...sandbox, recursive: true });
      return first;
    },
    // The mode of a file being replaced is kept by the server's in-place write.
    writeAtomic: async (target, bytes) => (await connect()).writeFile(target, Buffer.from(bytes), sandbox),
    rm: async (abs) => (await connect()).remove(abs, { ...sandbox, recursive: false, force: true }),
    rmdir: async (dir) => (await connect()).remove(dir, { ...sandbox, recursive: false, force: false }),
  };
}
