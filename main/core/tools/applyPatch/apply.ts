// Applying a patch atomically: plan everything in memory first, then write.
//
// Unlike Codex (which applies hunk by hunk and keeps the hunks that succeeded
// before a failure), nothing is written unless every hunk applies. Each file
// is written through a temporary file and a rename, and if a write fails
// midway the files already changed are restored from their old contents.

import path from 'node:path';

import { PatchApplyError, PatchParseError, describeIoError } from './errors.js';
import { planPatch, sameSnapshot, type DiskSnapshot, type FileChange, type PatchPlan } from './patchPlan.js';
import { localPatchFs, type PatchFs } from './patchFs.js';

/** What Codex prefixes to parse and verification errors inside the agent. */
export const VERIFICATION_FAILED_PREFIX = 'apply_patch verification failed: ';
export const NO_FILES_MODIFIED = 'No files were modified.';

export interface ApplyPatchResult {
  success: boolean;
  /** Codex's text: the success summary, or the error. This is what the model sees. */
  output: string;
  /** The applied changes, one per hunk (empty when nothing was changed). */
  changes: FileChange[];
}

/** Parses, verifies and applies `text` relative to `cwd`. Never throws for patch or I/O problems. */
export async function applyPatch(text: string, cwd: string, files: PatchFs = localPatchFs): Promise<ApplyPatchResult> {
  let plan: PatchPlan;
  try {
    plan = await planPatch(text, cwd, files);
  } catch (err) {
    if (err instanceof PatchParseError || err instanceof PatchApplyError) {
      return { success: false, output: VERIFICATION_FAILED_PREFIX + err.message, changes: [] };
    }
    return { success: false, output: VERIFICATION_FAILED_PREFIX + describeIoError(err), changes: [] };
  }
  if (plan.changes.length === 0) return { success: false, output: NO_FILES_MODIFIED, changes: [] };
  try {
    await commitPlan(plan, files);
  } catch (err) {
    return { success: false, output: err instanceof Error ? err.message : String(err), changes: [] };
  }
  return { success: true, output: plan.summary, changes: plan.changes };
}

/**
 * Writes a plan to disk: deletions first, then writes, each write through a
 * temporary file renamed into place. On failure everything already done is
 * undone (best effort) and a PatchApplyError is thrown whose message says
 * whether the rollback succeeded.
 */
export async function commitPlan(plan: PatchPlan, files: PatchFs = localPatchFs): Promise<void> {
  const entries = [...plan.finalState];

  // Refuse to write over files that changed since they were planned.
  for (const [abs] of entries) {
    const planned = plan.baseline.get(abs);
    if (!sameSnapshot(await files.snapshot(abs), planned)) {
      throw new PatchApplyError(`${abs} changed on disk while the patch was being applied; ${NO_FILES_MODIFIED}`);
    }
  }

  const undo: { abs: string; run: () => Promise<void> }[] = [];
  try {
    for (const [abs, content] of entries) {
      if (content === null) await deleteFile(files, abs, plan.baseline.get(abs)!, undo);
    }
    for (const [abs, content] of entries) {
      if (content !== null) await writeFile(files, abs, content, plan.baseline.get(abs)!, undo);
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const failed: string[] = [];
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch {
        failed.push(step.abs);
      }
    }
    const tail =
      failed.length === 0 ? `The changes already made were rolled back; ${NO_FILES_MODIFIED}` : `Rolling back failed for: ${[...new Set(failed)].join(', ')}`;
    throw new PatchApplyError(`${message}\n${tail}`);
  }
}

async function deleteFile(files: PatchFs, abs: string, before: DiskSnapshot, undo: { abs: string; run: () => Promise<void> }[]): Promise<void> {
  if (before.type === 'missing') return; // created and deleted within the same patch
  try {
    await files.unlink(abs);
  } catch (err) {
    throw new PatchApplyError(`Failed to delete file ${abs}: ${describeIoError(err)}`);
  }
  if (before.type === 'file') {
    undo.push({ abs, run: () => files.writeAtomic(abs, before.bytes, before.mode) });
  } else if (before.type === 'symlink') {
    undo.push({ abs, run: () => files.symlink(before.target, abs) });
  }
}

async function writeFile(files: PatchFs, abs: string, content: string, before: DiskSnapshot, undo: { abs: string; run: () => Promise<void> }[]): Promise<void> {
  // Like a plain write, a symlink is written through, not replaced.
  let target = abs;
  if (before.type === 'symlink') {
    target = await files.realpath(abs).catch(() => path.resolve(path.dirname(abs), before.target));
  }
  const existing = await files.stat(target);
  const mode = existing?.isFile ? existing.mode : undefined;
  const oldBytes = before.type === 'file' || before.type === 'symlink' ? before.bytes : undefined;

  let createdDir: string | undefined;
  try {
    createdDir = await files.mkdirp(path.dirname(target));
  } catch (err) {
    throw new PatchApplyError(`Failed to write file ${abs}: ${describeIoError(err)}`);
  }
  if (createdDir !== undefined) {
    const top = createdDir;
    undo.push({ abs: top, run: () => removeCreatedDirs(files, path.dirname(target), top) });
  }

  try {
    await files.writeAtomic(target, Buffer.from(content, 'utf8'), mode);
  } catch (err) {
    throw new PatchApplyError(`Failed to write file ${abs}: ${describeIoError(err)}`);
  }
  if (existing?.isFile && oldBytes !== undefined) {
    undo.push({ abs, run: () => files.writeAtomic(target, oldBytes, mode) });
  } else {
    undo.push({ abs, run: () => files.rm(target) });
  }
}

/** Removes the directories mkdir created, from `dir` up to and including `top`, if empty. */
async function removeCreatedDirs(files: PatchFs, dir: string, top: string): Promise<void> {
  for (let d = dir; ; d = path.dirname(d)) {
    await files.rmdir(d);
    if (d === top || d === path.dirname(d)) return;
  }
}
