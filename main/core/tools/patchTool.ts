// apply_patch as the turn sees it: plan the patch, check its paths against the
// sandbox policy (asking the user where the policy allows), then apply it
// atomically and report a fileChange item.
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { applyPatch, planPatch } from './applyPatch/index.js';
import type { FileUpdateChange, ThreadItem } from '../../../shared/protocol/types.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import type { ToolContext } from './context.js';
import { isApproved } from '../../../shared/protocol/serverReplies.js';
import { askApproval } from '../approval/askApproval.js';
import { allowsPrompt } from '../approval/policy.js';

type FileChangeItem = Extract<ThreadItem, { type: 'fileChange' }>;

const PROTECTED_DIRS = ['.git', '.codex', '.agents'];

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * Where a write to `path` really lands: symlinks resolved on the longest
 * existing prefix, so a link inside a root cannot carry a write outside it.
 */
export function resolveWriteTarget(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(resolveWriteTarget(parent), basename(abs));
  }
}

/** Whether the sandbox policy lets a command write `path` without asking. */
export function isWritableUnderPolicy(target: string, policy: SandboxPolicy, cwd: string): boolean {
  if (policy.mode === 'danger-full-access') return true;
  if (policy.mode === 'read-only') return false;
  const path = resolveWriteTarget(target);
  const roots = [cwd, ...policy.writableRoots].map(resolveWriteTarget);
  return roots.some((root) => {
    if (!isInside(root, path)) return false;
    const first = relative(root, path).split(sep)[0];
    return !PROTECTED_DIRS.includes(first ?? '');
  });
}

function toWireChanges(plan: Awaited<ReturnType<typeof planPatch>>): FileUpdateChange[] {
  return plan.changes.map((c) => ({
    path: c.path,
    kind: c.kind === 'update' ? { type: 'update', move_path: c.movePath ?? null } : { type: c.kind },
    diff: c.unifiedDiff,
  }));
}

export async function runApplyPatch(patch: string, ctx: ToolContext, callId: string, workdir?: string): Promise<string> {
  const cwd = workdir ? resolve(ctx.cwd, workdir) : ctx.cwd;
  // On an exec-server environment the patch reads and writes its files there.
  const environmentFiles = ctx.exec.backend.fileSystem;
  let plan;
  try {
    plan = await planPatch(patch, cwd, environmentFiles?.(undefined));
  } catch (err) {
    const message = `apply_patch verification failed: ${(err as Error).message}`;
    ctx.emitCompleted({ type: 'fileChange', id: callId, changes: [], status: 'failed', error: message });
    return message;
  }
  const changes = toWireChanges(plan);
  const item: FileChangeItem = { type: 'fileChange', id: callId, changes, status: 'inProgress' };
  const targets = plan.changes.flatMap((c) => (c.movePath ? [c.path, c.movePath] : [c.path]));
  const policyAllows = targets.every((p) => isWritableUnderPolicy(p, ctx.sandbox, ctx.cwd));
  const writable = policyAllows || targets.every((p) => isWritableUnderPolicy(p, ctx.sandbox, ctx.cwd) || ctx.approvedForSession.has(`patch:${p}`));

  ctx.emitStarted(item);
  if (!writable) {
    // never, or granular with sandbox_approval = false: refused without asking.
    if (!allowsPrompt(ctx.approvalPolicy, 'sandbox_approval')) {
      const policy = ctx.approvalPolicy === 'never' ? 'approval policy is never' : 'the granular approval policy refuses sandbox approvals';
      const message = `patch rejected: writing ${targets.filter((p) => !isWritableUnderPolicy(p, ctx.sandbox, ctx.cwd)).join(', ')} is outside what the ${ctx.sandbox.mode} sandbox allows and ${policy}`;
      ctx.emitCompleted({ ...item, status: 'declined', error: message });
      return message;
    }
    const answer = await askApproval(ctx, 'item/fileChange/requestApproval', () =>
      ctx.host.request('item/fileChange/requestApproval', {
        threadId: ctx.threadId,
        turnId: ctx.turnId,
        itemId: callId,
        reason: `the patch writes outside the writable roots of the ${ctx.sandbox.mode} sandbox`,
        changes,
        grantRoot: null,
        startedAtMs: Date.now(),
      }),
    );
    // Only an explicit accept applies the patch.
    const decision = answer.kind === 'answered' ? answer.reply.decision : 'decline';
    if (!isApproved(decision)) {
      ctx.emitCompleted({ ...item, status: 'declined', error: 'rejected by user' });
      // `cancel` also stops the turn, as in Codex.
      if (decision === 'cancel') ctx.interruptTurn?.();
      return 'patch rejected by user';
    }
    if (decision === 'acceptForSession') for (const p of targets) ctx.approvedForSession.add(`patch:${p}`);
  }

  // The environment enforces the sandbox itself, unless the user approved writing
  // outside it (now or earlier in the session).
  const files = environmentFiles?.(policyAllows ? { policy: ctx.sandbox, cwd: ctx.cwd } : undefined);
  const result = await applyPatch(patch, cwd, files);
  if (!result.success) {
    ctx.emitCompleted({ ...item, status: 'failed', error: result.output });
    return result.output;
  }
  ctx.emitCompleted({ ...item, status: 'completed' });
  return `Exit code: 0\nWall time: 0 seconds\nOutput:\n${result.output}`;
}
