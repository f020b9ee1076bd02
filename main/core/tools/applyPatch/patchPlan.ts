// Planning a patch: parse it and compute every file's new content in memory,
// without touching the disk. Hunks are applied in order to a virtual view of
// the files (so a later hunk sees the effect of an earlier one on the same
// path), and any hunk that cannot be applied fails the whole plan.

import path from 'node:path';

import { ChunkMatchError, applyChunks } from './applyChunks.js';
import { unifiedDiff } from './diff.js';
import { PatchApplyError, describeIoError, type HunkLocation } from './errors.js';
import { parsePatch, type Hunk, type ParsedPatch } from './parser.js';
import { decodeUtf8 } from './text.js';
import { localPatchFs, type DiskSnapshot, type PatchFs } from './patchFs.js';

export type FileChangeKind = 'add' | 'delete' | 'update';

/** One hunk of the patch, resolved against the disk. */
export interface FileChange {
  /** Absolute path the hunk names. */
  path: string;
  kind: FileChangeKind;
  /** Absolute destination of `*** Move to:` (update only). */
  movePath?: string;
  /**
   * Content before this hunk: absent for an added file that did not exist,
   * or when the existing file is not UTF-8 text.
   */
  oldContent?: string;
  /** Content after this hunk (absent for delete). */
  newContent?: string;
  /** `--- a/x` / `+++ b/x` unified diff of this hunk (`/dev/null` for added or deleted files). */
  unifiedDiff: string;
  /** The path exactly as written in the patch. */
  patchPath: string;
  /** The move destination exactly as written in the patch. */
  patchMovePath?: string;
}

export type { DiskSnapshot } from './patchFs.js';

export interface PatchPlan {
  cwd: string;
  parsed: ParsedPatch;
  /** One entry per hunk, in patch order. */
  changes: FileChange[];
  /**
   * Final state of every touched absolute path, in first-touched order:
   * the content to write, or null when the file must not exist afterwards.
   */
  finalState: Map<string, string | null>;
  /** Each touched path as it was on disk while planning. */
  baseline: Map<string, DiskSnapshot>;
  /** Codex's success text: "Success. Updated the following files:\nA x\n…". */
  summary: string;
}

const OPERATION: Record<Hunk['type'], string> = {
  add: 'Add File',
  delete: 'Delete File',
  update: 'Update File',
};

/**
 * Parses `text` and computes all changes relative to `cwd` without writing.
 * Throws PatchParseError (malformed patch) or PatchApplyError (a hunk does not
 * apply; the message names the hunk and keeps Codex's text).
 */
export async function planPatch(text: string, cwd: string, files: PatchFs = localPatchFs): Promise<PatchPlan> {
  const parsed = parsePatch(text);
  const root = path.resolve(cwd);
  const tree = new VirtualTree(files);
  const changes: FileChange[] = [];
  const added: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];

  for (const [hunkIndex, hunk] of parsed.hunks.entries()) {
    const location: HunkLocation = {
      hunkIndex,
      hunkCount: parsed.hunks.length,
      operation: OPERATION[hunk.type],
      path: hunk.path,
    };
    const fail = (message: string, extra: Partial<HunkLocation> = {}): never => {
      throw new PatchApplyError(message, { ...location, ...extra });
    };
    const abs = path.resolve(root, hunk.path);

    if (hunk.type === 'add') {
      await tree.checkWritable(abs, fail);
      const before = await tree.current(abs);
      tree.set(abs, hunk.contents);
      changes.push({
        path: abs,
        kind: 'add',
        ...(before.text !== undefined ? { oldContent: before.text } : {}),
        newContent: hunk.contents,
        unifiedDiff: describeDiff(root, abs, abs, before, hunk.contents),
        patchPath: hunk.path,
      });
      added.push(hunk.path);
    } else if (hunk.type === 'delete') {
      const before = await tree.current(abs);
      if (!before.exists || (before.isDirectory && !before.isSymlink)) fail(`Failed to delete file ${abs}`);
      tree.set(abs, null);
      changes.push({
        path: abs,
        kind: 'delete',
        ...(before.text !== undefined ? { oldContent: before.text } : {}),
        unifiedDiff: describeDiff(root, abs, abs, before, null),
        patchPath: hunk.path,
      });
      deleted.push(hunk.path);
    } else {
      const before = await tree.current(abs);
      let oldText: string;
      if (!before.exists) {
        oldText = fail(`Failed to read file to update ${abs}: ${describeIoError({ code: 'ENOENT' })}`);
      } else if (before.isDirectory) {
        oldText = fail(`Failed to read file to update ${abs}: path \`${abs}\` is not a file`);
      } else if (before.text === undefined) {
        oldText = fail(`Failed to read file to update ${abs}: ${before.readError ?? 'unreadable'}`);
      } else {
        oldText = before.text;
      }
      let newText: string;
      try {
        newText = applyChunks(oldText, hunk.chunks, abs);
      } catch (err) {
        if (!(err instanceof ChunkMatchError)) throw err;
        newText = fail(err.message, { chunkIndex: err.chunkIndex, chunkCount: hunk.chunks.length });
      }
      // Codex writes the destination, then removes the source. Moving a file
      // onto itself is treated as an in-place update (Codex would delete it).
      const dest = hunk.movePath !== null ? path.resolve(root, hunk.movePath) : abs;
      if (dest !== abs) {
        await tree.checkWritable(dest, fail);
        tree.set(dest, newText);
        tree.set(abs, null);
      } else {
        tree.set(abs, newText);
      }
      changes.push({
        path: abs,
        kind: 'update',
        ...(hunk.movePath !== null ? { movePath: dest, patchMovePath: hunk.movePath } : {}),
        oldContent: oldText,
        newContent: newText,
        unifiedDiff: describeDiff(root, abs, dest, before, newText),
        patchPath: hunk.path,
      });
      modified.push(hunk.movePath ?? hunk.path);
    }
  }

  return {
    cwd: root,
    parsed,
    changes,
    finalState: tree.overlay,
    baseline: tree.baseline,
    summary: successSummary(added, modified, deleted),
  };
}

/** Codex's success text: added, then modified, then deleted paths. */
export function successSummary(added: string[], modified: string[], deleted: string[]): string {
  let out = 'Success. Updated the following files:\n';
  for (const p of added) out += `A ${p}\n`;
  for (const p of modified) out += `M ${p}\n`;
  for (const p of deleted) out += `D ${p}\n`;
  return out;
}

/** Label for diff headers: `a/<path relative to cwd>` inside cwd, the absolute path outside. */
function diffLabel(root: string, abs: string, prefix: 'a/' | 'b/'): string {
  const rel = path.relative(root, abs);
  if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return prefix + rel.split(path.sep).join('/');
  }
  return abs.split(path.sep).join('/');
}

function describeDiff(root: string, from: string, to: string, before: FileState, after: string | null): string {
  const oldLabel = before.exists ? diffLabel(root, from, 'a/') : '/dev/null';
  const newLabel = after === null ? '/dev/null' : diffLabel(root, to, 'b/');
  if (before.exists && before.text === undefined) {
    return `--- ${oldLabel}\n+++ ${newLabel}\nBinary files ${oldLabel} and ${newLabel} differ\n`;
  }
  return unifiedDiff(before.exists ? before.text! : null, after, oldLabel, newLabel);
}

interface FileState {
  exists: boolean;
  /** A directory (following symlinks); a symlink to a directory can still be deleted. */
  isDirectory: boolean;
  isSymlink: boolean;
  /** UTF-8 content; undefined when missing, a directory, or not UTF-8. */
  text?: string;
  readError?: string;
}

const MISSING: FileState = { exists: false, isDirectory: false, isSymlink: false };

/** The disk as seen through the changes of the hunks planned so far. */
class VirtualTree {
  readonly overlay = new Map<string, string | null>();
  readonly baseline = new Map<string, DiskSnapshot>();

  constructor(private readonly files: PatchFs) {}

  set(abs: string, content: string | null): void {
    this.overlay.set(abs, content);
  }

  async current(abs: string): Promise<FileState> {
    if (this.overlay.has(abs)) {
      const content = this.overlay.get(abs)!;
      return content === null ? MISSING : { exists: true, isDirectory: false, isSymlink: false, text: content };
    }
    if (this.hasVirtualChildren(abs)) return { exists: true, isDirectory: true, isSymlink: false };
    const snap = await this.files.snapshot(abs);
    this.baseline.set(abs, snap);
    if (snap.type === 'missing') return MISSING;
    const isSymlink = snap.type === 'symlink';
    const stat = await this.files.stat(abs);
    // A dangling symlink.
    if (!stat) return { exists: true, isDirectory: false, isSymlink, readError: describeIoError({ code: 'ENOENT' }) };
    if (stat.isDirectory) return { exists: true, isDirectory: true, isSymlink };
    if (snap.type === 'unreadable') return { exists: true, isDirectory: false, isSymlink, readError: snap.error };
    const bytes = snap.type === 'file' || snap.type === 'symlink' ? snap.bytes : undefined;
    if (bytes === undefined) {
      return { exists: true, isDirectory: false, isSymlink, readError: `path \`${abs}\` is not a file` };
    }
    const decoded = decodeUtf8(bytes);
    return 'text' in decoded
      ? { exists: true, isDirectory: false, isSymlink, text: decoded.text }
      : { exists: true, isDirectory: false, isSymlink, readError: decoded.error };
  }

  /** Fails (Codex: "Failed to write file <abs>") when `abs` cannot become a regular file. */
  async checkWritable(abs: string, fail: (message: string) => never): Promise<void> {
    const message = `Failed to write file ${abs}`;
    const state = await this.current(abs);
    if (state.isDirectory) fail(message);
    // Every existing ancestor must be a directory (or a file an earlier hunk deleted).
    for (let dir = path.dirname(abs); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (this.overlay.has(dir)) {
        if (this.overlay.get(dir) !== null) fail(message);
        continue;
      }
      if (this.hasVirtualChildren(dir)) return;
      const st = await this.files.stat(dir);
      if (st?.isDirectory) return;
      if (st) fail(message);
      // Missing (ENOENT / ENOTDIR): keep walking up.
    }
  }

  private hasVirtualChildren(dir: string): boolean {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const [p, content] of this.overlay) if (content !== null && p.startsWith(prefix)) return true;
    return false;
  }
}

/** Captures what is at `abs` on this machine right now (without following a final symlink). */
export const snapshot = (abs: string): Promise<DiskSnapshot> => localPatchFs.snapshot(abs);

/** True when two snapshots describe the same thing on disk. */
export function sameSnapshot(a: DiskSnapshot | undefined, b: DiskSnapshot | undefined): boolean {
  if (!a || !b || a.type !== b.type) return false;
  if (a.type === 'file' && b.type === 'file') return a.bytes.equals(b.bytes);
  if (a.type === 'symlink' && b.type === 'symlink') {
    return a.target === b.target && (a.bytes && b.bytes ? a.bytes.equals(b.bytes) : a.bytes === b.bytes);
  }
  return true;
}
