// Runs what the user submitted: a slash command, or a prompt for a new turn.
import type { ReasoningEffort } from '../../shared/protocol/types.js';
import { contextLeftPercent } from './transcript.js';
import type { TuiSession } from './session.js';
import { parseSlash, SLASH_COMMANDS } from './slashCommands.js';

const EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'];

export interface SubmitContext {
  session: TuiSession;
  quit: () => void;
  /** Images attached to this prompt. */
  images?: string[];
}

export async function runSubmitted(text: string, ctx: SubmitContext): Promise<void> {
  const { session } = ctx;
  const slash = parseSlash(text);
  if (slash && 'unknown' in slash) {
    session.notice('error', [`Unrecognized command '/${slash.unknown}'. Available: ${SLASH_COMMANDS.map((c) => `/${c.name}`).join(', ')}`]);
    return;
  }
  if (!slash) {
    if (session.running()) {
      session.notice('warning', ['A turn is running: press Esc to interrupt it, then send again.']);
      return;
    }
    await session.send(text, ctx.images ?? []);
    return;
  }
  const [arg0, arg1] = slash.args;
  switch (slash.command.name) {
    case 'quit':
    case 'exit':
      ctx.quit();
      return;
    case 'new':
      if (session.running()) await session.interrupt();
      await session.newThread();
      session.notice('info', ['• New chat started.']);
      return;
    case 'model': {
      const s = session.state.settings;
      if (!arg0) {
        session.notice('info', [`• Model: ${s?.model ?? 'unknown'}${s?.effort ? ` (reasoning effort ${s.effort})` : ''}`, '  Change it with /model NAME [EFFORT], EFFORT one of: ' + EFFORTS.join(', ')]);
        return;
      }
      const effort = arg1 as ReasoningEffort | undefined;
      if (effort !== undefined && !EFFORTS.includes(effort)) {
        session.notice('error', [`Unknown reasoning effort '${arg1}': use one of ${EFFORTS.join(', ')}`]);
        return;
      }
      session.setModel(arg0, effort);
      session.notice('info', [`• Model changed to ${arg0}${effort ? ` ${effort}` : ''} for the next turns.`]);
      return;
    }
    case 'status': {
      const s = session.state.settings;
      const usage = session.state.transcript.tokenUsage;
      const left = contextLeftPercent(usage);
      session.notice('info', [
        '• Session status',
        `  Model:        ${s?.model ?? '-'}${s?.effort ? ` (reasoning ${s.effort})` : ''}`,
        `  Directory:    ${s?.cwd ?? '-'}`,
        `  Approval:     ${s?.approvalPolicy ?? '-'}`,
        `  Sandbox:      ${s?.sandbox ?? '-'}`,
        `  Session:      ${s?.threadId ?? '-'}`,
        `  Tokens used:  ${usage ? usage.total.totalTokens.toLocaleString('en-US') : 0}`,
        `  Context left: ${left ?? 100}%`,
      ]);
      return;
    }
  }
}
