// Asking the host for an approval, as every tool does it: the answer is checked
// again here (whatever the host did with it), and the wait ends with the turn.
// Anything but a well-formed answer is a refusal.
import { parseServerReply, type ServerReply } from '../../../shared/protocol/serverReplies.js';
import type { ServerRequestMethod } from '../../../shared/protocol/types.js';
import type { ToolContext } from '../tools/context.js';

export type ApprovalAnswer<M extends ServerRequestMethod> =
  | { kind: 'answered'; reply: ServerReply<M> }
  /** The host could not ask (exec, a closed connection). */
  | { kind: 'unavailable'; problem: string }
  /** The turn was interrupted before an answer came. */
  | { kind: 'turnEnded'; problem: string }
  /** The host handed back something that is not a reply to `method`. */
  | { kind: 'invalid'; problem: string };

export async function askApproval<M extends ServerRequestMethod>(
  ctx: Pick<ToolContext, 'threadId' | 'signal' | 'host'>,
  method: M,
  ask: () => Promise<unknown>,
): Promise<ApprovalAnswer<M>> {
  if (ctx.signal.aborted) return { kind: 'turnEnded', problem: `${method}: the turn ended before an answer` };
  let onAbort: (() => void) | undefined;
  const ended = new Promise<'ended'>((resolve) => {
    onAbort = () => resolve('ended');
    ctx.signal.addEventListener('abort', onAbort, { once: true });
  });
  let raw: unknown;
  try {
    const answer = await Promise.race([ask().then((value) => ({ value })), ended]);
    if (answer === 'ended') return { kind: 'turnEnded', problem: `${method}: the turn ended before an answer` };
    raw = answer.value;
  } catch (err) {
    return { kind: 'unavailable', problem: `${method}: ${(err as Error)?.message ?? String(err)}` };
  } finally {
    if (onAbort) ctx.signal.removeEventListener('abort', onAbort);
  }
  const parsed = parseServerReply(method, raw);
  if (parsed.ok) return { kind: 'answered', reply: parsed.result };
  // Transports already check replies; reaching here means a host let one through.
  ctx.host.notify('thread/warning', { threadId: ctx.threadId, message: `${parsed.problem}; declined` });
  return { kind: 'invalid', problem: parsed.problem };
}
