import type { ThreadItem, ThreadTokenUsage } from '../../main/protocol/types.js';
import { formatCwd, formatTokens } from './format.js';
import { ItemCell, PlanChecklist } from './items.js';
import { openSettings, useStore } from './store.js';
import { startupSummary } from './mcpServers.js';
import { VirtualList } from './VirtualList.js';
import { WorkspaceBar } from './WorktreeViews.js';

const keyOf = (item: ThreadItem) => item.id;
const render = (item: ThreadItem) => <ItemCell item={item} />;

export function ConversationView() {
  const view = useStore((s) => (s.activeId ? s.views[s.activeId] : undefined));
  const home = useStore((s) => s.homeDir);
  const mcp = useStore((s) => (s.activeId ? s.mcpStartup[s.activeId] : undefined));
  if (!view) return <div className="empty">Start a new thread or pick one from the list.</div>;
  return (
    <section className="conversation" aria-label="Conversation">
      <header className="conv-head">
        <span className="cwd" title={view.cwd} data-testid="conversation-cwd">
          {formatCwd(view.cwd, home)}
        </span>
        {view.environmentId !== 'local' && (
          <span className={`badge env-${view.environmentState}`} data-testid="environment" title="Where this thread's commands run">
            {view.environmentId} · {view.environmentState === 'unknown' ? 'not connected yet' : view.environmentState}
          </span>
        )}
        <WorkspaceBar threadId={view.id} />
        <McpBadge entries={mcp} />
        {view.model && <span className="badge">{view.model}</span>}
        {view.settings.effort && <span className="badge">{view.settings.effort}</span>}
        {view.tokenUsage && <TokenUsage usage={view.tokenUsage} />}
        {view.turnId && <span className="badge running">working…</span>}
      </header>
      {view.plan && view.plan.length > 0 && <PlanChecklist plan={view.plan} explanation={view.planExplanation} />}
      <VirtualList key={view.id} className="items" label="Messages" items={view.items} keyOf={keyOf} render={render} />
      {view.notice && <div className="notice">{view.notice}</div>}
    </section>
  );
}

/** The thread's MCP servers at a glance; opens Settings, where each is listed. */
function McpBadge({ entries }: { entries: Parameters<typeof startupSummary>[0] }) {
  const summary = startupSummary(entries);
  if (!summary) return null;
  return (
    <button type="button" className={`badge mcp${summary.failed ? ' failed' : ''}`} data-testid="mcp-badge" title={summary.title} onClick={() => void openSettings()}>
      {summary.text}
      {summary.failed ? ' · failed' : ''}
    </button>
  );
}

function TokenUsage({ usage }: { usage: ThreadTokenUsage }) {
  const window = usage.modelContextWindow;
  const left = window ? Math.max(0, Math.round(100 - (usage.last.inputTokens / window) * 100)) : null;
  const title = `input ${usage.total.inputTokens} (cached ${usage.total.cachedInputTokens}), output ${usage.total.outputTokens} (reasoning ${usage.total.reasoningOutputTokens})`;
  return (
    <span className="badge" data-testid="token-usage" title={title}>
      {formatTokens(usage.total.totalTokens)} tokens{left !== null ? ` · ${left}% context left` : ''}
    </span>
  );
}
