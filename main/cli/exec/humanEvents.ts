// Human-readable `codex exec` progress on stderr; the final message alone goes
// to stdout so `codex exec "…" > answer.txt` captures just the answer.
import type { ServerNotification } from '../../../shared/protocol/types.js';
import { stillRunningAtTurnEnd } from './jsonEvents.js';
import type { AgentThread } from '../../core/session/thread.js';
import { approvalPolicyName } from '../../core/approval/policy.js';
import { VERSION } from '../../core/version.js';

export interface Painter {
  dim(s: string): string;
  bold(s: string): string;
  red(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

export function painter(color: boolean): Painter {
  const wrap = (code: number) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  return { dim: wrap(2), bold: wrap(1), red: wrap(31), green: wrap(32), cyan: wrap(36), magenta: wrap(35) };
}

const MAX_OUTPUT_LINES = 20;

function clip(output: string): string {
  const lines = output.replace(/\n$/, '').split('\n');
  if (lines.length <= MAX_OUTPUT_LINES) return lines.join('\n');
  return [...lines.slice(0, MAX_OUTPUT_LINES), `… +${lines.length - MAX_OUTPUT_LINES} lines`].join('\n');
}

/** A unified diff with added lines green, removed red, hunk headers cyan; ends with a newline. */
function colorDiff(diff: string, p: Painter): string {
  if (!diff) return '';
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    lines
      .map((l) =>
        l.startsWith('+++') || l.startsWith('---')
          ? p.bold(l)
          : l.startsWith('+')
            ? p.green(l)
            : l.startsWith('-')
              ? p.red(l)
              : l.startsWith('@@')
                ? p.cyan(l)
                : l,
      )
      .join('\n') + '\n'
  );
}

export class HumanEventPrinter {
  /** Between enteredReviewMode and exitedReviewMode: the reviewer sub-agent is at work. */
  private reviewing = false;

  constructor(
    private readonly write: (s: string) => void,
    private readonly p: Painter,
  ) {}

  /** Codex's header before a run: version, folder, model, provider, approvals, sandbox and session. */
  sessionBanner(started: { cwd: string; model: string; modelProvider: string }, thread: AgentThread): void {
    const fields: [string, string][] = [
      ['OpenAI Codex', `v${VERSION} (Codex Desktop)`],
      ['workdir', started.cwd],
      ['model', started.model],
      ['provider', started.modelProvider],
      ['approval', approvalPolicyName(thread.config.approvalPolicy)],
      ['sandbox', thread.sandbox.mode],
      ['session id', thread.id],
    ];
    this.write(this.p.dim('--------') + '\n');
    for (const [k, v] of fields) this.write(`${this.p.bold(k + ':')} ${v}\n`);
    this.write(this.p.dim('--------') + '\n');
  }

  handle(n: ServerNotification): void {
    const p = this.p;
    switch (n.method) {
      case 'item/started': {
        const item = n.params.item;
        if (item.type === 'commandExecution') this.write(`${p.magenta('exec')}\n${p.bold(item.command)} in ${item.cwd}\n`);
        // A review shows what it reviews where a prompt would be, as Codex prints it.
        else if (item.type === 'enteredReviewMode') {
          this.write(`${p.cyan('user')}\n${item.review}\n`);
          this.reviewing = true;
        } else if (item.type === 'exitedReviewMode') this.reviewing = false;
        // The reviewer's request is its own conversation's message: Codex prints only the review's hint.
        else if (item.type === 'userMessage' && !this.reviewing)
          this.write(`${p.cyan('user')}\n${item.content.map((c) => (c.type === 'text' ? c.text : `[image ${'path' in c ? c.path : c.url}]`)).join('\n')}\n`);
        break;
      }
      case 'item/completed': {
        const item = n.params.item;
        if (item.type === 'commandExecution' && stillRunningAtTurnEnd(item)) {
          this.write(`${p.red('still running when the turn ended; stopped')}\n`);
        } else if (item.type === 'commandExecution') {
          const ok = item.status === 'completed';
          const head = ok
            ? p.green(`succeeded in ${item.durationMs ?? 0}ms:`)
            : p.red(
                `${item.status === 'declined' ? 'declined' : `exited ${item.exitCode ?? '?'}`}${item.durationMs !== null ? ` in ${item.durationMs}ms` : ''}:`,
              );
          this.write(`${head}\n${item.reason ? p.red(item.reason) + '\n' : ''}${item.aggregatedOutput ? p.dim(clip(item.aggregatedOutput)) + '\n' : ''}`);
        } else if (item.type === 'fileChange') {
          // As Codex prints it: the status, the paths, then the diff of each file.
          const status = item.status === 'completed' ? p.green(`patch: ${item.status}`) : p.red(`patch: ${item.status}`);
          const paths = item.changes.map((c) => (c.kind.type === 'update' && c.kind.move_path ? c.kind.move_path : c.path));
          const diffs = item.status === 'completed' ? item.changes.map((c) => colorDiff(c.diff, p)).join('') : '';
          this.write(`${p.magenta('apply patch')}\n${status}\n${paths.map((x) => x + '\n').join('')}${diffs}${item.error ? p.red(item.error) + '\n' : ''}`);
        } else if (item.type === 'reasoning' && item.summary.length) {
          this.write(`${p.magenta('thinking')}\n${p.dim(item.summary.join('\n'))}\n`);
        } else if (item.type === 'agentMessage') {
          this.write(`${p.magenta('codex')}\n${item.text}\n`);
        } else if (item.type === 'mcpToolCall') {
          this.write(`${p.magenta('tool')} ${item.server}.${item.tool} ${item.status}\n`);
        } else if (item.type === 'webSearch') {
          this.write(`${p.magenta('web search')} ${item.query}\n`);
        }
        break;
      }
      case 'turn/plan/updated':
        this.write(
          `${p.magenta('plan')}\n${n.params.plan.map((s) => `  ${s.status === 'completed' ? '✔' : s.status === 'inProgress' ? '→' : '□'} ${s.step}`).join('\n')}\n`,
        );
        break;
      case 'error':
        this.write(`${p.red(n.params.willRetry ? n.params.error.message : `ERROR: ${n.params.error.message}`)}\n`);
        break;
      case 'thread/warning':
        this.write(`${p.red('warning:')} ${n.params.message}\n`);
        break;
      case 'thread/tokenUsage/updated':
        break;
      case 'turn/completed': {
        const t = n.params.turn;
        if (t.status === 'interrupted') this.write(p.red('turn interrupted') + '\n');
        break;
      }
    }
  }

  tokens(total: number): void {
    this.write(`${this.p.magenta('tokens used')}\n${total.toLocaleString('en-US')}\n`);
  }
}
