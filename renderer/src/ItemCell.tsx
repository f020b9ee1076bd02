import { memo } from 'react';
import type { FileUpdateChange, ThreadItem, TurnPlanStep } from '../../shared/protocol/types.js';
import { DiffView } from './DiffView.js';
import { relativePath } from './format.js';
import { MarkdownView } from './MarkdownView.js';
import { diffStats, parseUnifiedDiff } from './diff.js';
import { setDiffMode, useStore } from './store.js';

export const ItemCell = memo(function ItemCell({ item }: { item: ThreadItem }) {
  switch (item.type) {
    case 'userMessage':
      return (
        <div className="cell user" data-testid="user-message">
          {item.content.map((c, i) =>
            c.type === 'text' ? (
              <p key={i}>{c.text}</p>
            ) : c.type === 'image' ? (
              <img key={i} className="attachment" src={c.url.startsWith('data:') ? c.url : undefined} alt="attached image" />
            ) : (
              <p key={i}>[image {c.path}]</p>
            ),
          )}
        </div>
      );
    case 'agentMessage':
      return (
        <div className="cell agent markdown" data-testid="agent-message">
          <MarkdownView text={item.text} />
        </div>
      );
    case 'reasoning':
      if (!item.summary.length) return null;
      return (
        <details className="cell reasoning">
          <summary>Reasoning</summary>
          {item.summary.map((s, i) => (
            <p key={i}>{s}</p>
          ))}
        </details>
      );
    case 'commandExecution': {
      const status =
        item.status === 'inProgress' ? 'running' : item.status === 'declined' ? 'declined' : item.exitCode === null ? item.status : `exit ${item.exitCode}`;
      return (
        <div className={`cell command ${item.status}`} data-testid="command-cell" data-source={item.source ?? 'agent'}>
          <div className="cell-head">
            {item.source === 'userShell' && <span className="badge">you ran</span>}
            <code>$ {item.command}</code>
            <span className={`badge status-${item.status}`} data-testid="command-status">
              {status}
            </span>
          </div>
          {item.aggregatedOutput ? <pre className="output">{item.aggregatedOutput}</pre> : null}
          {item.reason && <div className="reason">{item.reason}</div>}
        </div>
      );
    }
    case 'fileChange':
      return (
        <div className={`cell filechange ${item.status}`} data-testid="file-change-cell">
          {item.changes.map((c) => (
            <FileChangeBlock key={c.path} change={c} status={item.status} />
          ))}
          {item.error && <div className="reason">{item.error}</div>}
        </div>
      );
    case 'mcpToolCall':
      return (
        <div className="cell command">
          <div className="cell-head">
            <code>
              {item.server}.{item.tool}
            </code>
            <span className="badge">{item.status}</span>
          </div>
        </div>
      );
    case 'plan':
      return <div className="cell plan-text">{item.text}</div>;
    case 'contextCompaction':
      return <div className="cell meta">Context compacted</div>;
    case 'imageView':
      return <div className="cell meta">Viewed image {item.path}</div>;
    case 'enteredReviewMode':
      return <div className="cell meta">Code review started: {item.review}</div>;
    case 'exitedReviewMode':
      return <div className="cell meta">Code review finished{item.outputProblem ? ` (${item.outputProblem})` : ''}</div>;
    case 'webSearch':
      // The hosted search the model ran: what it searched (or the page it opened).
      return (
        <div className="cell web-search" data-testid="web-search">
          <span className="meta">{item.query ? 'Searched the web' : 'Searching the web…'}</span> {item.query && <code>{item.query}</code>}
        </div>
      );
  }
});

function FileChangeBlock({ change, status }: { change: FileUpdateChange; status: string }) {
  const mode = useStore((s) => s.diffMode);
  const cwd = useStore((s) => (s.activeId ? s.views[s.activeId]?.cwd : null));
  const { added, removed } = diffStats(parseUnifiedDiff(change.diff));
  return (
    <div className="file-change">
      <div className="cell-head">
        <code data-testid="file-path" title={change.path}>
          {relativePath(change.path, cwd)}
        </code>
        <span className="diffstat">
          <span className="add">+{added}</span> <span className="del">-{removed}</span>
        </span>
        <span className="badge">{change.kind.type}</span>
        <span className={`badge status-${status}`}>{status}</span>
        <span className="toggle" role="group" aria-label="Diff view">
          <button className={mode === 'unified' ? 'link active' : 'link'} aria-pressed={mode === 'unified'} onClick={() => setDiffMode('unified')}>
            Unified
          </button>
          <button className={mode === 'split' ? 'link active' : 'link'} aria-pressed={mode === 'split'} onClick={() => setDiffMode('split')}>
            Split
          </button>
        </span>
      </div>
      <DiffView diff={change.diff} mode={mode} path={change.path} />
    </div>
  );
}

export function PlanChecklist({ plan, explanation }: { plan: TurnPlanStep[]; explanation?: string | null }) {
  const done = plan.filter((p) => p.status === 'completed').length;
  return (
    <section className="plan" aria-label="Plan">
      <div className="plan-head">
        <span>Plan</span>
        <span className="badge" data-testid="plan-progress">
          {done}/{plan.length} done
        </span>
      </div>
      {explanation && <div className="meta">{explanation}</div>}
      <ul>
        {plan.map((p, i) => (
          <li key={i} className={p.status}>
            <input type="checkbox" readOnly checked={p.status === 'completed'} aria-label={p.step} tabIndex={-1} />
            <span>{p.step}</span>
            {p.status === 'inProgress' && <span className="badge running">in progress</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
