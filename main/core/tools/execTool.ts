// exec_command / write_stdin as the turn sees them: approval first, then the
// unified exec manager, with commandExecution items streamed to the host.
import { assessCommand, shouldOfferUnsandboxedRetry } from '../approval/assess.js';
import type { parseExecCommandArgs } from '../exec/toolArgs.js';
import type { WriteStdinArgs } from '../exec/unifiedExec.js';
import { SandboxUnavailableError } from '../sandbox/index.js';
import type { SandboxPolicy } from '../sandbox/policy.js';
import type { CommandExecutionApprovalDecision } from '../../../shared/protocol/types.js';
import { isApproved } from '../../../shared/protocol/serverReplies.js';
import { askApproval } from '../approval/askApproval.js';
import type { ToolContext } from './context.js';
import { startingCommandItem, type CommandItem } from '../exec/commandItem.js';
import { isAbsolute, resolve } from 'node:path';

const FULL_ACCESS: SandboxPolicy = { mode: 'danger-full-access' };

type ExecArgs = ReturnType<typeof parseExecCommandArgs>;

function shellArgv(args: ExecArgs, env: Record<string, string>): string[] {
  const shell = args.shell || env.SHELL || '/bin/bash';
  return [shell, args.login === false ? '-c' : '-lc', args.cmd];
}

/** Sessions whose command item is still open, so a later write_stdin can close it. */
const openItems = new WeakMap<ToolContext['exec'], Map<number, { item: CommandItem; started: number; output: string }>>();

function openItemsFor(ctx: ToolContext) {
  let m = openItems.get(ctx.exec);
  if (!m) openItems.set(ctx.exec, (m = new Map()));
  return m;
}

/** The user's decision on running `item`; anything but a well-formed answer declines. */
async function askCommandApproval(ctx: ToolContext, item: CommandItem, reason: string | null): Promise<CommandExecutionApprovalDecision> {
  const answer = await askApproval(ctx, 'item/commandExecution/requestApproval', () =>
    ctx.host.request('item/commandExecution/requestApproval', {
      threadId: ctx.threadId,
      turnId: ctx.turnId,
      itemId: item.id,
      command: item.command,
      cwd: item.cwd,
      reason,
      startedAtMs: Date.now(),
    }),
  );
  return answer.kind === 'answered' ? answer.reply.decision : 'decline';
}

export async function runExecCommand(args: ExecArgs, ctx: ToolContext, callId: string): Promise<string> {
  const argv = shellArgv(args, ctx.env);
  const cwd = args.workdir ? (isAbsolute(args.workdir) ? args.workdir : resolve(ctx.cwd, args.workdir)) : ctx.cwd;
  const item = startingCommandItem(callId, argv, cwd);
  const escalate = args.sandbox_permissions === 'require_escalated';
  const justification = args.justification;
  const sessionKey = item.command;
  const assessment = assessCommand({ argv, escalate, justification }, ctx.approvalPolicy, ctx.sandbox, ctx.approvedForSession.has(sessionKey));

  let sandboxed: boolean;
  if (assessment.kind === 'reject') {
    ctx.emitCompleted({ ...item, status: 'declined', reason: assessment.message });
    return assessment.message;
  } else if (assessment.kind === 'ask') {
    ctx.emitStarted(item);
    const decision = await askCommandApproval(ctx, item, assessment.reason);
    // Only an explicit accept runs the command.
    if (!isApproved(decision)) {
      ctx.emitCompleted({ ...item, status: 'declined', reason: 'rejected by user' });
      // `cancel` also stops the turn, as in Codex.
      if (decision === 'cancel') ctx.interruptTurn?.();
      return 'exec command rejected by user';
    }
    if (decision === 'acceptForSession') ctx.approvedForSession.add(sessionKey);
    sandboxed = assessment.sandboxedIfApproved;
  } else {
    sandboxed = assessment.sandboxed;
    ctx.emitStarted(item);
  }

  const run = async (policy: SandboxPolicy) => {
    let aggregated = '';
    const started = Date.now();
    const result = await ctx.exec.execCommand(
      {
        cmd: args.cmd,
        workdir: cwd,
        shell: args.shell,
        login: args.login,
        tty: args.tty,
        yield_time_ms: args.yield_time_ms,
        max_output_tokens: args.max_output_tokens,
      },
      {
        cwd,
        env: ctx.env,
        sandboxPolicy: policy,
        signal: ctx.signal,
        onOutputDelta: (chunk: string) => {
          aggregated += chunk;
          ctx.host.notify('item/commandExecution/outputDelta', { threadId: ctx.threadId, turnId: ctx.turnId, itemId: item.id, delta: chunk });
        },
      },
    );
    return { result, started, aggregated };
  };

  let policy = sandboxed ? ctx.sandbox : FULL_ACCESS;
  let attempt;
  try {
    attempt = await run(policy);
  } catch (err) {
    if (err instanceof SandboxUnavailableError) {
      const message = `sandbox denied the command: ${err.message}`;
      ctx.emitCompleted({ ...item, status: 'failed', aggregatedOutput: '', reason: message });
      return message;
    }
    ctx.emitCompleted({ ...item, status: 'failed', aggregatedOutput: '', reason: (err as Error).message });
    throw err;
  }

  // on-failure: a sandbox denial may be retried without the sandbox if the user agrees.
  let retryRefused = false;
  if (attempt.result.sandboxDenied && shouldOfferUnsandboxedRetry(ctx.approvalPolicy)) {
    const decision = await askCommandApproval(ctx, item, 'command failed in the sandbox; retry without sandbox?');
    if (isApproved(decision)) {
      if (decision === 'acceptForSession') ctx.approvedForSession.add(sessionKey);
      policy = FULL_ACCESS;
      attempt = await run(policy);
    } else {
      // The model must know the user refused, not only that the sandbox did.
      retryRefused = true;
      if (decision === 'cancel') ctx.interruptTurn?.();
    }
  }

  const res = attempt.result;
  if (res.sessionId !== undefined && res.exitCode === undefined) {
    // Still running: the item stays open until write_stdin sees the exit.
    openItemsFor(ctx).set(res.sessionId, { item: { ...item, processId: String(res.sessionId) }, started: attempt.started, output: attempt.aggregated });
    return res.outputText;
  }
  const denied = Boolean(res.sandboxDenied);
  ctx.emitCompleted({
    ...item,
    status: res.exitCode === 0 ? 'completed' : 'failed',
    aggregatedOutput: res.aggregatedOutput,
    exitCode: res.exitCode ?? null,
    durationMs: Date.now() - attempt.started,
    reason: denied ? `the sandbox denied an operation this command attempted${retryRefused ? `; ${RETRY_REFUSED}` : ''}` : null,
  });
  return retryRefused ? `${res.outputText}\n${RETRY_REFUSED}` : res.outputText;
}

const RETRY_REFUSED = 'retry without sandbox rejected by user';

export async function runWriteStdin(args: WriteStdinArgs, ctx: ToolContext): Promise<string> {
  const sessionId = args.session_id;
  const open = openItemsFor(ctx).get(sessionId);
  const result = await ctx.exec.writeStdin(args, {
    signal: ctx.signal,
    onOutputDelta: (chunk: string) => {
      if (!open) return;
      open.output += chunk;
      ctx.host.notify('item/commandExecution/outputDelta', { threadId: ctx.threadId, turnId: ctx.turnId, itemId: open.item.id, delta: chunk });
    },
  });
  if (open && result.exitCode !== undefined) {
    openItemsFor(ctx).delete(sessionId);
    ctx.emitCompleted({
      ...open.item,
      status: result.exitCode === 0 ? 'completed' : 'failed',
      aggregatedOutput: open.output,
      exitCode: result.exitCode,
      durationMs: Date.now() - open.started,
    });
  }
  return result.outputText;
}

/** Closes items of sessions still running when a turn ends, so front ends are not left spinning. */
export function closeOpenCommandItems(ctx: ToolContext): void {
  const m = openItemsFor(ctx);
  for (const [id, open] of m) {
    ctx.emitCompleted({
      ...open.item,
      status: 'completed',
      aggregatedOutput: open.output,
      exitCode: null,
      durationMs: Date.now() - open.started,
      reason: `still running in session ${id}`,
    });
  }
  m.clear();
}
