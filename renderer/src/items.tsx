import type { ThreadItem, TurnPlanStep } from '../../main/protocol/types.js';

export function ItemCell({ item }: { item: ThreadItem }) {
  switch (item.type) {
    case 'userMessage':
      return (
        <div className="cell user" data-testid="user-message">
          {item.content.map((c, i) => (c.type === 'text' ? <p key={i}>{c.text}</p> : <p key={i}>[image]</p>))}
        </div>
      );
    case 'agentMessage':
      return (
        <div className="cell agent" data-testid="agent-message">
          {item.text}
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
        <div className={`cell command ${item.status}`} data-testid="command-cell">
          <div className="cell-head">
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
            <div key={c.path}>
              <div className="cell-head">
                <code>{c.path}</code>
                <span className="badge">{c.kind.type}</span>
                <span className={`badge status-${item.status}`}>{item.status}</span>
              </div>
              <pre className="diff">
                {c.diff.split('\n').map((line, i) => (
                  <span key={i} className={line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : undefined}>
                    {line + '\n'}
                  </span>
                ))}
              </pre>
            </div>
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
  }
}

export function PlanChecklist({ plan }: { plan: TurnPlanStep[] }) {
  return (
    <ul className="plan" aria-label="Plan">
      {plan.map((p, i) => (
        <li key={i} className={p.status}>
          <span className="check">{p.status === 'completed' ? '☑' : p.status === 'inProgress' ? '◐' : '☐'}</span> {p.step}
        </li>
      ))}
    </ul>
  );
}
